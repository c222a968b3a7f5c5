-- __lt and __le: results converted to booleans, operand order for > and >=,
-- mixed operand types.
local log = {}
local mt = {
  __lt = function(a, b)
    log[#log + 1] = "lt"
    local x = type(a) == "table" and a.v or a
    local y = type(b) == "table" and b.v or b
    return x < y
  end,
  __le = function(a, b)
    log[#log + 1] = "le"
    local x = type(a) == "table" and a.v or a
    local y = type(b) == "table" and b.v or b
    return x <= y
  end,
}
local function V(v) return setmetatable({v = v}, mt) end
local one, two = V(1), V(2)

print("1 < 2", one < two)
print("2 < 1", two < one)
print("1 <= 1", one <= V(1))
print("2 > 1", two > one)      -- evaluated as 1 < 2
print("1 >= 2", one >= two)    -- evaluated as 2 <= 1
print("table < number", one < 5)
print("number < table", 0 < one)
print("number >= table", 3 >= two)
print("log", table.concat(log, ","))

-- results are converted to booleans
local weird = setmetatable({}, {__lt = function() return "yes" end, __le = function() return nil end})
print("converted", weird < weird, weird <= weird, weird > weird, weird >= weird)

-- 'not' of a comparison
print("not", not (one < two))

-- missing metamethod errors
local nolt = setmetatable({}, {})
print(pcall(function() return nolt < nolt end))
print(pcall(function() return nolt < 1 end))
print(pcall(function() return "a" <= nolt end))

-- sorting objects with __lt (insertion sort)
local items = {V(5), V(3), V(9), V(1)}
for i = 2, #items do
  local x, j = items[i], i - 1
  while j >= 1 and x < items[j] do items[j + 1] = items[j]; j = j - 1 end
  items[j + 1] = x
end
local out = {}
for i, it in ipairs(items) do out[i] = it.v end
print("sorted", table.concat(out, " "))
