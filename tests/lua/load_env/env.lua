-- Globals live in the _ENV table; load accepts a custom environment.
local env = {print = print, x = "env x"}
local f = load("y = 10 return x", "=chunk", "t", env)
print("custom env", f())
print("global set in env", env.y, y)

-- a local _ENV changes what global names mean
do
  local _ENV = {tostring = tostring, print = print}
  z = 5
  print("local _ENV", z, tostring(_ENV.z))
end
print("outside", z)

-- functions capture _ENV as an upvalue
local function make(e)
  local _ENV = e
  return function() return value end
end
print("captured", make({value = "A"})(), make({value = "B"})())

-- _ENV can have a metatable
local logged = {}
local proxy = setmetatable({}, {
  __index = function(_, k) logged[#logged + 1] = "get " .. k return _G[k] end,
  __newindex = function(t, k, v) logged[#logged + 1] = "set " .. k rawset(t, k, v) end,
})
-- the second assignment finds 'a' present and does not call __newindex
local h = load("a = 1; a = 2; return type(a)", "=proxy", "t", proxy)
print("proxy", h())
print("log", table.concat(logged, ", "))

-- _G is the original global table
print("_G", _G._G == _G, _G.print == print, _ENV == _G)
gval = "in _G"
print("via _G", _G.gval, _ENV.gval)

-- accessing globals with a nil _ENV fails with a clear message
print(pcall(load("return undefined_name", "=nilenv", "t", nil)))
local nilenv = load("local _ENV = nil; return q", "=localnil")
print(pcall(nilenv))
