-- Generates golden.txt, the data of the unit test `golden` in src/stdlib/string/format.rs:
-- string.format results of lua5.4 (glibc printf) for many conversions, flags, widths,
-- precisions and values. Not part of the Lua suite (it has no .expected file).
-- Run from tests/lua:  lua5.4 string_format/make_golden.lua > string_format/golden.txt
-- Line format: KIND <tab> FORMAT <tab> VALUE <tab> RESULT, where KIND is F (VALUE is the
-- float's bits as a signed 64-bit integer) or I (VALUE is the integer).
math.randomseed(20240601)

local floats = {
  0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.5, 0.125, 0.375, 0.1, 0.2, 0.3, 1/3, 2/3,
  -2/3, 123.456, -123.456, 1e-5, 1e-4, 9.9999e-5, 9.99995e-5, 0.0001, 0.00015, 5e-5,
  99999.95, 999999.5, 9999995, 1e6, 123456789, 987654321.123, 1e15, 1e16, 1e17, 2^53,
  2^53 + 1, 2^63, -2^63, 1e21, 1e22, 1e23, 1e100, -1e100, 1e300, 1.7976931348623157e308,
  -1.7976931348623157e308, 2.2250738585072014e-308, 2.225073858507201e-308, 5e-324,
  -5e-324, 1e-310, 3 * 2^-1074, 1e-320, 9.5, 0.05, 0.15, 0.25, 0.35, 0.45, 1.005, 2.675,
  3.14159265358979, math.pi, -math.pi, 6.02214076e23, 1.602176634e-19, 1.96875, 1.03125,
  1.09375, 1.0625, 1.15625, 1.65625, 1.71875, 0x1.a8p0, 0x1.b8p0, 0x1.e8p0, 0x1.f8p0,
  0x1.fffffffffffffp0, 0x1.0000000000001p0, 0x1.8000000000001p0, 255.5, 4095.9999,
  0.999999, 0.9999995, 9.9999996, 1e-7, 12345678.9, 1/0, -1/0, 0/0, -(0/0),
}

local float_conversions = { "e", "E", "f", "g", "G", "a", "A" }
local fixed_specs = { "", ".0", ".3", ".17", "#", "#.0", "+.2", "012.3" }
local flag_chars = { "-", "+", " ", "#", "0" }
local precisions = {
  "", "", ".", ".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".9", ".10", ".12", ".13",
  ".14", ".15", ".16", ".20", ".25", ".30", ".40",
}

local function random_spec(allowed)
  local flags = ""
  for _ = 1, math.random(0, 3) do
    local f = allowed[math.random(#allowed)]
    if not flags:find(f, 1, true) then flags = flags .. f end
  end
  local width = ""
  local r = math.random(6)
  if r == 2 then width = tostring(math.random(1, 9))
  elseif r == 3 then width = tostring(math.random(10, 40))
  elseif r == 4 then width = tostring(math.random(41, 60)) end
  return flags .. width .. precisions[math.random(#precisions)]
end

local function bits(x)
  return string.unpack("<i8", string.pack("<d", x))
end

for _, x in ipairs(floats) do
  for _, c in ipairs(float_conversions) do
    local specs = {}
    for _, s in ipairs(fixed_specs) do specs[#specs + 1] = s end
    for _ = 1, 4 do specs[#specs + 1] = random_spec(flag_chars) end
    for _, s in ipairs(specs) do
      local fmt = "%" .. s .. c
      print(("F\t%s\t%d\t%s"):format(fmt, bits(x), string.format(fmt, x)))
    end
  end
end

-- A few very long results.
for _, x in ipairs({ 1e308, -1.7976931348623157e308, 5e-324, 1e-310, 0.1, 2^-1022, 1e100 }) do
  for _, fmt in ipairs({ "%.99f", "%99.99e", "%-99.99g", "%.99a", "%#.99G", "%+099.50f" }) do
    print(("F\t%s\t%d\t%s"):format(fmt, bits(x), string.format(fmt, x)))
  end
end

local integers = {
  0, 1, -1, 7, 8, 9, 10, 15, 16, 42, -42, 100, 255, 256, 1000, 65535, 123456789, -123456789,
  2^31 - 1, -2^31, 2^32, 2^53 + 1, 1e15, math.maxinteger, math.mininteger,
  math.maxinteger - 1, math.mininteger + 1, 0x7fffffffffffff00, -0x100,
}
local integer_conversions = {
  { "d", { "-", "+", " ", "0" } }, { "i", { "-", "+", " ", "0" } },
  { "u", { "-", "0" } }, { "o", { "-", "#", "0" } }, { "x", { "-", "#", "0" } },
  { "X", { "-", "#", "0" } },
}
for _, n in ipairs(integers) do
  n = math.tointeger(n)
  for _, cf in ipairs(integer_conversions) do
    local c, allowed = cf[1], cf[2]
    local specs = { "", ".0", ".5", "25", "-25", ".30" }
    for _ = 1, 6 do specs[#specs + 1] = random_spec(allowed) end
    for _, s in ipairs(specs) do
      local fmt = "%" .. s .. c
      local ok, r = pcall(string.format, fmt, n)
      if ok then print(("I\t%s\t%d\t%s"):format(fmt, n, r)) end
    end
  end
end

-- glibc's `%#g` when rounding carries into a new digit.
for _, x in ipairs({ 999999.5, 9999995, 99999.95, 999.5, 9995, 9.5, 99.5, 995, 0.0009995,
  9.995e-5, 99.96, 999.6, 9996, 9999999999.5, 99999999999.5, 9999999.9, 95, 999999.4,
  99999.5, 9999950, 9.999e22, 9.9996e-6, 1e23, 9.999999999999999e22, 2^63, 1e16 - 1 }) do
  for _, fmt in ipairs({ "%#g", "%#.1g", "%#.2g", "%#.3g", "%#.5g", "%#.10g", "%#.0G",
    "%#.16g", "%#.17g", "%#.23g", "%#.19g", "%g", "%.3g" }) do
    print(("F\t%s\t%d\t%s"):format(fmt, bits(x), string.format(fmt, x)))
  end
end
