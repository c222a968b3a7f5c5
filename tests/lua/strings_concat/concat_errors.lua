-- Errors from '..' name the offending variable when it is known.
local function id(x) return x end
local function try(label, f)
  print(label, pcall(f))
end
gnil = nil
local up = {}

try("local table", function() local t = {} return "a" .. t end)
try("local nil left", function() local v return v .. "a" end)
try("global", function() return "a" .. gnil end)
try("field", function() local t = {} return t.name .. "!" end)
try("upvalue", function() return "a" .. up end)
try("call result", function() return "a" .. id({}) end)
try("boolean const", function() return "a" .. true end)
try("middle of chain", function() local t = {} return "a" .. "b" .. t .. "c" end)
try("function", function() return "f=" .. print end)
try("number ok, table bad", function() local t = {} return 1 .. t end)
try("both bad", function() local t, u = {}, {} return t .. u end)
try("indexed", function() local t = {{}} return "x" .. t[1] end)
try("method-like", function() local s = {} return s.x .. s.y end)
