-- xpcall calls the message handler with the error object; the handler's
-- (first) result becomes the error value.
local function handler(e) return "handled: " .. tostring(e) end
print("ok", xpcall(function() return "fine", 2 end, handler))
print("error", xpcall(function() error("boom", 0) end, handler))
print("runtime", xpcall(function() local x; return x.y end, handler))
print("args", xpcall(function(a, b) return a * b end, handler, 6, 7))
print("args error", xpcall(function(a) error(a, 0) end, handler, "given"))

-- the handler can return any value; only one result is kept
print("table", type(select(2, xpcall(error, function(e) return {e} end, "x"))))
print("multiple", xpcall(error, function(e) return 1, 2, 3 end, "x"))
print("nothing", xpcall(error, function(e) end, "x"))

-- the handler receives the error object unchanged
local obj = {}
print("same object", select(2, xpcall(error, function(e) return e == obj end, obj)))

-- the handler runs before the stack is unwound: pending to-be-closed
-- variables are closed after the handler
local log = {}
xpcall(function()
  local c <close> = setmetatable({}, {__close = function() log[#log + 1] = "close" end})
  error("E")
end, function(e)
  log[#log + 1] = "handler"
  return e
end)
print("order", table.concat(log, ","))

-- the handler can see the values of upvalues at the time of the error
local state = "initial"
print("state", xpcall(function()
  state = "during"
  error("x")
end, function() return "state was " .. state end))

-- a handler that errors itself gives a generic error
print("handler error", xpcall(error, function(e) error("again") end, "x"))

-- the handler is not called on success
local called = false
xpcall(function() end, function() called = true end)
print("not called", called)

-- nested xpcall: the inner handler handles the inner error
print("nested", xpcall(function()
  local ok, e = xpcall(error, function(e) return "inner(" .. e .. ")" end, "E")
  error(e, 0)
end, function(e) return "outer(" .. e .. ")" end))
