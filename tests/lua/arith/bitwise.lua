-- Bitwise operators on integers and on floats with exact integer values.
local function id(x) return x end
local a, b = id(0xF0), id(0x3C)

print("and", a & b)
print("or", a | b)
print("xor", a ~ b)
print("not", ~a)
print("not 0", ~id(0))
print("shl", a << 4)
print("shr", a >> 4)
print("shl neg", a << -4)          -- negative shift shifts the other way
print("shr neg", a >> -4)
print("shl 64", a << 64)           -- shifting 64 or more bits gives 0
print("shr 64", a >> 64)
print("shr logical", id(-1) >> 1)  -- '>>' is logical, not arithmetic
print("shr -1 63", id(-1) >> 63)
print("shl min", id(1) << 63 == math.mininteger)
print("xor self", a ~ a)
print("-1 & max", id(-1) & math.maxinteger)

-- floats with an exact integer value are converted
print("float and", id(3.0) & id(1))
print("float or", id(2.0) | id(1.0))
print("float shl", id(1.0) << id(2.0))
print("float type", math.type(id(2.0) | 0))
print("2^53 | 0", id(2^53) | 0)
print("-0.0 | 0", id(-0.0) | 0)

-- precedence (tightest first): + -, .., << >>, &, ~, |, comparisons
print("prec 1", 1 | 2 & 3)         -- & before |
print("prec 2", 1 << 2 + 1)        -- + before <<
print("prec 3", 5 ~ 3 | 8)         -- ~ before |
print("prec 4", 6 & 3 == 2)        -- & binds tighter than ==
print("prec 5", ~0 >> 60)

-- literal versions (folding)
print("k", 0xF0 & 0x3C, 0xF0 | 0x3C, 0xF0 ~ 0x3C, ~0xF0, 1 << 63, -1 >> 1)
print("k float", 3.0 & 1, 1 << 64, 2 >> -1)

-- hex literals wrap around to negative integers
print("hex", 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000)
