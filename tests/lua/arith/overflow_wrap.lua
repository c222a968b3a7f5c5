-- Integer arithmetic wraps around (two's complement), it never becomes a float.
local function id(x) return x end
local max, min = math.maxinteger, math.mininteger
local vmax, vmin = id(max), id(min)

print("max", max)
print("min", min)
print("max+1", vmax + 1, vmax + 1 == vmin)
print("min-1", vmin - 1, vmin - 1 == vmax)
print("max*2", vmax * 2)
print("min*-1", vmin * -1)
print("-min", -vmin)
print("min // -1", vmin // -1)
print("min % -1", vmin % -1)
print("max * max", vmax * vmax)
print("big mul", id(3037000500) * id(3037000500))
print("type", math.type(vmax + 1))

-- folded constants must wrap exactly the same way
print("k max+1", math.maxinteger + 1)
print("k min // -1", math.mininteger // -1)
print("k min % -1", math.mininteger % -1)
print("k literal", 9223372036854775807 + 1)

-- float arithmetic does not wrap
print("max + 1.0", vmax + 1.0)
print("max + 0.0 == 2^63", vmax + 0.0 == 2^63)
print("min + 0.0", vmin + 0.0)

-- shifts also wrap/drop bits
print("1 << 63", id(1) << 63)
print("1 << 64", id(1) << 64)
print("max << 1", vmax << 1)
print("min >> 63", vmin >> 63)

-- accumulate past the limit in a loop
local x = vmax - 2
for i = 1, 5 do x = x + 1 print("step", i, x) end

-- factorial overflows silently
local f = 1
for i = 1, 25 do f = f * i end
print("25! wrapped", f)
