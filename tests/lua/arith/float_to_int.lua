-- Conversions from floats to integers where an integer is required.
local function id(x) return x end
local function try(label, f)
  print(label, pcall(f))
end

try("3.0 | 0", function() return id(3.0) | 0 end)
try("-3.0 ~ 0", function() return id(-3.0) ~ 0 end)
try("1e15 | 0", function() return id(1e15) | 0 end)
try("2^62 | 0", function() return id(2^62) | 0 end)
try("-2^63 | 0", function() return id(-2^63) | 0 end)
try("1.5 | 0", function() return id(1.5) | 0 end)
try("local x = 2^63", function() local x = id(2^63) return x | 0 end)
try("inf | 0", function() local big = math.huge return big | 0 end)
try("nan | 0", function() local n = id(0/0) return n & 1 end)
try("field", function() local t = {f = 0.5} return 1 << t.f end)
try("upvalue", function() local u = id(0.25) return (function() return ~u end)() end)
try("k 1.5 | 0", function() return 1.5 | 0 end)

-- floats used as table keys are normalized to integers when exact
local t = {}
t[1.0] = "one"
t[2] = "two"
t[2^53] = "big"
print("t[1]", t[1], "t[2.0]", t[2.0], "t[2^53|0]", t[2^53 | 0])
for k, v in ipairs(t) do print("ipairs", k, math.type(k), v) end
t[1.5] = "one and a half"
print("t[1.5]", t[1.5], "t[3/2]", t[3 / 2])

-- library functions that need integers accept integral floats only
print("rep 2.0", string.rep("ab", 2.0))
try("rep 2.5", function() return string.rep("ab", 2.5) end)
print("sub 2.0", string.sub("hello", 2.0, 4.0))
try("sub '2'", function() return string.sub("hello", "2") end)
try("format %d 3.0", function() return string.format("%d", 3.0) end)
try("format %d 3.5", function() return string.format("%d", 3.5) end)

-- math.floor returns an integer when it fits
print("floor", math.floor(3.7), math.type(math.floor(3.7)))
print("floor neg", math.floor(-3.5))
print("floor int", math.floor(5), math.type(math.floor(5)))
print("floor huge", math.floor(1e100), math.type(math.floor(1e100)))
print("floor 2^62", math.floor(2^62))
