-- __index and __newindex chains that loop or are too long end with an error.
local a, b = {}, {}
setmetatable(a, {__index = b})
setmetatable(b, {__index = a})
print(pcall(function() return a.x end))
print(pcall(function() return b[1] end))

-- a table that is its own __index
local self_ref = {}
setmetatable(self_ref, {__index = self_ref})
print(pcall(function() return self_ref.missing end))
self_ref.present = "ok"
print("present key still works", self_ref.present)

-- __newindex loop
local c, d = {}, {}
setmetatable(c, {__newindex = d})
setmetatable(d, {__newindex = c})
print(pcall(function() c.x = 1 end))

-- a very long (non-looping) chain of 3000 tables also hits the limit
local t = {value = 1}
for i = 1, 3000 do t = setmetatable({}, {__index = t}) end
print(pcall(function() return t.value end))

-- a loop through functions is not detected as a chain: it recurses until
-- the stack overflows (the message ends with 'stack overflow')
local e = setmetatable({}, {})
getmetatable(e).__index = function(t, k) return t[k] end
local ok, msg = pcall(function() return e.x end)
print("function loop", ok, string.sub(msg, -14))
