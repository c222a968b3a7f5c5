-- Arithmetic metamethods: which operand's metamethod is used, argument order
-- and results (not adjusted to one type).
local function V(n) return setmetatable({n = n}, V_mt) end
V_mt = {}
local function val(x) return type(x) == "table" and x.n or x end
local names = {"add", "sub", "mul", "div", "mod", "pow", "unm", "idiv"}
for _, name in ipairs(names) do
  V_mt["__" .. name] = function(a, b)
    return name .. "(" .. tostring(val(a)) .. "," .. tostring(val(b)) .. ")"
  end
end

local a, b = V(1), V(2)
print("add", a + b)
print("sub", a - 5)
print("mul", 5 * b)
print("div", a / b)
print("mod", a % 3)
print("pow", 2 ^ a)
print("idiv", a // b)
print("unm", -a)        -- __unm receives the operand twice
print("string operand", "10" + a)
print("float operand", 1.5 * b)

-- only the left operand's metamethod is used when both have one
local L = setmetatable({}, {__add = function() return "left" end})
local R = setmetatable({}, {__add = function() return "right" end})
print("left first", L + R, R + L)
-- the right operand is used when the left has none
print("right used", 1 + R, {} + R)

-- metamethods may return any value, including multiple (truncated)
local M = setmetatable({}, {__add = function() return nil, "dropped" end,
                            __sub = function() return {tag = "tbl"} end})
print("nil result", M + 1)
print("table result", (M - 1).tag)

-- the metamethod is looked up with rawget on the metatable
local proxy_mt = setmetatable({}, {__index = function() return function() return "via index" end end})
local P = setmetatable({}, proxy_mt)
print("no inherited mm", pcall(function() return P + 1 end))

-- metamethods for integers-only operations with floats in the table
local F = setmetatable({}, {__mod = function(x, y) return "mod called" end})
print("mod mm", F % 0, 7 % F)
