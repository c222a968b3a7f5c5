-- debug.getmetatable / setmetatable on every type, getregistry
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t), type(debug.getmetatable(t)))
print(debug.getmetatable("x").__index == string)
print(debug.getmetatable(1), debug.getmetatable(nil), debug.getmetatable(print))

debug.setmetatable(10, {__index = function(n, k) return k .. n end,
                        __call = function(n, x) return n * x end})
print((5).foo, (2.5).bar)
print((3)(4))
debug.setmetatable(1, nil)
print(pcall(function() return (5).foo end))

debug.setmetatable(nil, {__index = function() return "nil field" end})
local n = nil
print(n.anything)
debug.setmetatable(nil, nil)
print(pcall(function() local m = nil; return m.x end))

debug.setmetatable(true, {__tostring = function(b) return b and "YES" or "NO" end})
print(tostring(true), tostring(false))
debug.setmetatable(true, nil)
print(tostring(true))

local f = function() end
debug.setmetatable(f, {__index = {kind = "function"}})
print(f.kind, print.kind)
debug.setmetatable(f, nil)

print(debug.setmetatable(t, nil) == t, getmetatable(t))
print(pcall(debug.setmetatable, {}, 1))
print(pcall(debug.getmetatable))
print(type(debug.getregistry()), debug.getregistry() == debug.getregistry())
print(debug.gethook())
