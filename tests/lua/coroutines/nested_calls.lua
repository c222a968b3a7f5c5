-- Yielding from deep inside nested Lua calls, metamethods and iterators.
local function deep(n)
  if n == 0 then
    local v = coroutine.yield("bottom")
    return v
  end
  return 1 + deep(n - 1)
end
local co = coroutine.create(function() return deep(100) end)
print(coroutine.resume(co))
print(coroutine.resume(co, 0))

-- yield inside a metamethod
local mt = {
  __index = function(_, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __len = function(a) return coroutine.yield("len") end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k) end,
}
local obj = setmetatable({}, mt)
local other = setmetatable({}, mt)
local mco = coroutine.wrap(function()
  local r = {}
  r[#r + 1] = obj.field
  r[#r + 1] = obj + 1
  r[#r + 1] = tostring(obj < other)
  r[#r + 1] = obj .. "s"
  r[#r + 1] = tostring(obj == other)
  r[#r + 1] = #obj
  r[#r + 1] = obj("arg")
  obj.newkey = 1
  return table.concat(r, ",")
end)
print(mco())
print(mco("v1"))
print(mco("v2"))
print(mco(true))
print(mco("v4"))
print(mco(false))
print(mco(7))
print(mco("v7"))
print(mco())

-- yield inside a generic-for iterator
local it = coroutine.wrap(function()
  local sum = 0
  for v in function() return coroutine.yield("need value") end do
    sum = sum + v
  end
  return "sum " .. sum
end)
print(it(), it(10), it(20), it(nil))
