-- Errors can be any Lua value; tables are returned unchanged (same object).
local err = {code = 42, msg = "custom"}
local ok, e = pcall(error, err)
print("table", ok, e == err, e.code, e.msg)

ok, e = pcall(function() error({code = 1}) end)
print("no position added", ok, type(e), e.code)

ok, e = pcall(function() error(err, 2) end)
print("level ignored for tables", e == err)

-- numbers, booleans, functions
print("number", pcall(error, 42))
print("number type", math.type(select(2, pcall(error, 42))))
print("float", pcall(error, 1.5))
print("boolean", pcall(error, false))
print("true", pcall(error, true))
local f = function() end
print("function", select(2, pcall(error, f)) == f)

-- numbers do not get position information even with level 1
print("number in function", pcall(function() error(7) end))

-- rethrowing preserves identity
ok, e = pcall(function()
  local ok2, e2 = pcall(error, err)
  error(e2)
end)
print("rethrown", e == err)

-- error objects with metatables keep them
local E = setmetatable({}, {__index = {kind = "E"}})
ok, e = pcall(error, E)
print("metatable", e.kind, getmetatable(e) ~= nil)

-- a hierarchy of error kinds checked by the handler
local function try(f)
  local ok, e = pcall(f)
  if ok then return "ok" end
  if type(e) == "table" then return "table error " .. tostring(e.code) end
  return "string error: " .. e
end
print(try(function() end))
print(try(function() error({code = 404}) end))
print(try(function() error("plain", 0) end))
print(try(function() local x = nil; return x.y end))
