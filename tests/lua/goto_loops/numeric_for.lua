-- Numeric for loops: integer and float loops, steps, limits and overflow.
local function collect(a, b, c)
  local out = {}
  if c then
    for i = a, b, c do out[#out + 1] = tostring(i) end
  else
    for i = a, b do out[#out + 1] = tostring(i) end
  end
  return "[" .. table.concat(out, " ") .. "]"
end

print("1..5", collect(1, 5))
print("5..1", collect(5, 1))
print("5..1 step -1", collect(5, 1, -1))
print("1..10 step 3", collect(1, 10, 3))
print("10..1 step -4", collect(10, 1, -4))
print("1..1", collect(1, 1))
print("float", collect(0.5, 2.5))
print("float step", collect(0, 1, 0.25))
print("int start float limit", collect(1, 3.7))
print("int start float limit neg", collect(3, 0.5, -1))
print("float limit below", collect(1, 0.5))
print("float start", collect(1.0, 3))
print("float step int", collect(1, 3, 1.0))
print("limit -inf", collect(1, -math.huge))
print("limit inf neg step", collect(1, math.huge, -1))
print("huge limit", collect(math.maxinteger - 2, math.huge))

-- no overflow at the ends of the integer range
print("near max", collect(math.maxinteger - 2, math.maxinteger))
print("near min", collect(math.mininteger + 2, math.mininteger, -1))
print("max step", collect(0, math.maxinteger, math.maxinteger // 2))
print("big step", collect(math.mininteger, math.maxinteger, math.maxinteger))
print("step beyond range", collect(1, math.maxinteger, math.maxinteger))

-- the loop variable is a copy: assigning it does not change the iteration
local seen = {}
for i = 1, 3 do
  seen[#seen + 1] = i
  i = i * 10
  seen[#seen + 1] = i
end
print("assign loop var", table.concat(seen, " "))

-- the limit and step are evaluated once
local n = 3
local count = 0
for i = 1, n do n = n + 1 count = count + 1 end
print("limit once", count, n)

-- loop variable types
for i = 1, 1 do print("int type", math.type(i)) end
for i = 1.0, 1 do print("float type", math.type(i)) end
for i = 1, 1, 1.0 do print("float step type", math.type(i)) end

-- float accumulation: the count is determined by repeated addition
local c = 0
for x = 0, 1, 0.1 do c = c + 1 end
print("0..1 by 0.1 iterations", c)

-- nested loops with break
local pairs_found = 0
for i = 1, 10 do
  for j = i, 10 do
    if i * j > 20 then break end
    pairs_found = pairs_found + 1
  end
end
print("nested break", pairs_found)
