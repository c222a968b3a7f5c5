local co = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("in pcall")
    if x == "boom" then error("exploded", 0) end
    return x
  end)
  coroutine.yield(ok, v)
  local ok2, e2 = xpcall(function()
    local y = coroutine.yield("in xpcall")
    error({code = y})
  end, function(err) return "handled " .. err.code end)
  return ok2, e2
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "boom"))
print(coroutine.resume(co))
print(coroutine.resume(co, 7))
print(coroutine.status(co))
-- yield across a native that is not pcall
local bad2 = coroutine.create(function()
  return tostring(setmetatable({}, {__tostring = function() coroutine.yield() return "x" end}))
end)
print(coroutine.resume(bad2))
print(pcall(coroutine.yield, 1))
