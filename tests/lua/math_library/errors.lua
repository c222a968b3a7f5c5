-- Error messages of bad arguments, each raised by a call from a Lua function.
math.randomseed(0) -- math.random() below draws a number
local function try(label, f)
  print(label, pcall(f))
end
local t = {}
for _, name in ipairs{"abs", "ceil", "floor", "sqrt", "exp", "log", "sin", "cos", "tan",
    "asin", "acos", "atan", "deg", "rad", "modf", "fmod", "ult", "random"} do
  try(name .. " none", function() return math[name]() end)
  try(name .. " table", function() return math[name](t) end)
  try(name .. " string", function() return math[name]("1x") end)
  try(name .. " nil", function() return math[name](nil) end)
end
try("type none", function() return math.type() end)
try("tointeger none", function() return math.tointeger() end)
try("max none", function() return math.max() end)
try("min none", function() return math.min() end)
try("fmod arg2", function() return math.fmod(1, {}) end)
try("fmod arg2 none", function() return math.fmod(1) end)
try("fmod arg2 str", function() return math.fmod(1, "a") end)
try("fmod zero", function() return math.fmod(1, 0) end)
try("fmod zero neg", function() return math.fmod(math.mininteger, 0) end)
try("fmod zero string", function() local r = math.fmod(1, "0") return r ~= r end)
-- lua5.4 (gcc, x86-64) checks fmod's second float argument first
try("fmod both bad", function() return math.fmod({}, {}) end)
try("fmod bad 1 str 2", function() return math.fmod({}, "x") end)
try("fmod bad 1 num 2", function() return math.fmod({}, 2) end)
try("fmod int 1 bad 2", function() return math.fmod(1, true) end)
try("log base", function() return math.log(1, {}) end)
try("log base false", function() return math.log(1, false) end)
try("atan x", function() return math.atan(1, "x") end)
try("atan x false", function() return math.atan(1, false) end)
try("ult arg2", function() return math.ult(1, 2.5) end)
try("ult arg1 float", function() return math.ult(1.5, 2) end)
try("ult arg2 none", function() return math.ult(1) end)
try("ult huge", function() return math.ult(2^63, 1) end)
try("ult string float", function() return math.ult("1.5", 1) end)
try("random float", function() return math.random(1.5) end)
try("random float2", function() return math.random(1, 2.5) end)
try("random string", function() return math.random("x") end)
try("random nil 2", function() return math.random(1, nil) end)
try("random empty", function() return math.random(0, -1) end)
try("random empty 1", function() return math.random(-5) end)
try("random empty big", function() return math.random(math.maxinteger, math.mininteger) end)
try("random 3 args", function() return math.random(1, 2, 3) end)
try("random 4 args", function() return math.random(nil, nil, nil, nil) end)
try("randomseed float", function() return math.randomseed(1.5) end)
try("randomseed nil", function() return math.randomseed(nil) end)
try("randomseed table", function() return math.randomseed({}) end)
try("randomseed arg2", function() return math.randomseed(1, 2.5) end)
try("randomseed arg2 str", function() return math.randomseed(1, "z") end)
try("randomseed huge", function() return math.randomseed(2^63) end)
-- method-call style names
local m = {floor = math.floor, max = math.max}
try("method", function() return m:floor() end)
try("method field", function() return m.floor("q") end)
local f = math.sqrt
try("local name", function() return f({}) end)
