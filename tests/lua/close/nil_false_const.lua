-- nil and false are allowed as to-be-closed values and are ignored;
-- <const> variables cannot be assigned.
do
  local a <close> = nil
  local b <close> = false
  print("nil and false accepted")
end
print("block closed without errors")

local function f(v)
  local x <close> = v
  return "ok"
end
print("f(nil)", f(nil), "f(false)", f(false))

-- non-closable values raise an error at the declaration
print(pcall(function() local x <close> = 42 end))
print(pcall(function() local y <close> = {} end))
print(pcall(function() local z <close> = "str" end))
print(pcall(function() local w <close> = setmetatable({}, {__index = {}}) end))
print(pcall(function() local t <close> = true end))

-- a non-closable value after a closable one: the first is still closed
print(pcall(function()
  local ok <close> = setmetatable({}, {__close = function(_, e) print("closing ok with", e) end})
  local bad <close> = 1
end))

-- <const> locals
local K <const> = 10
local S <const> = "str"
print("const", K * 2, S .. "!")
print(load("local c <const> = 1; c = 2"))
print(load("local c <close> = nil; c = 2"))
print(load("local a <foo> = 1"))
print(load("local a <close>, b <close> = 1, 2"))

-- a <const> can be captured by closures
local function getk() return K end
print("captured const", getk())
