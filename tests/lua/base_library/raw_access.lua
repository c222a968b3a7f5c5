-- rawequal, rawlen, rawget, rawset and their argument errors.
local function try(label, f) print(label, pcall(f)) end

local mt = {
  __eq = function() return true end,
  __len = function() return 99 end,
  __index = function() return "meta" end,
  __newindex = function() error("no newindex") end,
}
local a, b = setmetatable({1, 2, 3}, mt), setmetatable({}, mt)
print("eq", a == b, rawequal(a, b), rawequal(a, a), rawequal(1, 1.0), rawequal("x", "x"))
print("len", #a, rawlen(a), rawlen("hello"), rawlen(""), rawlen({n = 1}))
print("get", a.missing, rawget(a, "missing"), rawget(a, 1), rawget(a, 1.0))
print("set returns table", rawset(a, "k", "v") == a, rawget(a, "k"))
rawset(a, 1, nil)
print("set nil", rawget(a, 1))
print("get nil key", rawget({}, nil), rawget({}, 0/0))

try("rawequal one", function() return rawequal(1) end)
try("rawequal none", function() return rawequal() end)
try("rawlen number", function() return rawlen(5) end)
try("rawlen none", function() return rawlen() end)
try("rawlen nil", function() return rawlen(nil) end)
try("rawget string", function() return rawget("x", 1) end)
try("rawget no key", function() return rawget({}) end)
try("rawset no value", function() return rawset({}, 1) end)
try("rawset nil key", function() return rawset({}, nil, 1) end)
try("rawset nan key", function() return rawset({}, 0/0, 1) end)
try("rawset number", function() return rawset(1, 1, 1) end)
