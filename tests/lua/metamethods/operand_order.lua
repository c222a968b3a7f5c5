-- Metamethods receive operands in source order, whatever instruction form
-- the compiler uses (register, small integer immediate, constant, flipped).
local mt = {}
local function describe(x)
  if type(x) == "table" then return "T" end
  return math.type(x) or type(x) .. ":" .. tostring(x)
end
for _, e in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv",
                    "band", "bor", "bxor", "shl", "shr", "concat"}) do
  mt["__" .. e] = function(a, b) return e .. "(" .. describe(a) .. "," .. describe(b) .. ")" end
end
local T = setmetatable({}, mt)
local two = 2

print(T + 1, 1 + T)           -- immediate
print(T + 1000, 1000 + T)     -- integer constant beyond the immediate range
print(T + 2.5, 2.5 + T)       -- float constant
print(T + two, two + T)       -- register
print(T - 1, 1 - T)
print(T * 3, 3 * T)
print(T / 2, 2 / T)
print(T % 5, 5 % T)
print(T ^ 2, 2 ^ T)
print(T // 2, 2 // T)
print(T & 1, 1 & T)
print(T | 2.0, 2.0 | T)
print(T ~ 3, 3 ~ T)
print(T << 1, 1 << T)
print(T >> 1, 1 >> T)
print(T .. "s", "s" .. T)
print(T + "10", "10" + T)     -- string operands keep their type
print(T - -1, -1 - T)

-- comparisons with immediates go through __lt/__le with the right order
local order = {}
local cmt = {
  __lt = function(a, b) order[#order + 1] = "lt(" .. describe(a) .. "," .. describe(b) .. ")" return true end,
  __le = function(a, b) order[#order + 1] = "le(" .. describe(a) .. "," .. describe(b) .. ")" return false end,
}
local C = setmetatable({}, cmt)
local _ = C < 1, 1 < C, C <= 1, 1 <= C, C > 1, 1 > C, C >= 1.5, 1.5 >= C
print(table.concat(order, " "))
