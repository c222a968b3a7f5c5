-- math.random after math.randomseed: every form, many ranges, several seeds. The sequences
-- must equal lua5.4's bit for bit (xoshiro256**, lua5.4.4's seeding and projection).
local function line(label, ...)
  local out = {}
  for i = 1, select("#", ...) do out[i] = tostring((select(i, ...))) end
  print(label, table.concat(out, " "))
end
local mini, maxi = math.mininteger, math.maxinteger
local seeds = {
  {0}, {1}, {42}, {-1}, {maxi}, {mini}, {123456789, 987654321}, {0, 1}, {-7, -7},
  {3.0}, {"17"}, {"0x10", "2"}, {2^53}, {-2^63},
}
for _, s in ipairs(seeds) do
  line("seed", math.randomseed(s[1], s[2]))
  local t = {}
  for i = 1, 6 do t[i] = math.random(0) end
  line("  int64", table.unpack(t))
  for i = 1, 6 do t[i] = math.random() end
  line("  float", table.unpack(t))
  for i = 1, 6 do t[i] = math.tointeger(math.random() * 2^53) end
  line("  float bits", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(1) end
  line("  m=1", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(2) end
  line("  m=2", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(6) end
  line("  m=6", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(10) end
  line("  m=10", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(100) end
  line("  m=100", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(1000000007) end
  line("  m=1e9+7", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(maxi) end
  line("  m=max", table.unpack(t))
  for i = 1, 4 do t[i] = math.random(mini, maxi) end
  line("  full", table.unpack(t, 1, 4))
  for i = 1, 4 do t[i] = math.random(mini, -1) end
  line("  negatives", table.unpack(t, 1, 4))
  for i = 1, 4 do t[i] = math.random(0, maxi) end
  line("  nonneg", table.unpack(t, 1, 4))
  for i = 1, 4 do t[i] = math.random(mini + 1, maxi) end
  line("  almost full", table.unpack(t, 1, 4))
  for i = 1, 4 do t[i] = math.random(mini, maxi - 1) end
  line("  almost full2", table.unpack(t, 1, 4))
  for i = 1, 4 do t[i] = math.random(-(1 << 62), 1 << 62) end
  line("  +-2^62", table.unpack(t, 1, 4))
  for i = 1, 6 do t[i] = math.random(-10, -1) end
  line("  -10..-1", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(3, 3) end
  line("  3..3", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(mini, mini) end
  line("  min..min", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(-3, 3) end
  line("  -3..3", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(5, 12) end
  line("  5..12", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(1 << 40, (1 << 40) + 2) end
  line("  2^40..+2", table.unpack(t))
  for i = 1, 6 do t[i] = math.random(3.0, "9") end
  line("  conv", table.unpack(t))
  line("  after", math.random(0))
end

-- a long run of small ranges (many rejections) must stay in step
math.randomseed(2024)
local sum, xor = 0, 0
for i = 1, 2000 do
  local r = math.random(i)
  sum = sum + r
  xor = xor ~ (r * i)
end
line("long run", sum, xor, math.random(0))
math.randomseed(99)
local counts = {0, 0, 0}
for _ = 1, 3000 do
  local r = math.random(3)
  counts[r] = counts[r] + 1
end
line("counts", counts[1], counts[2], counts[3], math.random(0))

-- reseeding with the same seed repeats the sequence
math.randomseed(5, 6)
local a = {math.random(0), math.random(), math.random(1000)}
math.randomseed(5, 6)
local b = {math.random(0), math.random(), math.random(1000)}
print("repeat", a[1] == b[1], a[2] == b[2], a[3] == b[3])

-- failing calls still consume a number, as in lua5.4
local function after_error(label, f)
  math.randomseed(11)
  local ok = pcall(f)
  line(label, ok, math.random(0))
end
math.randomseed(11)
line("no error", math.random(0), math.random(0))
after_error("err empty", function() return math.random(2, 1) end)
after_error("err float", function() return math.random(1.5) end)
after_error("err arity", function() return math.random(1, 2, 3) end)
after_error("err arg2", function() return math.random(1, {}) end)
after_error("err seed", function() return math.randomseed({}) end)

-- randomseed's results and their count
line("seed results", math.randomseed(1, 2))
line("seed count", select("#", math.randomseed(7)))
line("seed nil 2", math.randomseed(7, nil))
line("seed ints", math.randomseed(mini, maxi))
