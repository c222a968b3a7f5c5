-- The small part of the table library that tests may use: insert, concat,
-- unpack; including their error messages.
local t = {}
table.insert(t, "a")
table.insert(t, "c")
table.insert(t, 2, "b")
table.insert(t, 1, "z")
table.insert(t, #t + 1, "end")
print("insert", table.concat(t, ","), #t)

print("concat sep", table.concat({1, 2, 3}, ", "))
print("concat range", table.concat({1, 2, 3, 4, 5}, "-", 2, 4))
print("concat empty range", "[" .. table.concat({1, 2}, "-", 3, 2) .. "]")
print("concat numbers", table.concat({1, 2.5, "x"}))
print("concat empty", "[" .. table.concat({}) .. "]")

print("unpack", table.unpack({1, 2, 3}))
print("unpack range", table.unpack({1, 2, 3, 4, 5}, 2, 4))
print("unpack beyond", table.unpack({1, 2}, 1, 4))
print("unpack empty range", select("#", table.unpack({1, 2}, 3, 2)))
print("unpack from 3", table.unpack({1, 2, 3, 4}, 3))
print("unpack negative", table.unpack({[-1] = "m", [0] = "z", "a"}, -1, 1))
print("unpack count", select("#", table.unpack({}, 1, 100)))

-- errors, raised from Lua code so names are unqualified
print(pcall(function() table.insert(nil, 1) end))
print(pcall(function() table.insert({}, 1, 2, 3) end))
print(pcall(function() table.insert({}, 5, "x") end))
print(pcall(function() table.insert({}) end))
print(pcall(function() return table.concat({1, {}, 3}) end))
print(pcall(function() return table.concat({1, nil, 3}, ",", 1, 3) end))
print(pcall(function() return table.unpack({}, 1, 1e8) end))
print(pcall(function() local t = nil; table.insert(t, 1) end))
