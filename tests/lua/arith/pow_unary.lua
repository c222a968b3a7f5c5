-- Exponentiation always gives floats; unary minus keeps the subtype.
local function id(x) return x end
local function show(label, v)
  print(label, v, math.type(v))
end

show("2^10", id(2) ^ 10)
show("2^0", id(2) ^ 0)
show("0^0", id(0) ^ 0)
print("2^0.5 squared ok", (id(2) ^ 0.5) ^ 2 > 1.9999)
show("2^-2", id(2) ^ -2)
show("(-2)^3", id(-2) ^ 3)
show("(-2)^2", id(-2) ^ 2)
show("2^53", id(2) ^ 53)
show("2^63", id(2) ^ 63)
show("2^64", id(2) ^ 64)
show("10^300*10^10", id(10) ^ 300 * id(10) ^ 10)
local r = id(-8) ^ (1 / 3)
print("(-8)^(1/3) is nan", r ~= r)
show("0^-1", id(0) ^ -1)
show("k 2^10", 2 ^ 10)
show("k -2^2", -2 ^ 2)
show("k (-2)^2", (-2) ^ 2)

-- unary minus
show("-(3)", -id(3))
show("-(3.0)", -id(3.0))
show("-(0)", -id(0))
show("-(0.0)", -id(0.0))
show("--3", - -id(3))
show("-min", -math.mininteger)
show("k -0.0", -0.0)
show("k - -3", - -3)

-- 'not' and '#' unary
print("not nil", not nil)
print("not 0", not 0)
print("not ''", not "")
print("not not x", not not id("x"))
print("#'abc'", #id("abc"))
print("#-", -#id("abcd"))
