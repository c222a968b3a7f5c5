print(type(coroutine.create(print)))
local main, ismain = coroutine.running()
print(type(main), ismain, coroutine.isyieldable())
print(coroutine.resume(main))
print(coroutine.status(main))
print(select("#", coroutine.running()))
-- yield inside metamethods, for iterators and tail calls
local mt = {__index = function(_, k) return coroutine.yield(k) end,
            __concat = function(a, b) return coroutine.yield("cat") end,
            __lt = function() return coroutine.yield("lt") end}
local o = setmetatable({}, mt)
local co = coroutine.wrap(function()
  local s = "a" .. o .. "b" .. "c"
  local r = o.key
  local less = o < o
  return s, r, less
end)
print(co())
print(co("X"))
print(co("Y"))
print(co(false))
local tail = coroutine.wrap(function() return coroutine.yield("tail") end)
print(tail(), tail("back"))
