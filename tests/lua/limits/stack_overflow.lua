-- Unbounded non-tail recursion ends in a catchable "stack overflow" error
-- (lua5.4 reaches a depth of about 1,000,000 here). Only the end of the
-- message is printed: lua5.4 says "<position>: stack overflow".
-- (Each overflow costs lua5.4 about 0.3 s, so this file triggers just one.)
local function ends_with(s, suffix)
  return type(s) == "string" and string.sub(s, -#suffix) == suffix
end

local depth = 0
local function recurse()
  depth = depth + 1
  return 1 + recurse()        -- not a tail call
end
local ok, msg = pcall(recurse)
print("caught", ok, ends_with(msg, "stack overflow"))
print("deep enough", depth > 10000)

-- after the overflow, the state is usable and deep recursion works again
local function limited(n) if n == 0 then return 0 end return 1 + limited(n - 1) end
print("recovered", limited(50000))
local t = {}
for i = 1, 10 do t[i] = i end
print("still working", #t, table.concat(t, ","))
