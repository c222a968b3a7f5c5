-- Comparisons with constant operands on either side (the compiler uses
-- special instruction forms for immediates and constants).
local function id(x) return x end
local x, f, s = id(5), id(2.5), id("m")

print("x < 10", x < 10, "10 < x", 10 < x)
print("x <= 5", x <= 5, "5 <= x", 5 <= x)
print("x > 4", x > 4, "4 > x", 4 > x)
print("x >= 6", x >= 6, "6 >= x", 6 >= x)
print("x == 5", x == 5, "5 == x", 5 == x)
print("x ~= 5.0", x ~= 5.0, "x == 5.0", x == 5.0)
print("x < 5.5", x < 5.5, "x > 4.5", x > 4.5)
print("f < 3", f < 3, "f > 2", f > 2, "f == 2", f == 2)
print("f >= 2.5", f >= 2.5, "2.5 <= f", 2.5 <= f)
print("s < 'n'", s < "n", "s > 'l'", s > "l", "s == 'm'", s == "m")
print("x == 'x'", x == "5", "s == 1", s == 1)
print("big imm", x < 1000000, x > -1000000, x == 300, x < 2^63)
print("neg imm", id(-3) < -2, id(-3) == -3, id(-3) >= -3.0)
print("nil cmp", id(nil) == nil, id(false) == nil, id(nil) ~= false)
print("bool cmp", id(true) == true, id(false) ~= true)

-- the same in conditions (jump forms)
local function classify(v)
  if v < 0 then return "neg"
  elseif v == 0 then return "zero"
  elseif v <= 9 then return "digit"
  elseif v >= 100 then return "big"
  else return "mid" end
end
for _, v in ipairs({-5, 0, 0.0, 3, 9.5, 42, 100, 1e9, -0.0}) do
  print("classify", v, classify(v))
end

-- errors from immediate comparisons name the types
print(pcall(function() return id(nil) < 1 end))
print(pcall(function() return 1 > id("x") end))
print(pcall(function() return id({}) >= 2.5 end))
print(pcall(function() local t = {} return t > 0 end))
