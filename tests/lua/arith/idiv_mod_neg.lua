-- Floor division and modulo with negative and float operands.
-- '//' rounds towards minus infinity; 'a % b' has the sign of b.
local function id(x) return x end

local pairs_list = {
  {7, 2}, {-7, 2}, {7, -2}, {-7, -2},
  {6, 3}, {-6, 3}, {6, -3}, {0, 5}, {0, -5},
  {1, 3}, {-1, 3}, {1, -3}, {-1, -3},
}
for _, p in ipairs(pairs_list) do
  local a, b = id(p[1]), id(p[2])
  print("int", a, b, a // b, a % b)
end

local fpairs = {
  {7.5, 2}, {-7.5, 2}, {7.5, -2}, {-7.5, -2},
  {7, 2.0}, {-7, 2.0}, {5.25, 0.5}, {-5.25, 0.5},
  {3, -0.5}, {0.0, 2}, {-0.0, 2}, {1, 0.25},
}
for _, p in ipairs(fpairs) do
  local a, b = id(p[1]), id(p[2])
  print("float", a, b, a // b, a % b)
end

-- modulo by infinities
local inf = math.huge
print("5 % inf", id(5) % inf)
print("-5 % inf", id(-5) % inf)
print("5 % -inf", id(5) % -inf)
print("-5 % -inf", id(-5) % -inf)
print("5 // inf", id(5) // inf)
print("-5 // inf", id(-5) // inf)

-- literal versions (constant folding must agree with the runtime)
print("k", 7 // -2, 7 % -2, -7 // 2, -7 % 2)
print("k float", 7.5 // -2, 7.5 % -2, -7.5 // 2, -7.5 % 2)
print("k inf", 5 % math.huge, -5 % math.huge)

-- identity a == (a // b) * b + a % b for integers
local ok = true
for a = -20, 20 do
  for b = -7, 7 do
    if b ~= 0 and (a // b) * b + a % b ~= a then ok = false end
  end
end
print("identity holds", ok)
