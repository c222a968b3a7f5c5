-- 'and'/'or' return one of their operands and short-circuit.
local function id(x) return x end
print("and", id(1) and id(2), id(nil) and id(2), id(false) and id(2))
print("or", id(1) or id(2), id(nil) or id(2), id(false) or id(nil))
print("mixed", id(nil) and 1 or 2, id(1) and nil or 3, id(1) and false or "x")
print("values", id(0) and "zero is true", id("") or "never")
print("nested", (id(1) and id(2)) or id(3), id(nil) or (id(false) and 1))

-- short circuit: the right operand is not evaluated
local calls = 0
local function side(v) calls = calls + 1 return v end
local _ = id(false) and side(1)
_ = id(true) or side(2)
_ = id(nil) and side(3) and side(4)
print("short circuit calls", calls)
_ = id(1) and side(5)
_ = id(nil) or side(6)
print("evaluated calls", calls)

-- multiple results are truncated to one by and/or
local function two() return 1, 2 end
print("truncated", two() and two())
print("truncated or", nil or two())
print("count", select("#", id(false) or two()))

-- and/or with comparisons and not
local x = id(5)
print("range", x > 0 and x < 10, x > 0 and x > 10, not (x == 5) or "else")
print("not precedence", not nil == true, not (nil == true))
print("default idiom", id(nil) or "default", id(false) or "default", id(0) or "default")

-- constant operands (folded by the compiler)
print("constants", nil and 1, false or nil, 1 and 2, nil or false, true and nil)
print("strings", "a" and "b", nil or "c", "x" or error("not evaluated"))

-- in conditions
local n = 0
if id(nil) or id(1) then n = n + 1 end
if id(1) and id(nil) then n = n + 10 end
if not (id(false) or id(nil)) then n = n + 100 end
while id(nil) and error("never") do end
print("conditions", n)
