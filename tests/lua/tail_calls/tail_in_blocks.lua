-- Tail calls from inside nested blocks, loops and conditionals still run in
-- constant stack; functions with captured locals also tail call correctly.
local function walk(n)
  if n > 0 then
    do
      local k = n
      while true do
        return walk(k - 1)
      end
    end
  end
  return "bottom"
end
print("walk", walk(1000000))

-- locals captured by closures are closed before the tail call
local saved = {}
local function capture(n)
  local v = n
  if n % 250000 == 0 then saved[#saved + 1] = function() return v end end
  if n == 0 then return "captured" end
  return capture(n - 1)
end
print("capture", capture(1000000))
local vals = {}
for i, f in ipairs(saved) do vals[i] = f() end
print("closures", table.concat(vals, ","))

-- and/or expressions are not tail calls but still correct
local function f(n) if n == 0 then return nil end return f(n - 1) or "or-value" end
print("or", f(10))

-- a tail call in a for loop body exits the loop
local function first_even(t, i)
  for j = i, #t do
    if t[j] % 2 == 0 then return t[j] end
    return first_even(t, j + 1)
  end
  return nil
end
print("first even", first_even({1, 3, 5, 8, 9}, 1))
