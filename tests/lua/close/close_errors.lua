-- Errors raised by __close methods.
local function closer(name, fail)
  return setmetatable({}, {__close = function(_, err)
    print("closing", name, "received", err)
    if fail then error(fail, 0) end
  end})
end

-- an error in __close during a normal exit propagates
print(pcall(function()
  local a <close> = closer("a", "a failed")
  return "not returned"
end))

-- an error in __close replaces the original error; the other variables
-- receive the newest error
print(pcall(function()
  local a <close> = closer("a")
  local b <close> = closer("b", "b failed")
  local c <close> = closer("c")
  error("original", 0)
end))

-- all variables are still closed when several __close fail
print(pcall(function()
  local a <close> = closer("a", "a failed")
  local b <close> = closer("b", "b failed")
end))

-- the error from __close carries position information when it is a string
-- raised with level 1
print(pcall(function()
  local x <close> = setmetatable({}, {__close = function() error("in close") end})
end))

-- __close must exist at the declaration; if it is removed afterwards, closing
-- raises an error naming the metamethod
print(pcall(function()
  local mt = {__close = function() print("never") end}
  local v <close> = setmetatable({}, mt)
  mt.__close = nil
end))
