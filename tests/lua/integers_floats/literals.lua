-- Numeric literals: integer overflow to float, hex wrap-around, formats.
print("max", 9223372036854775807, math.type(9223372036854775807))
print("max+1 is float", 9223372036854775808, math.type(9223372036854775808))
-- 9223372036854775808 is a float literal, so its negation is a float too
print("-9223372036854775808", -9223372036854775808, math.type(-9223372036854775808))
print("min expression", -9223372036854775807 - 1, math.type(-9223372036854775807 - 1))
print("hex max", 0x7fffffffffffffff)
print("hex wrap", 0xffffffffffffffff, 0x8000000000000000)
print("hex long", 0x10000000000000000)
print("hex float", 0x1.8p1, 0x.1p4, 0xA.8)
print("exponent", 1e0, 1E2, 1e-2, 2.5e+3)
print("dot", .5, 5., 3.25)
print("big", 1e308, 1e309 == math.huge)
print("zero", 0, 0.0, -0, 0x0, 0e10)
print("min equality", math.mininteger == -9223372036854775808)
print("max float", 9223372036854775807.0, 9223372036854775807.0 == 2^63)

-- literal that is exactly 2^63 as a decimal integer is a float
local x = 9223372036854775808
print("type", math.type(x), x == 2^63)

-- negative literals are unary minus applied to the positive literal
print("neg max", -9223372036854775807, math.type(-9223372036854775807))
print("neg overflow", -9223372036854775809, math.type(-9223372036854775809))

-- literals through load (checked by the compiler, evaluated by the VM)
for _, src in ipairs({"0x7fffffffffffffff + 1", "1 // 0.0", "-(-9223372036854775807 - 1)", "2^-1074", "08", "1e-400"}) do
  local f = load("return " .. src)
  print(src, f())
end
