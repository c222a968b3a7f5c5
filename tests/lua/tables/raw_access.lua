-- rawget/rawset/rawlen/rawequal bypass metamethods.
local log = {}
local mt = {
  __index = function(t, k) log[#log + 1] = "index " .. tostring(k) return "dflt" end,
  __newindex = function(t, k, v) log[#log + 1] = "newindex " .. tostring(k) end,
  __len = function() return 99 end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)

print("t.a", t.a)
print("rawget a", rawget(t, "a"))
t.b = 1
print("rawget b", rawget(t, "b"))
rawset(t, "b", 2)
print("after rawset", t.b, rawget(t, "b"))
t.b = 3                         -- existing key: no __newindex
print("existing", t.b)
print("#t", #t, "rawlen", rawlen(t))
rawset(t, 1, "x")
print("rawlen 1", rawlen(t), #t)
local u = setmetatable({}, mt)
print("eq", t == u, rawequal(t, u), rawequal(t, t))
print("rawset returns table", rawset(t, "c", 1) == t)
print("log", table.concat(log, "; "))

-- argument errors
print(pcall(function() return rawget(1, 2) end))
print(pcall(function() return rawset("s", 1, 2) end))
print(pcall(function() return rawlen(5) end))
print(pcall(function() return rawequal(1) end))
