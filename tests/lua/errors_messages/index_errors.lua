-- "attempt to index" messages with variable information.
local function try(label, f)
  print(label, select(2, pcall(f)))
end
local function id(x) return x end
local up = nil
local upt = {}
gtab = {}

try("global", function() return undefined_var.x end)
try("global assign", function() undefined_var.x = 1 end)
try("local", function() local t return t.x end)
try("local assign", function() local t = false t.x = 1 end)
try("field", function() local t = {} return t.a.b end)
try("field assign", function() local t = {} t.a.b = 1 end)
try("global field", function() return gtab.a.b end)
try("upvalue", function() return up.x end)
try("upvalue field", function() return upt.a.b end)
try("integer index", function() local t = {} return t[1].x end)
try("integer index assign", function() local t = {} t[1][2] = 3 end)
try("string key var", function() local t, k = {}, "key" return t[k].x end)
try("number key var", function() local t, k = {}, 1000 return t[k].x end)
try("call result", function() return id(nil).x end)
try("method receiver", function() local s return s:m() end)
try("number", function() local n = 1 return n.x end)
try("boolean", function() return id(true).x end)
try("string field of string", function() local s = "str" return s.x.y end)
try("function", function() return print.x end)
try("parenthesized", function() local t return (t).x end)
try("nested constructor", function() return ({}).a.b end)
try("long chain", function() local a = {b = {c = {}}} return a.b.c.d.e end)
try("index with nil key", function() local t = {} return t[nil].x end)
try("vararg", function(...) return (...).x end)
try("constant nil", function() local c <const> = nil return c.y end)
