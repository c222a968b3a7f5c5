-- abs, floor, ceil, fmod, modf, tointeger, type, ult: integer/float/string arguments and
-- the type of each result.
local function id(x) return x end
local function show(label, ...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v ~= v then
      out[#out + 1] = "nan"
    else
      out[#out + 1] = tostring(v) .. ":" .. (math.type(v) or type(v))
    end
  end
  print(label, table.concat(out, " "))
end
local mini, maxi = math.mininteger, math.maxinteger

-- abs
show("abs int", math.abs(id(-5)), math.abs(id(5)), math.abs(id(0)))
show("abs float", math.abs(id(-5.5)), math.abs(id(-0.0)), math.abs(id(-math.huge)))
show("abs string", math.abs(id("-3")), math.abs(id("-3.5")), math.abs(id(" 0x10 ")))
show("abs min", math.abs(id(mini)), math.abs(id(mini + 1)), math.abs(id(maxi)))
show("abs minfloat", math.abs(id(-2.0^63)))

-- floor / ceil
show("floor int", math.floor(id(7)), math.floor(id(-7)), math.floor(id(mini)), math.floor(id(maxi)))
show("floor float", math.floor(id(3.7)), math.floor(id(-3.7)), math.floor(id(-0.0)), math.floor(id(0.5)))
show("floor big", math.floor(id(2^63)), math.floor(id(-2^63)), math.floor(id(1e300)), math.floor(id(-1e300)))
show("floor huge", math.floor(id(math.huge)), math.floor(id(-math.huge)))
show("floor string", math.floor(id("3.5")), math.floor(id("3")), math.floor(id("-0x8")), math.floor(id("1e100")))
show("ceil int", math.ceil(id(7)), math.ceil(id(-7)), math.ceil(id(mini)), math.ceil(id(maxi)))
show("ceil float", math.ceil(id(3.2)), math.ceil(id(-3.2)), math.ceil(id(-0.5)), math.ceil(id(0.0)))
show("ceil big", math.ceil(id(2^63)), math.ceil(id(-2^63)), math.ceil(id(-2^63 - 2048)), math.ceil(id(2^53 + 0.0)))
show("ceil huge", math.ceil(id(math.huge)), math.ceil(id(-math.huge)))
show("ceil string", math.ceil(id("3.5")), math.ceil(id("-3.5")), math.ceil(id("10")))
show("floor nan", math.floor(id(0/0)), math.ceil(id(0/0)))
print("floor nan type", math.type(math.floor(id(0/0))))

-- fmod
show("fmod int", math.fmod(id(7), id(3)), math.fmod(id(-7), id(3)), math.fmod(id(7), id(-3)), math.fmod(id(-7), id(-3)))
show("fmod C", math.fmod(id(-6), id(4)), math.fmod(id(6), id(-4)), math.fmod(id(6), id(4)), math.fmod(id(-6), id(-4)))
show("fmod -1", math.fmod(id(mini), id(-1)), math.fmod(id(5), id(-1)), math.fmod(id(-5), id(-1)))
show("fmod 1", math.fmod(id(mini), id(1)), math.fmod(id(maxi), id(1)))
show("fmod min", math.fmod(id(mini), id(maxi)), math.fmod(id(maxi), id(mini)), math.fmod(id(mini), id(mini)), math.fmod(id(mini), id(2)))
show("fmod float", math.fmod(id(7.5), id(2)), math.fmod(id(-7.5), id(2)), math.fmod(id(7), id(2.5)), math.fmod(id(-6.0), id(4)))
show("fmod float2", math.fmod(id(6), id(-4.0)), math.fmod(id(1e308), id(3)), math.fmod(id(5.25), id(-0.5)))
show("fmod inf", math.fmod(id(5), id(math.huge)), math.fmod(id(-5.5), id(-math.huge)))
local r = math.fmod(id(1), id(0.0))
print("fmod 1/0.0 nan", r ~= r)
r = math.fmod(id(math.huge), id(2))
print("fmod inf/2 nan", r ~= r)
r = math.fmod(id(1.0), id(0))
print("fmod 1.0/0 nan", r ~= r)
show("fmod zero sign", 1 / math.fmod(id(-4.0), id(2)), 1 / math.fmod(id(4.0), id(-2)))
show("fmod string", math.fmod(id("7"), id(3)), math.fmod(id(7), id("3")), math.fmod(id("7.5"), id("2")))

-- modf
show("modf int", math.modf(id(5)), math.modf(id(-5)), math.modf(id(mini)))
show("modf float", math.modf(id(3.7)))
show("modf neg", math.modf(id(-3.7)))
show("modf half", math.modf(id(-0.5)))
show("modf small", math.modf(id(0.25)))
show("modf whole", math.modf(id(4.0)))
show("modf -0.0", math.modf(id(-0.0)))
show("modf inf", math.modf(id(math.huge)))
show("modf -inf", math.modf(id(-math.huge)))
show("modf big", math.modf(id(2^63)))
show("modf big2", math.modf(id(1e20 + 0.5)))
show("modf -big", math.modf(id(-2^63)))
show("modf string", math.modf(id("2.5")))
show("modf string int", math.modf(id("7")))
show("modf nan", math.modf(id(0/0)))
print("modf -0.5 frac sign", 1 / select(2, math.modf(id(-0.5))))

-- tointeger
show("toint int", math.tointeger(id(5)), math.tointeger(id(mini)), math.tointeger(id(maxi)))
show("toint float", math.tointeger(id(5.0)), math.tointeger(id(-0.0)), math.tointeger(id(-2^63)))
print("toint nonint", math.tointeger(id(5.5)), math.tointeger(id(2^63)), math.tointeger(id(math.huge)), math.tointeger(id(0/0)))
show("toint string", math.tointeger(id("8")), math.tointeger(id("8.0")), math.tointeger(id(" 0x10 ")), math.tointeger(id("1e2")))
print("toint string bad", math.tointeger(id("8.5")), math.tointeger(id("x")), math.tointeger(id("")))
print("toint other", math.tointeger(id(nil)), math.tointeger(id(true)), math.tointeger(id({})), math.tointeger(id(print)))
print("toint count", select("#", math.tointeger(id({}))))

-- type
print("type", math.type(id(1)), math.type(id(1.0)), math.type(id(mini)), math.type(id(math.huge)))
print("type other", math.type(id("1")), math.type(id(nil)), math.type(id({})), math.type(id(false)))
print("type count", select("#", math.type(id(nil))))

-- ult
print("ult", math.ult(id(1), id(2)), math.ult(id(2), id(1)), math.ult(id(1), id(1)))
print("ult neg", math.ult(id(1), id(-1)), math.ult(id(-1), id(1)), math.ult(id(mini), id(maxi)), math.ult(id(maxi), id(mini)))
print("ult conv", math.ult(id(1.0), id(2)), math.ult(id("3"), id(2.0)), math.ult(id(-2), id(-1)))

-- constants
show("constants", math.huge, -math.huge, math.maxinteger, math.mininteger)
show("pi", math.pi)
print("pi exact", math.pi == 3.141592653589793, math.pi == 0x1.921fb54442d18p1)
print("maxint+1", math.maxinteger + 1 == math.mininteger)

-- numeric strings at the integer limits go through floats where lua5.4 uses luaL_checknumber
show("floor maxint string", math.floor(id("9223372036854775807")), math.ceil(id("-9223372036854775808")))
show("abs maxint string", math.abs(id("-9223372036854775807")))
show("modf maxint string", math.modf(id("9223372036854775807")))
show("fmod string ints", math.fmod(id("-9223372036854775808"), id("-1")))
show("toint limits string", math.tointeger(id("9223372036854775807")), math.tointeger(id("9223372036854775808")))
show("ult strings", math.ult(id("-1"), id("1")))
show("random string 0", math.type(math.random(id("0"))))
