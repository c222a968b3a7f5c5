-- __index: tables, functions, chains, and only for absent keys.
local base = {greet = "hello", shared = "base"}
local mid = setmetatable({shared = "mid"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print("chain", top.greet, top.shared, top.missing)

-- present keys never consult __index, even if the value is false
local f = setmetatable({x = false}, {__index = function() return "default" end})
print("false present", f.x, f.y)

-- __index function receives the original table and key
local calls = {}
local dyn = setmetatable({}, {__index = function(t, k)
  calls[#calls + 1] = tostring(k)
  return k .. "!"
end})
print("function", dyn.abc, dyn[1], dyn.abc)
print("calls", table.concat(calls, ","))

-- __index function result is truncated to one value
local multi = setmetatable({}, {__index = function() return 1, 2 end})
print("one value", multi.k)

-- rawget bypasses __index
print("rawget", rawget(top, "greet"))

-- __index on a table whose metatable changes later
local obj = {}
setmetatable(obj, {__index = {v = "first"}})
print("first mt", obj.v)
setmetatable(obj, {__index = {v = "second"}})
print("second mt", obj.v)
setmetatable(obj, nil)
print("removed", obj.v)

-- __index through a function that itself indexes another proxy
local inner = setmetatable({}, {__index = function(_, k) return "inner:" .. k end})
local outer = setmetatable({}, {__index = function(_, k) return inner[k] end})
print("nested function", outer.key)

-- integer keys and __index (a float key reaches __index as a float)
local arr = setmetatable({10, 20}, {__index = function(_, i) return i * 100 end})
print("array", arr[1], arr[2], arr[3], arr[2.0], arr[4.0])

-- __index on strings via the string metatable is covered in strings_concat/
-- a long but finite chain (50 levels) works
local t = {value = "bottom"}
for i = 1, 50 do t = setmetatable({}, {__index = t}) end
print("50 levels", t.value)
