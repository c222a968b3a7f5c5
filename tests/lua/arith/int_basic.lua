-- Basic integer and float arithmetic: result values and their subtypes.
-- Operands come through a function so the compiler cannot constant-fold them.
local function id(x) return x end
local a, b = id(7), id(2)
local fa, fb = id(7.0), id(2.0)

local function show(label, v)
  print(label, v, math.type(v))
end

show("add int", a + b)
show("sub int", a - b)
show("mul int", a * b)
show("div int", a / b)          -- '/' always produces a float
show("div exact", id(8) / b)
show("idiv int", a // b)
show("mod int", a % b)
show("pow int", a ^ b)          -- '^' always produces a float
show("unm int", -a)

show("add mixed", a + fb)
show("sub mixed", fa - b)
show("mul mixed", a * fb)
show("idiv mixed", a // fb)
show("mod mixed", fa % b)
show("pow float", fa ^ 0.5)

show("add float", 0.5 + 0.25)
show("sub float", fa - fb)
show("mul float", 1.5 * 4)
show("unm float", -fa)
show("unm zero", -id(0))

-- the same expressions with literal operands (constant folding must agree)
show("k add", 7 + 2)
show("k div", 7 / 2)
show("k idiv", 7 // 2)
show("k mod", 7 % 2)
show("k pow", 7 ^ 2)
show("k idiv float", 7.0 // 2)
show("k mixed", 1 + 1.0)

-- precedence and associativity
show("prec 1", 2 + 3 * 4)
show("prec 2", (2 + 3) * 4)
show("prec 3", 2 ^ 3 ^ 2)       -- right associative: 2^9
show("prec 4", -2 ^ 2)          -- unary minus binds weaker than ^
show("prec 5", 2 ^ -1)
show("prec 6", 10 - 4 - 3)      -- left associative
show("prec 7", 100 // 7 % 3)
show("prec 8", -a % 3)
