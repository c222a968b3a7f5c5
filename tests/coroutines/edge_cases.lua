-- pcall as a coroutine body
local co = coroutine.create(pcall)
print(coroutine.resume(co, function() local t = nil; return t.x end))
local co2 = coroutine.create(pcall)
print(coroutine.resume(co2, function(a) local b = coroutine.yield(a + 1) return b * 2 end, 1))
print(coroutine.resume(co2, 21))
local co3 = coroutine.create(coroutine.yield)
print(coroutine.resume(co3, 1, 2))
print(coroutine.resume(co3, 3))
print(coroutine.status(co3))
-- long resume chains
local function chain(n)
  local cos = {}
  for i = 1, n do
    cos[i] = coroutine.create(function()
      coroutine.yield()
      if cos[i + 1] then
        local ok, v = coroutine.resume(cos[i + 1])
        if ok then return v end
        return "failed at " .. i .. ": " .. tostring(v)
      end
      return "end"
    end)
    coroutine.resume(cos[i])
  end
  return coroutine.resume(cos[1])
end
print(chain(150))
print(chain(250))
-- multi-operand concat with yields
local m = setmetatable({}, {__concat = function(a, b)
  local ta, tb = type(a) == "table" and "T" or a, type(b) == "table" and "T" or b
  return coroutine.yield(ta .. "+" .. tb)
end})
local w = coroutine.wrap(function() return "a" .. m .. "b" .. m .. "c" end)
print(w()); print(w("R1")); print(w("R2"))
-- yield inside __close during return, with multiple results
local w2 = coroutine.wrap(function(...)
  local x <close> = setmetatable({}, {__close = function() coroutine.yield("closing") end})
  return ...
end)
print(w2(1, 2, 3)); print(w2())
-- for loop break with close yield
local w3 = coroutine.wrap(function()
  for i = 1, 3 do
    local c <close> = setmetatable({}, {__close = function() coroutine.yield("close " .. i) end})
    if i == 2 then break end
  end
  return "after loop"
end)
print(w3(), w3(), w3())
