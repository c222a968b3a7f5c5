-- string.format("%q"): literals that read back as the same value.
local fmt = string.format

print("strings", fmt("%q", "hello"), fmt("%q", ""), fmt("%q", 'say "hi"'))
print("escapes", fmt("%q", "a\\b"), fmt("%q", "line1\nline2"), fmt("%q", "cr\rlf"))
print("controls", fmt("%q", "\0\1\2\t\27\31\127"))
print("before digits", fmt("%q", "\0001\0012\r9\t0\127" .. "5"))
print("not digits", fmt("%q", "\0a\1b\r.\t \127x"))
print("high bytes", fmt("%q", "\128\200\255") == '"\128\200\255"')
print("end control", fmt("%q", "x\0"), fmt("%q", "x\r"))
print("integers", fmt("%q %q %q %q", 0, 42, -42, math.maxinteger))
print("mininteger", fmt("%q", math.mininteger))
print("floats", fmt("%q %q %q %q %q", 1.0, 0.5, -0.1, 0.0, -0.0))
print("float extremes", fmt("%q %q %q", 1.7976931348623157e308, 5e-324, 2^-1022))
print("float integral", fmt("%q %q %q", 2^53, 2^63, -2^63))
print("float special", fmt("%q %q %q", 1/0, -1/0, 0/0))
print("others", fmt("%q %q %q", nil, true, false))
print("mixed", fmt("x=%q, y=%q, n=%d", "a\nb", 1.5, 3))

-- Round trips.
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
local function back(v)
  return load("return " .. fmt("%q", v))()
end
print("all bytes", back(all) == all)
local digits_after = {}
for i = 0, 255 do digits_after[#digits_after + 1] = string.char(i) .. "7" end
digits_after = table.concat(digits_after)
print("bytes before digits", back(digits_after) == digits_after)
for _, s in ipairs({ "", "\0", "\0000", "\n\r\t", "\\\"", ("\1"):rep(3) .. "123" }) do
  print("string trip", back(s) == s, #fmt("%q", s))
end
for _, n in ipairs({ 0, 1, -1, 255, math.maxinteger, math.mininteger, math.mininteger + 1 }) do
  local r = back(n)
  print("integer trip", n, r == n, math.type(r))
end
for _, x in ipairs({ 0.0, -0.0, 1.0, -1.5, 0.1, 1/3, 1e100, -1e-100, 1.7976931348623157e308,
  5e-324, 1e-310, 2^53, 2^63, -2^63, 1/0, -1/0, 3.14159265358979 }) do
  local r = back(x)
  print("float trip", fmt("%q", x), r == x, math.type(r), 1 / r == 1 / x)
end
local nan = back(0/0)
print("nan trip", nan ~= nan, math.type(nan))
