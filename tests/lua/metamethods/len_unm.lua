-- __len and __unm.
local L = setmetatable({1, 2, 3}, {__len = function(t) return 42 end})
print("#L", #L, rawlen(L))

-- __len may return any value
local S = setmetatable({}, {__len = function() return "long" end})
print("#S", #S)
local M = setmetatable({}, {__len = function() return 1, 2 end})
print("#M", #M)

-- __len receives the table (and a second copy in 5.4)
local got
local A = setmetatable({}, {__len = function(...) got = select("#", ...) return 0 end})
local _ = #A
print("len args", got)

-- strings ignore __len: their length is always the byte count
print("#string", #"abc")

-- __len in a loop bound
local Count = setmetatable({}, {__len = function() return 3 end})
local seen = 0
for i = 1, #Count do seen = seen + 1 end
print("loop bound", seen)

-- __unm
local U = setmetatable({v = 5}, {__unm = function(a, b) return -a.v, rawequal(a, b) end})
print("-U", -U)
print("- -U", -(-U))   -- inner result is a number

-- no metamethod
print(pcall(function() local t = {} return -t end))
print(pcall(function() local t = {} return #t.x end))
