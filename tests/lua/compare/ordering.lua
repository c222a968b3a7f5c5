-- Order comparisons: numbers with numbers, strings with strings; every other
-- combination is an error (without metamethods).
local function id(x) return x end
local function try(label, f)
  print(label, pcall(f))
end

try("1 < 2", function() return id(1) < id(2) end)
try("2 <= 2.0", function() return id(2) <= id(2.0) end)
try("-0.0 < 0", function() return id(-0.0) < id(0) end)
try("a > b", function() return id("a") > id("b") end)
try("1 < nil", function() return id(1) < id(nil) end)
try("nil < 1", function() return id(nil) < id(1) end)
try("1 < '2'", function() return id(1) < id("2") end)
try("'2' >= 1", function() return id("2") >= id(1) end)
try("{} < {}", function() return {} < {} end)
try("{} <= 1", function() return {} <= 1 end)
try("true < false", function() return id(true) < id(false) end)
try("f < f", function() return print < print end)
try("nil > 1", function() return id(nil) > id(1) end)  -- '>' swaps operands
try("nil >= 'x'", function() return id(nil) >= "x" end)
try("local", function() local a, b = 1, {} return a < b end)
try("k 1 < nil", function() return 1 < nil end)

-- chains are evaluated left to right with boolean results
try("chain", function() return (id(1) < id(2)) == true end)
try("boolean compare", function() return (id(1) < id(2)) < true end)

-- '==' never errors
print("eq mixed", id(1) == id({}), id("a") == id(nil), id(print) == id(1))
