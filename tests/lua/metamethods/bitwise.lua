-- Bitwise metamethods, including operands that are floats or strings.
local mt = {}
for _, name in ipairs({"band", "bor", "bxor", "shl", "shr", "bnot"}) do
  mt["__" .. name] = function(a, b)
    local function s(x) return type(x) == "table" and "T" or tostring(x) end
    return name .. "(" .. s(a) .. "," .. s(b) .. ")"
  end
end
local T = setmetatable({}, mt)
print("band", T & 1)
print("bor", 2 | T)
print("bxor", T ~ T)
print("shl", T << 3)
print("shr", 1.5 >> T)     -- non-integral float: metamethod still called
print("bnot", ~T)
print("string", "x" & T)

-- when no metamethod exists, the error depends on the operand kinds
print(pcall(function() return 1.5 & 1 end))
print(pcall(function() local f = 2.5 return 1 | f end))
print(pcall(function() return {} | 1 end))
print(pcall(function() local t = {} return t ~ 1 end))
print(pcall(function() return "1" << 1 end))
print(pcall(function() local s = "1.5" return s >> 1 end))

-- arithmetic metamethods are not used for bitwise operators
local A = setmetatable({}, {__add = function() return "add" end})
print(pcall(function() return A & 1 end))
