-- Mixing integers and floats near precision limits.
local function id(x) return x end
local big = id(2^53)                 -- exact float
print("2^53 + 1", big + 1, big + 1 == big)
print("int 2^53 + 1", id(9007199254740992) + 1)
print("float sum large", id(1e16) + 1, id(1e16) + 2)
print("int exact", id(9007199254740993) * 1, id(9007199254740993) * 1.0)
print("conv back", math.floor(id(2^53) + 2.0) == 9007199254740994)

-- equality of integers and floats uses exact values
print("eq", id(9007199254740993) == id(2^53 + 1.0), id(9007199254740992) == id(2^53))

-- integer division and modulo of large values stay exact
print("idiv big", id(math.maxinteger) // 2, id(math.maxinteger) % 10)
print("idiv float big", id(math.maxinteger + 0.0) // 2)
print("mod float", id(5.5) % 2, id(-5.5) % 2, id(5.5) % -2)
print("tiny mod", id(1e-300) % 1, id(-1e-300) % 1 == 1.0)

-- converting floats to integers through floor / bitwise
print("floor 2^62 float", math.floor(id(2.0^62)), math.type(math.floor(id(2.0^62))))
print("floor 2^63 float", math.floor(id(2.0^63)), math.type(math.floor(id(2.0^63))))
print("floor -2^63", math.floor(id(-2.0^63)), math.type(math.floor(id(-2.0^63))))
print("or -2^63", id(-2.0^63) | 0)

-- average of two large integers without overflow
local a, b = math.maxinteger, math.maxinteger - 2
print("average", (a // 2) + (b // 2) + ((a % 2 + b % 2) // 2))

-- float loop accumulation vs integer count
local f = 0.0
for i = 1, 10 do f = f + 0.1 end
print("0.1*10", f, f == 1.0, f < 1.0)
