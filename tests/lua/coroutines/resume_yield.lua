-- Values pass both ways between resume and yield.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c, d = coroutine.yield(a + b, "first yield")
  print("got", c, d)
  local e = coroutine.yield()
  print("got", e)
  return "done", e * 2
end)
print("resume 1", coroutine.resume(co, 1, 2))
print("resume 2", coroutine.resume(co, "x", "y"))
print("resume 3", coroutine.resume(co, 21))
print("resume 4", coroutine.resume(co))

-- yield with many values, resume with many values
local echo = coroutine.create(function(...)
  local args = {...}
  while true do
    args = {coroutine.yield(table.unpack(args))}
    if #args == 0 then return "no args" end
  end
end)
print("echo", coroutine.resume(echo, 1, 2, 3))
print("echo", coroutine.resume(echo, "a"))
print("echo nils", select("#", coroutine.resume(echo, nil, nil)))
print("echo end", coroutine.resume(echo))

-- extra resume arguments are dropped when the function takes fewer
local few = coroutine.create(function(a) return a end)
print("few", coroutine.resume(few, 1, 2, 3))

-- yield returns all resume arguments, even nils
local counter = coroutine.create(function()
  local n = select("#", coroutine.yield())
  return n
end)
coroutine.resume(counter)
print("resume nils count", coroutine.resume(counter, nil, nil, nil))

-- a coroutine that finishes without yielding
local quick = coroutine.create(function() return 1, 2 end)
print("quick", coroutine.resume(quick))
