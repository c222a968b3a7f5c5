-- How floats and integers are written by print/tostring ("%.14g", with ".0"
-- added to floats that look like integers).
local values = {
  1.0, -1.0, 0.0, 100.0, 1e15, 1e16, 1e100, -1e15, 123456789012345.0,
  1234567890123456.0, 0.1, 0.5, 1 / 3, 2 / 3, 1e-5, 1.5e-10, 3.14159265358979,
  2^53, 2^63, -2^63, 2^24 + 0.5, 1e14 + 0.5, 255 / 256, 1e300 * 10, 5e-324,
  12.0e3, 0x10p-1, 0.1 + 0.2, 100 / 3,
}
for i, v in ipairs(values) do print(i, v) end

print("-0.0", -0.0, 0.0 * -1, tostring(-0.0))
print("inf", math.huge, -math.huge, 1e309)
print("ints", 0, -1, 1000000000000, math.maxinteger, math.mininteger)
print("float of int", 3 + 0.0, -7 * 1.0, 2^10)

-- NaN prints as nan or -nan depending on how it was made, so test it
-- indirectly
local nan = 0 / 0
print("nan", nan ~= nan, tostring(nan) == tostring(nan))

-- string.format
print(string.format("%5.2f|%.3f|%g|%g|%g", 3.14159, 2 / 3, 1e20, 0.0001, 100))
print(string.format("%d|%5d|%-5d|%05d", 42, 42, 42, 42))
print(string.format("%s|%s|%s", 1, 1.0, -0.0))
print(string.format("%.14g|%.17g", 0.1, 0.1))
print(string.format("%g|%g", 2^63, -2^63))
print(string.format("%d", -0))
print(string.format("%.0f|%.1f", 0.5, 0.25))
