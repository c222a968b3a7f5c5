-- Closure-based iterators used with generic for.
local function range(n, step)
  local i = 0
  step = step or 1
  return function()
    i = i + step
    if i <= n then return i end
  end
end
local r = {}
for v in range(10, 3) do r[#r + 1] = v end
print("range", table.concat(r, " "))

local function chars(s)
  local i = 0
  return function()
    i = i + 1
    if i <= #s then return i, string.sub(s, i, i) end
  end
end
for i, c in chars("abc") do print("char", i, c) end

-- memoization through an upvalue table
local calls = 0
local function memo(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n) cache[n] = v end
    return v
  end
end
local slow_sq = memo(function(n) calls = calls + 1 return n * n end)
print("memo", slow_sq(4), slow_sq(4), slow_sq(5), calls)

-- memoized recursive fibonacci referencing itself through an upvalue
local fib
fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print("fib 80", fib(80))

-- function composition
local function compose(...)
  local fs = {...}
  return function(x)
    for i = #fs, 1, -1 do x = fs[i](x) end
    return x
  end
end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print("compose", compose(inc, dbl)(5), compose(dbl, inc)(5), compose()(7))
