-- load with reader functions.
local function try(label, f) print(label, pcall(f)) end

local function pieces(...)
  local list, i = {...}, 0
  return function() i = i + 1 return list[i] end
end

print("pieces", load(pieces("return ", "1 +", " 2"))())
print("empty piece ends", load(pieces("return 1", "", "+ 5"))())
print("number piece", load(pieces("return ", 7))())
print("float piece", load(pieces("return ", 1.5))())
print("nil at once", select("#", load(function() return nil end)()))
print("no results", select("#", load(function() end)()))
print("default name", pcall(load(pieces("error('y')"))))
print("given name", pcall(load(pieces("error('y')"), "=reader")))
print("syntax", load(pieces("x x", "y")))
local calls = 0
local f, msg = load(function() calls = calls + 1 if calls == 1 then return "x x" end end)
print("syntax calls", f, msg, calls)
print("mode", load(pieces("return 1"), "=r", "b"))
print("env", load(pieces("return v"), "=r", "t", {v = "env v"})())

-- (inside a function called by pcall: lua.c's own message handler would otherwise add a
-- traceback to reader errors raised directly in the main chunk)
try("table piece", function() return load(function() return {} end) end)
try("bool piece", function() return load(pieces("return 1", true)) end)
try("error", function() return load(function() error("boom") end) end)
try("error table", function()
  local f, e = load(function() error({}) end)
  return f, type(e)
end)
try("error nil", function() return load(function() error() end) end)
try("error level 0", function() return load(function() error("plain", 0) end) end)
try("load called by pcall", function() return pcall(load, function() return {} end) end)
try("reader is error", function() return load(error) end)

print("xpcall handler sees reader error", xpcall(function() return load(function() error("x") end) end,
  function(m) return "handled: " .. tostring(m) end))
print("xpcall handler still armed", xpcall(function()
  local f, m = load(function() error("x") end)
  error("again")
end, function(m) return "handled: " .. tostring(m) end))
print("xpcall syntax not handled", xpcall(function() return load("x x") end,
  function(m) return "handled: " .. tostring(m) end))
print("xpcall bad piece", xpcall(function() return load(function() return {} end) end,
  function(m) return "handled: " .. tostring(m) end))

try("reader callable table", function()
  return load(setmetatable({}, {__call = function() return nil end}))
end)
