-- string.format("%s") uses tostring semantics: __tostring and __name.
local fmt = string.format

local point = setmetatable({ x = 1, y = 2 }, {
  __tostring = function(p) return "(" .. p.x .. "," .. p.y .. ")" end,
})
print("tostring", fmt("%s", point), fmt("[%10s]", point), fmt("[%-10s]", point))
print("precision", fmt("[%.3s]", point), fmt("[%8.2s]", point))
print("number result", fmt("%s", setmetatable({}, { __tostring = function() return 42 end })))
print("float result", fmt("%s", setmetatable({}, { __tostring = function() return 1.5 end })))

local calls = 0
local counted = setmetatable({}, { __tostring = function() calls = calls + 1 return "c" end })
print("called once each", fmt("%s%s%5s", counted, counted, counted), calls)

local named = setmetatable({}, { __name = "MyType" })
local text = fmt("%s", named)
print("__name", text == tostring(named), fmt("%.7s", named))
print("__name width", fmt("%30s", named) == (" "):rep(30 - #text) .. text)
local t = {}
print("table", fmt("%s", t) == tostring(t), fmt("%.6s", t))
print("function", fmt("%s", print) == tostring(print))

-- __tostring on strings themselves (through the string metatable)
local mt = getmetatable("")
mt.__tostring = function(s) return "<" .. #s .. ">" end
local with = fmt("%s|%5s|%s|%.1s", "abc", "de", 12, "xyz")
mt.__tostring = nil
print("string __tostring", with)
print("restored", fmt("%s", "abc"))

-- the format string and arguments can be numbers
print("number format", fmt(12), fmt(1.5))
print("method", ("%d+%d"):format(1, 2), ("x"):format())

-- errors raised by __tostring propagate
print(pcall(fmt, "%s", setmetatable({}, { __tostring = function() error("inner", 0) end })))

-- many items and long results
local parts = {}
for i = 1, 200 do parts[i] = "%d" end
local args = {}
for i = 1, 200 do args[i] = i end
local r = fmt(table.concat(parts, ","), table.unpack(args))
print("many items", #r, r:sub(1, 20), r:sub(-20))
print("long", #fmt("%s%s", ("a"):rep(100000), ("b"):rep(100000)))
print("long float", #fmt("%99.99f|%.99f|%99.99e", -1e308, 1e308, 1e-300))
