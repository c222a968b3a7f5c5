-- Infinite recursion through metamethods also ends in a catchable error
-- whose message ends with "stack overflow" (lua5.4: "C stack overflow").
local function ends_with(s, suffix)
  return type(s) == "string" and string.sub(s, -#suffix) == suffix
end

local t = setmetatable({}, {__index = function(self, k) return self[k + 1] end})
local ok, msg = pcall(function() return t[1] end)
print("__index", ok, ends_with(msg, "stack overflow"))

local a = setmetatable({}, {})
getmetatable(a).__add = function(x, y) return x + y end
ok, msg = pcall(function() return a + 1 end)
print("__add", ok, ends_with(msg, "stack overflow"))

local c = setmetatable({}, {})
getmetatable(c).__call = function(self) return 1 + self() end
ok, msg = pcall(c)
print("__call", ok, ends_with(msg, "stack overflow"))

local s = setmetatable({}, {})
getmetatable(s).__tostring = function(self) return tostring(self) end
ok, msg = pcall(tostring, s)
print("__tostring", ok, ends_with(msg, "stack overflow"))

-- the program continues normally afterwards
print("after", rawget(t, 1), pcall(function() return 1 + 1 end))
