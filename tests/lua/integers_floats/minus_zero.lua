-- Negative zero: equal to zero, but prints as -0.0 and keeps its sign in
-- division. The compiler must not merge the constants 0.0 and -0.0.
local function id(x) return x end
local nz = id(-0.0)
local z = id(0.0)
print("values", nz, z)
print("equal", nz == z, nz == 0, nz < z)
print("1/-0.0", 1 / nz, "1/0.0", 1 / z)
print("constants", -0.0, 0.0, 1 / -0.0, 1 / 0.0)

-- both constants in one function (distinct constant slots)
local function both() return 0.0, -0.0 end
local a, b = both()
print("both", a, b, 1 / a, 1 / b)

-- integer zero has no sign
print("int", -0, 0 * -1, -id(0))
print("mul", id(-1) * 0.0, id(0.0) * -1, id(-0.0) * -1)
print("add", id(-0.0) + 0.0, id(-0.0) + id(-0.0), id(-0.0) - 0.0)
print("floor div", id(-0.0) // 1, id(-1) // math.huge)
print("mod", id(-0.0) % 1, id(-1.0) % 1)
print("as key", ({[nz] = "stored"})[0])
print("to int", nz | 0, math.type(math.floor(nz)))
print("concat", nz .. "", string.format("%g", nz))
print("tonumber", tonumber("-0"), tonumber("-0.0"), math.type(tonumber("-0")))
