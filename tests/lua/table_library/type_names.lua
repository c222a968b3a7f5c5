-- Type errors name a value by its metatable's __name, as luaL_typeerror does.

local named = setmetatable({}, {__name = "MyType"})
print("sort comparator", pcall(function() table.sort({2, 1}, named) end))
print("concat sep", pcall(function() return table.concat({1, 2}, named) end))
print("non-string __name", pcall(function()
  table.sort({2, 1}, setmetatable({}, {__name = 42}))
end))

-- strings have a metatable: give it a __name, then a __len and __newindex
local smt = getmetatable("")
smt.__name = "StringType"
print("insert string", pcall(function() table.insert("abc", 1) end))
print("concat string", pcall(function() return table.concat("abc") end))
print("move to string", pcall(function() return table.move({1}, 1, 1, 1, "abc") end))
smt.__len = function(s) return 2 end
print("concat string with __len", pcall(function() return table.concat("abc") end))
print("unpack string with __len", table.unpack("abc"))
print("insert string with __len", pcall(function() table.insert("abc", 1) end))
smt.__newindex = function(s, k, v) print("  newindex", s, k, v) end
print("insert string with __newindex", pcall(function() table.insert("abc", "x") end))
print("remove string", pcall(function() return table.remove("abc") end))
print("sort string", pcall(function() return table.sort("abc") end))
smt.__name, smt.__len, smt.__newindex = nil, nil, nil
print("restored", pcall(function() table.insert("abc", 1) end))
