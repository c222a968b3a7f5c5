-- Traversal with next/pairs/ipairs. Hash order is unspecified, so keys are
-- sorted before printing.
local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  for i = 2, #ks do
    local v, j = ks[i], i - 1
    while j >= 1 and tostring(ks[j]) > tostring(v) do
      ks[j + 1] = ks[j]
      j = j - 1
    end
    ks[j + 1] = v
  end
  return ks
end

local t = {10, 20, 30, x = "a", y = "b", [100] = "h"}
local ks = sorted_keys(t)
local out = {}
for _, k in ipairs(ks) do out[#out + 1] = tostring(k) .. "=" .. tostring(t[k]) end
print("pairs", table.concat(out, " "))

-- ipairs stops at the first nil
local holes = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(holes) do n = n + 1 end
print("ipairs count", n)

-- next on an empty table, next returning the first key
print("next empty", next({}))
local one = {"only"}
print("next one", next(one))
print("next after", next(one, 1))

-- pairs returns next, the table and nil
local f, s, c = pairs(t)
print("pairs triple", f == next, s == t, c)
local g, s2, c2 = ipairs(t)
print("ipairs triple", type(g), s2 == t, c2)

-- clearing fields during traversal is allowed
local clr = {a = 1, b = 2, c = 3, d = 4}
for k in pairs(clr) do clr[k] = nil end
print("cleared", next(clr))

-- counting entries of a mixed table
local cnt = 0
for _ in pairs({1, 2, 3, a = 1, b = 2, [1.5] = 3}) do cnt = cnt + 1 end
print("count", cnt)

-- ipairs over a long array
local sum = 0
local long = {}
for i = 1, 1000 do long[i] = i end
for _, v in ipairs(long) do sum = sum + v end
print("sum", sum)

-- invalid key to next
print(pcall(next, {}, "nokey"))
