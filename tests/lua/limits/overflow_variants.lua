-- Stack overflow through method calls passing varargs, and inside xpcall:
-- the message handler still runs and receives the "stack overflow" message.
-- (Two overflows: about 0.35 s in lua5.4.)
local function ends_with(s, suffix)
  return type(s) == "string" and string.sub(s, -#suffix) == suffix
end

local obj = {calls = 0}
function obj:m(...)
  self.calls = self.calls + 1
  return 1 + self:m(...)
end
local ok, msg = pcall(obj.m, obj, "a", "b", "c")
print("varargs method", ok, ends_with(msg, "stack overflow"))
print("many calls", obj.calls > 10000)

local function recurse(n) return 1 + recurse(n + 1) end
local seen
ok, msg = xpcall(recurse, function(m)
  seen = m
  return "handled: " .. tostring(ends_with(m, "stack overflow"))
end, 1)
print("xpcall", ok, msg)
print("handler saw a string", type(seen))

-- normal operation afterwards
print("afterwards", pcall(function() return 1 + 1 end))
