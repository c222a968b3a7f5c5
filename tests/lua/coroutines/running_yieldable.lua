-- coroutine.running and coroutine.isyieldable.
local main, ismain = coroutine.running()
print("main", type(main), ismain)
print("main yieldable", coroutine.isyieldable())
print("main status", coroutine.status(main))

local co
co = coroutine.create(function()
  local me, ismain2 = coroutine.running()
  print("inside is co", me == co, ismain2)
  print("inside yieldable", coroutine.isyieldable())
  print("inside status", coroutine.status(me))
  print("main status from inside", coroutine.status(main))
  print("yieldable in pcall", select(2, pcall(coroutine.isyieldable)))
  print("yieldable in metamethod", setmetatable({}, {__index = function() return coroutine.isyieldable() end}).x)
  print("isyieldable(main)", coroutine.isyieldable(main))
  print("isyieldable(co)", coroutine.isyieldable(co))
end)
coroutine.resume(co)

-- yielding from the main thread is an error
print(pcall(coroutine.yield, 1))
print(pcall(function() coroutine.yield() end))

-- running returns the same object each time
print("same", coroutine.running() == main)

-- coroutine.wrap: running returns the underlying coroutine
local w = coroutine.wrap(function() return type(coroutine.running()), select(2, coroutine.running()) end)
print("in wrap", w())
