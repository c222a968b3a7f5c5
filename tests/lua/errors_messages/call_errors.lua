-- "attempt to call" messages with variable information.
local function try(label, f)
  print(label, select(2, pcall(f)))
end
local up
local upt = {}
gt = {}

try("global", function() undefined_func() end)
try("global number", function() gnum = 1 gnum() end)
try("local", function() local f f() end)
try("local table", function() local f = {} f() end)
try("field", function() local t = {} t.go() end)
try("global field", function() gt.go() end)
try("nested field", function() gt.sub = {} gt.sub.go() end)
try("method", function() local o = {} o:go() end)
try("method on global", function() gt:go() end)
try("upvalue", function() up() end)
try("upvalue field", function() upt.f() end)
try("integer index", function() local t = {} t[1]() end)
try("string constant", function() ("str")() end)
try("call result", function() local function r() end r()() end)
try("number literal", function() local x = 5 x(1, 2) end)
try("boolean", function() local b = true b() end)
try("in expression", function() local f return 1 + f() end)
try("in argument", function() print(undefined_func2()) end)
try("return tail", function() local g return g() end)
try("string method missing", function() local s = "abc" return s:nomethod() end)
try("pcall of nil", function() return pcall(nil) end)
print("pcall direct", pcall(nil))
print("pcall number", pcall(42))
