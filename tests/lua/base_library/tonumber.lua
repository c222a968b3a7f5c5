-- tonumber: plain conversion, bases 2..36, whitespace, signs, wrap-around, argument errors.
local function try(label, f) print(label, pcall(f)) end

print("numbers", tonumber(10), tonumber(-2.5), math.type(tonumber(3)), math.type(tonumber(3.0)))
print("numeric strings", tonumber("12"), tonumber(" 0x10 "), tonumber("1e2"), tonumber("\t12\n"), tonumber("+12"))
print("float forms", tonumber(" 0x1p4 "), tonumber(".5"), tonumber("5."), tonumber("1e500"), tonumber("-0x10"))
print("not numbers", tonumber("0x"), tonumber("1e"), tonumber(""), tonumber("  "), tonumber("1 2"), tonumber("abc"))
print("other types", tonumber(nil), tonumber({}), tonumber(true), tonumber(print))
print("embedded zero", tonumber("1\0"), tonumber("1\0002"))
print("nil base", tonumber("12", nil), tonumber(7, nil))

print("base 16", tonumber("ff", 16), tonumber("FF", 16), tonumber("  -ff  ", 16), tonumber("+ff", 16))
print("base 2", tonumber("1010", 2), tonumber("102", 2), tonumber("-1", 2))
print("base 36", tonumber("zz", 36), tonumber("ZZ", 36), tonumber("Z", 36), tonumber("10", 36))
print("base 8", tonumber("777", 8), tonumber("9", 8), tonumber("17", 8.0), tonumber("17", "8"))
print("base 10", tonumber("1e1", 10), tonumber("1.5", 10), tonumber("0x10", 16), tonumber("1 ", 10))
print("bad numerals", tonumber("- ff", 16), tonumber("-", 16), tonumber("", 10), tonumber(" ", 10),
  tonumber("1 1", 10), tonumber("+-1", 16), tonumber("++1", 10), tonumber("1\0002", 10), tonumber("12\0", 10))
print("wrap", tonumber("7fffffffffffffff", 16), tonumber("ffffffffffffffff", 16),
  tonumber("10000000000000000", 16), tonumber("99999999999999999999", 10))
print("min", tonumber("-8000000000000000", 16), tonumber("-9223372036854775808", 10),
  math.type(tonumber("-9223372036854775808", 10)))
print("long", tonumber(string.rep("1", 200), 2))

try("no argument", function() return tonumber() end)
try("base too big", function() return tonumber("10", 37) end)
try("base too small", function() return tonumber("10", 1) end)
try("base negative", function() return tonumber("10", -1) end)
try("base minint", function() return tonumber("10", math.mininteger) end)
try("base float", function() return tonumber("10", 2.5) end)
try("base table", function() return tonumber("10", {}) end)
try("base string", function() return tonumber("10", "x") end)
try("number with base", function() return tonumber(10, 16) end)
try("nil with base", function() return tonumber(nil, 16) end)
try("table with base", function() return tonumber({}, 10) end)
try("bad base first", function() return tonumber({}, 99) end)
