-- Comparisons between integers and floats are exact (no rounding through
-- floats), including values near 2^53 and 2^63.
local function id(x) return x end
local max, min = math.maxinteger, math.mininteger

print("1 == 1.0", id(1) == id(1.0))
print("1 < 1.5", id(1) < id(1.5))
print("2 > 1.5", id(2) > id(1.5))
print("-1 < -0.5", id(-1) < id(-0.5))
print("0 == -0.0", id(0) == id(-0.0))

-- 2^53 + 1 cannot be represented as a float
local big = id(2^53)          -- float 9007199254740992.0
local bigi = id(9007199254740993)
print("2^53+1 == 2^53", bigi == big)
print("2^53+1 > 2^53", bigi > big)
print("2^53+1 <= 2^53", bigi <= big)
print("2^53 == int", big == bigi - 1)

-- maxinteger vs 2^63 (the float just above it)
local f63 = id(2^63)
print("max < 2^63", id(max) < f63)
print("max <= 2^63", id(max) <= f63)
print("max == 2^63", id(max) == f63)
print("2^63 > max", f63 > id(max))
print("min == -2^63", id(min) == -f63)
print("min < -2^63", id(min) < -f63)
print("max+0.0 == max", id(max) + 0.0 == id(max))
print("max - 1 < max+0.0", id(max) - 1 < id(max) + 0.0)

-- infinities and integers
local inf = math.huge
print("max < inf", id(max) < inf)
print("min > -inf", id(min) > -inf)
print("inf == inf", inf == id(math.huge))
print("-inf < min", -inf < id(min))

-- fractional floats against integers
print("3 < 3.0000000000000004", id(3) < id(3.0000000000000004))
print("3 <= 2.9999999999999996", id(3) <= id(2.9999999999999996))
print("-3 > -3.0000000000000004", id(-3) > id(-3.0000000000000004))

-- NaN compares false with everything, even itself
local nan = id(0) / id(0)
print("nan == nan", nan == nan)
print("nan ~= nan", nan ~= nan)
print("nan < 1", nan < 1, "nan >= 1", nan >= 1)
print("1 < nan", 1 < nan, "1 >= nan", 1 >= nan)
print("nan < inf", nan < inf)
print("max < nan", id(max) < nan, "max >= nan", id(max) >= nan)
print("not (nan < 1)", not (nan < 1))

-- literal operands
print("k", 1 == 1.0, 2^53 == 9007199254740993, math.maxinteger < 2^63, 0.0 == -0.0)
