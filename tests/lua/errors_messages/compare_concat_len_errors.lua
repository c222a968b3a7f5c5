-- Messages for comparisons, concatenation and length.
local function try(label, f)
  print(label, select(2, pcall(f)))
end
local up = {}

try("number < nil", function() local x return 1 < x end)
try("nil <= number", function() local x return x <= 1 end)
try("string > number", function() return "a" > 1 end)
try("table >= table", function() return {} >= {} end)
try("function < function", function() return print < try end)
try("boolean < number", function() return true < 1 end)
try("thread < thread", function() local c = coroutine.create(print) return c < c end)

try("concat nil local", function() local x return "a" .. x end)
try("concat nil field", function() local t = {} return t.name .. "" end)
try("concat table upvalue", function() return up .. "" end)
try("concat global", function() return "x" .. undefined_global end)
try("concat boolean", function() local b = false return b .. "x" end)
try("concat three", function() local a, b = "a", nil return a .. b .. "c" end)

try("len nil", function() local x return #x end)
try("len number", function() return #5 end)
try("len boolean field", function() local t = {b = true} return #t.b end)
try("len upvalue", function() local n = 1 return (function() return #n end)() end)
try("len global", function() return #undefined_global end)
