-- getmetatable / setmetatable, including __metatable protection.
local function try(label, f) print(label, pcall(f)) end

local mt = {}
local t = setmetatable({}, mt)
print("get", getmetatable(t) == mt, getmetatable({}), getmetatable(1), getmetatable(nil))
print("string mt", getmetatable("x").__index == string)
print("returns table", setmetatable(t, nil) == t, getmetatable(t))
local locked = setmetatable({}, {__metatable = "locked"})
print("protected", getmetatable(locked))
local lockedfalse = setmetatable({}, {__metatable = false})
print("protected false", getmetatable(lockedfalse))

try("change protected", function() return setmetatable(locked, {}) end)
try("clear protected", function() return setmetatable(locked, nil) end)
try("change protected false", function() return setmetatable(lockedfalse, {}) end)
try("number target", function() return setmetatable(1, {}) end)
try("missing mt", function() return setmetatable({}) end)
try("number mt", function() return setmetatable({}, 1) end)
try("string mt", function() return setmetatable({}, "x") end)
try("no args", function() return setmetatable() end)
try("getmetatable none", function() return getmetatable() end)
