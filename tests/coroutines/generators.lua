local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
    return "done"
  end)
end
local g = gen(3)
print(g(), g(), g(), g())
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c, d = coroutine.yield(a + b)
  print("got", c, d)
  local e = coroutine.yield(c * d)
  return e, "end"
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, "last"))
print(coroutine.status(co), coroutine.resume(co))
