-- Random format items (flags, widths, precisions, conversions, junk) against many values;
-- prints each result or error message. A deterministic generator, so the output is fixed.
local spec_chars = "-+ #0123456789.-+ #0.."
local conversions = "cdiuoxXaAeEfgGqsyl%"
local numbers = { 0, -1, 7, 255, 1.5, -0.0, 0.1, 1/0, -1/0, math.mininteger, math.maxinteger,
  1e300, 5e-324, 2^-1022, 99.5, -2.5, 123456.789, 1e-5, 65, 2^53, 1e15, 0.5 }
local others = { "12", "0x1p4", "x", "a\0b", "hello", true, false, ("z"):rep(120) }
local seed = 4242
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed >> 8) % n + 1
end
local function call(f, v)
  return string.format(f, v)
end
local function visible(s)
  local out = {}
  for j = 1, #s do
    local b = s:byte(j)
    if b < 32 or b > 126 then out[#out + 1] = "\\" .. b else out[#out + 1] = s:sub(j, j) end
  end
  return table.concat(out)
end
local where = "string_format/random_items.lua:14: "
for i = 1, 3000 do
  local parts = { "%" }
  for _ = 1, rand(7) - 1 do
    local k = rand(#spec_chars)
    parts[#parts + 1] = spec_chars:sub(k, k)
  end
  local k = rand(#conversions)
  parts[#parts + 1] = conversions:sub(k, k)
  local f = table.concat(parts)
  local v
  if rand(5) == 1 then v = others[rand(#others + 1)] else v = numbers[rand(#numbers)] end
  local ok, r = pcall(call, f, v)
  if ok then r = visible(r) end
  if ok and #r > 60 then r = #r .. ":" .. r:sub(1, 30) .. "..." .. r:sub(-20) end
  if not ok and r:sub(1, #where) == where then r = r:sub(#where + 1) end
  print(i, f, ok, r)
end
