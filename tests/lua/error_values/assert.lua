-- assert returns all its arguments on success and raises its message (any
-- value) on failure. Like error(), a string message gets the position of the
-- Lua function that called assert (none when called directly by pcall).
print("success", assert(1, 2, 3))
print("success string", assert("v", "unused"))
print("count", select("#", assert(true, nil, nil)))

print("false", pcall(assert, false))
print("nil", pcall(assert, nil))
print("message", pcall(assert, false, "custom message"))
print("position added", pcall(function() assert(false, "in function") end))
print("default message in function", pcall(function() assert(nil) end))
local t = {}
print("table message", select(2, pcall(assert, false, t)) == t)
print("number message", pcall(assert, nil, 404))
print("nil message explicitly", pcall(assert, false, nil))

-- assert as a checker for functions returning nil, err
local function parse(s)
  local n = tonumber(s)
  if not n then return nil, "not a number: " .. s end
  return n
end
print("parse ok", pcall(function() return assert(parse("12")) end))
print("parse fail", pcall(function() return assert(parse("xx")) end))

-- 0 and "" are truthy
print("zero", assert(0), assert(""))
