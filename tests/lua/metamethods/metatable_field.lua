-- __metatable protects a metatable from getmetatable/setmetatable.
local t = setmetatable({}, {__metatable = "locked"})
print("getmetatable", getmetatable(t))
print(pcall(setmetatable, t, {}))
print(pcall(function() setmetatable(t, nil) end))

-- __metatable can be any value, including false
local f = setmetatable({}, {__metatable = false})
print("false", getmetatable(f))

-- without __metatable, getmetatable returns the metatable itself
local mt = {}
local u = setmetatable({}, mt)
print("plain", getmetatable(u) == mt)

-- setmetatable returns its first argument and accepts nil to remove
print("returns", setmetatable(u, nil) == u, getmetatable(u))

-- argument checks
print(pcall(function() setmetatable({}, 1) end))
print(pcall(function() setmetatable(1, {}) end))
print(pcall(function() setmetatable({}) end))
print("getmetatable of nil", getmetatable(nil))
print("string metatable protected?", type(getmetatable("")))
