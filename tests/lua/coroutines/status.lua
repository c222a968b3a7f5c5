-- Status transitions: suspended -> running -> (normal) -> suspended -> dead.
local main_co
local inner
local outer = coroutine.create(function()
  print("in outer, outer is", coroutine.status(main_co))
  coroutine.resume(inner)
  coroutine.yield()
  print("outer resumed again")
end)
main_co = outer
inner = coroutine.create(function()
  print("in inner, outer is", coroutine.status(outer))
  print("in inner, inner is", coroutine.status(inner))
end)

print("created", coroutine.status(outer))
coroutine.resume(outer)
print("after yield", coroutine.status(outer))
print("inner finished", coroutine.status(inner))
coroutine.resume(outer)
print("after return", coroutine.status(outer))

-- a coroutine that errors is dead
local bad = coroutine.create(function() error("fail", 0) end)
print("bad resume", coroutine.resume(bad))
print("bad status", coroutine.status(bad))

-- resuming dead or running coroutines
print("resume dead", coroutine.resume(outer))
print("resume dead again", coroutine.resume(bad))
local self_resume = coroutine.create(function()
  return coroutine.resume(coroutine.running())
end)
print("resume running", coroutine.resume(self_resume))
local parent
parent = coroutine.create(function()
  local child = coroutine.create(function() return coroutine.resume(parent) end)
  return coroutine.resume(child)
end)
print("resume normal", coroutine.resume(parent))

-- type of a coroutine
print("type", type(outer))
