-- Errors the VM raises while a native function runs carry no position (lua5.4 positions
-- them only when a Lua function is running); the natives' own errors do.
local t = {} setmetatable(t, {__newindex = t})
print(pcall(function() table.insert(t, 1) end))
print(pcall(function() return next({}, "nokey") end))
print(pcall(function() rawset({}, nil, 1) end))
print(pcall(function() return table.concat(setmetatable({}, {__index = function(t, k) return nil + k end, __len = function() return 2 end})) end))
print(pcall(function() local x = ipairs(setmetatable({}, {__index = function() local z; return z.y end})) ; for i in ipairs(setmetatable({}, {__index = function() local z; return z.y end})) do end end))
print(pcall(string.rep))
print(pcall(function() return ("x"):bad() end))
