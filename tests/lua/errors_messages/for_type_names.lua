-- 'for' errors name a value's type by its metatable's __name, as lua5.4's luaT_objtypename
local obj = setmetatable({}, {__name = "Thing"})
print(pcall(function() for i = obj, 10 do end end))
print(pcall(function() for i = 1, obj do end end))
print(pcall(function() for i = 1, 10, obj do end end))
print(pcall(function() for i = {}, 10 do end end))
print(pcall(function() for i = 1, "x" do end end))
