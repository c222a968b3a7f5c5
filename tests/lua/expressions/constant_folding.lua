-- Expressions with constant operands must give the same results as at run
-- time, including cases that a compiler must not fold (errors, -0.0, NaN).
local function id(x) return x end
local function same(label, folded, runtime)
  local eq = folded == runtime or (folded ~= folded and runtime ~= runtime)
  -- NaN is never printed (lua5.4 may print it as nan or -nan)
  local shown = folded ~= folded and "NaN" or folded
  print(label, shown, math.type(folded), eq and "same" or "DIFFERENT")
end

same("add", 3 + 4, id(3) + id(4))
same("int overflow", math.maxinteger * 2, id(math.maxinteger) * id(2))
same("div", 7 / 2, id(7) / id(2))
same("idiv neg", -7 // 2, id(-7) // id(2))
same("mod neg", -7 % 3, id(-7) % id(3))
same("fmod", 5.5 % -2, id(5.5) % id(-2))
same("pow", 2 ^ 10, id(2) ^ id(10))
same("shift", 1 << 62, id(1) << id(62))
same("shift big", 1 << 70, id(1) << id(70))
same("band", 0xF0 & 0x0F, id(0xF0) & id(0x0F))
same("bnot", ~0, ~id(0))
same("unm min", -math.mininteger, -id(math.mininteger))
same("nan", 0 / 0, id(0) / id(0))
same("float idiv zero", 1 // 0.0, id(1) // id(0.0))
same("neg zero", -0.0, -id(0.0))
same("concat", 1 .. 2, id(1) .. id(2))
same("float concat", 1.0 .. "", id(1.0) .. "")
same("string arith", "10" + 5, id("10") + id(5))
same("not", not nil, not id(nil))
same("len", #"hello", #id("hello"))
same("cmp", 1 < 2.5, id(1) < id(2.5))
same("eq", 1 == 1.0, id(1) == id(1.0))

-- the sign of zero in folded expressions
print("1/-0.0", 1 / -0.0, 1 / (0.0 * -1), 1 / (-0.0 + 0.0))
print("0.0 and -0.0 constants", 0.0, -0.0, 0.0 == -0.0)

-- expressions that raise errors are not folded away
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() return 1.5 | 0 end))
print(pcall(function() return "a" + 1 end))
print(pcall(function() return "x" | 1 end))
print(pcall(function() return {} .. "" end))
print(pcall(function() return -{} end))
print(pcall(function() return #5 end))
