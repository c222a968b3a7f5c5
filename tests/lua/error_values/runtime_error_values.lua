-- Runtime errors produce strings with position; errors raised in metamethods
-- and nested calls propagate through them.
local ok, e = pcall(function() local x = nil; return x + 1 end)
print("type", type(e))
print("message", e)

-- errors raised inside metamethods
local t = setmetatable({}, {__index = function(_, k) error("no field " .. k) end})
print("in __index", pcall(function() return t.foo end))
local a = setmetatable({}, {__add = function() error({reason = "add"}) end})
ok, e = pcall(function() return a + 1 end)
print("table from __add", ok, e.reason)

-- errors from deep inside nested calls
local function l3() error("deep error") end
local function l2() l3() end
local function l1() l2() end
print("deep", pcall(l1))

-- an error inside an error handler chain: pcall inside pcall
print("nested pcall", pcall(function()
  local ok2, e2 = pcall(error, "inner", 0)
  return "outer saw " .. tostring(ok2) .. " " .. e2
end))

-- tostring of a caught error with __tostring
local E = setmetatable({}, {__tostring = function() return "E!" end})
ok, e = pcall(error, E)
print("tostring", tostring(e))

-- string errors with level 0 are unchanged, including empty strings
print("empty", pcall(error, "", 0))
print("empty level 1", pcall(function() error("") end))
