local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err) log[#log + 1] = name .. ":" .. tostring(err) end})
end
local co = coroutine.create(function()
  local a <close> = closer("a")
  do
    local b <close> = closer("b")
    coroutine.yield(1)
  end
  coroutine.yield(2)
end)
print(coroutine.resume(co))
print(coroutine.close(co), table.concat(log, " "), coroutine.status(co))
log = {}
local co2 = coroutine.create(function()
  local c <close> = closer("c")
  coroutine.yield()
  error("fail", 0)
end)
coroutine.resume(co2)
print(coroutine.resume(co2))
print(table.concat(log, " "))
print(coroutine.close(co2))
print(table.concat(log, " "))
print(coroutine.close(co2))
