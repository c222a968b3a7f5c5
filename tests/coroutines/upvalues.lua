local shared = 0
local get, set
local co = coroutine.create(function()
  local inside = "initial"
  get = function() return inside end
  set = function(v) inside = v end
  shared = shared + 1
  coroutine.yield()
  shared = shared + 10
  coroutine.yield(inside)
  return inside
end)
coroutine.resume(co)
print("shared", shared)
print("get from main", get())
set("changed by main")
print("get after set", get())
print(coroutine.resume(co))
print("shared", shared)
set("again")
print(coroutine.resume(co))
print("after death", get())
set("closed cell")
print(get())
-- main-thread locals captured by a coroutine
local counter = 0
local bump = coroutine.wrap(function()
  while true do counter = counter + 1; coroutine.yield(counter) end
end)
bump(); bump()
counter = counter + 100
print("counter", bump(), counter)
