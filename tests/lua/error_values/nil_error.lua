-- error() and error(nil) raise nil; pcall reports false, nil.
print("error()", pcall(error))
print("error(nil)", pcall(error, nil))
print("count", select("#", pcall(error)))
print("in function", pcall(function() error() end))
print("nil with level", pcall(function() error(nil, 2) end))

-- xpcall handlers receive nil
print("xpcall", xpcall(function() error(nil) end, function(e) return "handled " .. tostring(e) end))

-- coroutines report a nil error
local co = coroutine.create(function() error(nil) end)
print("coroutine", coroutine.resume(co))
print("status", coroutine.status(co))

-- tostring(nil) is used when concatenating in a handler
local ok, e = pcall(error)
print("tostring", "error was " .. tostring(e))

-- a nil error passes through several protection layers unchanged
print("nested", pcall(function()
  local ok, e = pcall(error, nil)
  error(e)
end))
-- and through coroutine.wrap
print("wrap", pcall(coroutine.wrap(function() error(nil) end)))
-- error(nil) still closes pending to-be-closed variables with nil
print("close", pcall(function()
  local c <close> = setmetatable({}, {__close = function(_, e) print("closing with", e) end})
  error(nil)
end))
