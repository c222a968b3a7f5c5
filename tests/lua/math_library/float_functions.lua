-- sqrt exp log sin cos tan asin acos atan deg rad: always floats; numeric strings accepted.
-- Results print with tostring's 14 significant digits.
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

-- sqrt (exact IEEE operation)
show("sqrt", math.sqrt(id(4)), math.sqrt(id(2)), math.sqrt(id(0)), math.sqrt(id(-0.0)))
show("sqrt big", math.sqrt(id(math.maxinteger)), math.sqrt(id(1e300)), math.sqrt(id(math.huge)))
show("sqrt string", math.sqrt(id("16")), math.sqrt(id("0x10")), math.sqrt(id("2.25")))
print("sqrt exact", math.sqrt(id(2)) == 1.4142135623730951, math.sqrt(id(2)) ^ 2 == 2.0000000000000004)
print("sqrt neg nan", math.sqrt(id(-1)) ~= math.sqrt(id(-1)))
print("sqrt -0 sign", 1 / math.sqrt(id(-0.0)))

-- exp / log
show("exp", math.exp(id(0)), math.exp(id(1)), math.exp(id(-1)), math.exp(id(710)), math.exp(id(-800)))
show("exp huge", math.exp(id(math.huge)), math.exp(id(-math.huge)), math.exp(id("2")))
show("log", math.log(id(1)), math.log(id(math.exp(1))), math.log(id(0)), math.log(id(math.huge)))
show("log2", math.log(id(8), id(2)), math.log(id(1024), id(2)), math.log(id(2^-1074), id(2)), math.log(id(3), id(2.0)))
show("log10", math.log(id(1000), id(10)), math.log(id(1e-300), id(10)), math.log(id(2), id(10.0)))
show("log other", math.log(id(8), id(4)), math.log(id(100), id(100)), math.log(id(27), id(3)), math.log(id(2), id(0.5)))
show("log base 1", math.log(id(8), id(1)), math.log(id(1), id(0)), math.log(id(8), id(0)))
show("log nil base", math.log(id(8), nil), math.log(id("8"), id("2")))
show("log int big", math.log(id(math.maxinteger), id(2)), math.log(id(2^53), id(2)))
print("log neg nan", math.log(id(-1)) ~= math.log(id(-1)), math.log(id(-8), id(2)) ~= math.log(id(-8), id(2)))
print("log 1 base 1 nan", math.log(id(1), id(1)) ~= math.log(id(1), id(1)))

-- trigonometry
show("sin", math.sin(id(0)), math.sin(id(math.pi / 2)), math.sin(id(-math.pi / 6)), math.sin(id(1)))
show("cos", math.cos(id(0)), math.cos(id(math.pi)), math.cos(id(math.pi / 3)), math.cos(id(1)))
show("tan", math.tan(id(0)), math.tan(id(math.pi / 4)), math.tan(id(1)), math.tan(id(-1)))
show("asin", math.asin(id(0)), math.asin(id(1)), math.asin(id(-0.5)), math.asin(id("0.5")))
show("acos", math.acos(id(1)), math.acos(id(0)), math.acos(id(-1)), math.acos(id(0.5)))
show("atan", math.atan(id(0)), math.atan(id(1)), math.atan(id(math.huge)), math.atan(id(-math.huge)))
show("atan2", math.atan(id(1), id(1)), math.atan(id(1), id(-1)), math.atan(id(-1), id(-1)), math.atan(id(0), id(-1)))
show("atan2 zeros", math.atan(id(0.0), id(0.0)), math.atan(id(-0.0), id(-0.0)), math.atan(id(0), id(-0.0)))
show("atan2 nil", math.atan(id(2), nil), math.atan(id("1"), id("2")), math.atan(id(1), id(0)))
show("trig string", math.sin(id("0")), math.cos(id("0")), math.tan(id("0x0")))
show("trig big", math.sin(id(1e22)), math.cos(id(1e22)), math.sin(id(math.maxinteger)))
print("trig inf nan", math.sin(id(math.huge)) ~= math.sin(id(math.huge)), math.cos(id(-math.huge)) ~= 0, math.asin(id(2)) ~= math.asin(id(2)))
print("sin -0 sign", 1 / math.sin(id(-0.0)), 1 / math.tan(id(-0.0)), 1 / math.asin(id(-0.0)), 1 / math.atan(id(-0.0)))

-- deg / rad
show("deg", math.deg(id(math.pi)), math.deg(id(1)), math.deg(id(0)), math.deg(id(-math.pi / 2)))
show("rad", math.rad(id(180)), math.rad(id(1)), math.rad(id(-90)), math.rad(id("360")))
show("deg huge", math.deg(id(math.huge)), math.rad(id(-math.huge)), math.deg(id(1e308)))
print("deg exact", math.deg(id(math.pi)) == 180.0, math.rad(id(180)) == math.pi)

-- floats with 17 digits compared exactly for the exact operations
print("fmod exact", math.fmod(id(2^60 + 0.0), id(3)) == 1.0, math.fmod(id(0.3), id(0.1)) == 0.09999999999999998)
print("floor/ceil exact", math.floor(id(-2^51 - 0.5)) == -2251799813685249, math.ceil(id(2^51 + 0.5)) == 2251799813685249)
