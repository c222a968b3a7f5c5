-- Metamethods invoked by instructions, nested until the C-stack limit.
local ti = setmetatable({}, {__index = function(s, k) return s[k] end})
print("index", pcall(function() return ti.x end))
local tn = setmetatable({}, {__newindex = function(s, k, v) s[k] = v end})
print("newindex", pcall(function() tn.x = 1 end))
local ta = setmetatable({}, {}); getmetatable(ta).__add = function(a, b) return a + b end
print("add", pcall(function() return ta + 1 end))
local te = setmetatable({}, {}); getmetatable(te).__eq = function(a, b) return a == setmetatable({}, getmetatable(a)) end
print("eq", pcall(function() return te == setmetatable({}, getmetatable(te)) end))
local tl = setmetatable({}, {}); getmetatable(tl).__lt = function(a, b) return a < b end
print("lt", pcall(function() return tl < tl end))
getmetatable(tl).__le = function(a, b) return a <= b end
print("le", pcall(function() return tl <= tl end))
local tc = setmetatable({}, {}); getmetatable(tc).__concat = function(a, b) return a .. b end
print("concat", pcall(function() return tc .. "x" end))
local tlen = setmetatable({}, {}); getmetatable(tlen).__len = function(a) return #a end
print("len", pcall(function() return #tlen end))
local tu = setmetatable({}, {}); getmetatable(tu).__unm = function(a) return -a end
print("unm", pcall(function() return -tu end))
local tb = setmetatable({}, {}); getmetatable(tb).__band = function(a, b) return a & b end
print("band", pcall(function() return tb & 1 end))
local tcall = setmetatable({}, {}); getmetatable(tcall).__call = function(s) return (s()) end
print("call", pcall(tcall))
local mtc = {}
mtc.__close = function() local x <close> = setmetatable({}, mtc) end
print("close", pcall(function() local x <close> = setmetatable({}, mtc) end))
