-- Arithmetic and comparisons at the boundaries of the compiler's immediate
-- and constant operand forms give ordinary results.
local function id(x) return x end
local x = id(1000)
print("addi", x + 127, x + 128, x - 128, x - 129, x + -127, x + -128)
print("addk", x + 100000, x - 100000, x + 2^31, x + 1.5)
print("mul/div k", x * 3, x / 8, x // 7, x % 7, x ^ 2)
print("shift imm", x << 1, x >> 1, 1 << id(10), x << -1, x >> -1, 2 >> id(1))
print("bitwise k", x & 0xFF, x | 0x10000, x ~ 0xFFFF)
print("const left", 5 - x, 5.5 - x, 100000 - x, 2 ^ id(3), 10 // id(3), 10 % id(3))
print("float imm", id(1.5) + 1, id(1.5) - 1, id(1.5) * 2)
print("eqi", x == 1000, x == 1001, x ~= 1000, id(-1) == -1)
print("lti/gti", x < 1001, x > 999, x <= 1000, x >= 1001, id(5) < 5.5, id(5.5) > 5)
print("eqk", id("s") == "s", id(2^60) == 2^60, id(1.5) == 1.5)
print("big literal", id(2147483647) + 1, id(-2147483648) - 1, 4294967296 * 4294967296)
print("loadi/f", 0, -1, 65535, 65536, -65536, 1e3, -0.5, 131071, 131072)

-- table access forms: small integer keys, large integer keys, constants,
-- register keys, and keys not representable as immediates
local t = {}
t[1] = "a"; t[255] = "b"; t[256] = "c"; t[100000] = "d"; t[-1] = "e"; t[0] = "f"
t.name = "g"; t["with space"] = "h"; t[1.5] = "i"; t[true] = "j"
local k = id(256)
print("get", t[1], t[255], t[256], t[k], t[100000], t[-1], t[0], t.name, t["with space"], t[1.5], t[true])
print("upvalue table", (function() return t[255], t.name end)())
print("_ENV index", _ENV["print"] == print, _ENV[1])

-- self with many constants (the method name may need a register)
local obj = {}
for i = 1, 300 do obj["m" .. i] = function(self, a) return i + a end end
local src = {"local obj = ...", "local s = 0"}
for i = 1, 300 do src[#src + 1] = "s = s + obj:m" .. i .. "(1)" end
src[#src + 1] = "return s"
print("300 methods", load(table.concat(src, "\n"))(obj))

-- concatenation of many operands in one expression
print("concat 10", 1 .. 2 .. 3 .. 4 .. 5 .. 6 .. 7 .. 8 .. 9 .. 10)
local parts = {}
for i = 1, 150 do parts[i] = "'" .. (i % 10) .. "'" end
print("concat 150", #load("return " .. table.concat(parts, " .. "))())
