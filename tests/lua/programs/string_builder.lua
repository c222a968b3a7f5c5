-- Text processing without patterns: splitting, word counting, reversal,
-- Caesar cipher and run-length encoding using string.byte/char/sub.
local text = "the quick brown fox jumps over the lazy dog the end"

local function split(s, sep)
  local out, start = {}, 1
  for i = 1, #s do
    if string.sub(s, i, i) == sep then
      out[#out + 1] = string.sub(s, start, i - 1)
      start = i + 1
    end
  end
  out[#out + 1] = string.sub(s, start)
  return out
end
local words = split(text, " ")
print("words", #words, words[1], words[#words])

local counts, order = {}, {}
for _, w in ipairs(words) do
  if not counts[w] then order[#order + 1] = w counts[w] = 0 end
  counts[w] = counts[w] + 1
end
local parts = {}
for _, w in ipairs(order) do parts[#parts + 1] = w .. "=" .. counts[w] end
print("counts", table.concat(parts, " "))

local function reverse(s)
  local r = {}
  for i = #s, 1, -1 do r[#r + 1] = string.sub(s, i, i) end
  return table.concat(r)
end
print("reverse", reverse("stressed"), reverse(""), reverse("a"))

local function caesar(s, k)
  local out = {}
  for i = 1, #s do
    local c = string.byte(s, i)
    if c >= 97 and c <= 122 then c = (c - 97 + k) % 26 + 97 end
    out[i] = string.char(c)
  end
  return table.concat(out)
end
local enc = caesar(text, 3)
print("caesar", enc)
print("decoded", caesar(enc, -3) == text)

local function rle(s)
  local out, i = {}, 1
  while i <= #s do
    local c, j = string.sub(s, i, i), i
    while string.sub(s, j + 1, j + 1) == c do j = j + 1 end
    out[#out + 1] = (j - i + 1) .. c
    i = j + 1
  end
  return table.concat(out)
end
print("rle", rle("aaabccddddde"), rle("x"), "[" .. rle("") .. "]")

local function upper(s)
  local out = {}
  for i = 1, #s do
    local c = string.byte(s, i)
    if c >= 97 and c <= 122 then c = c - 32 end
    out[i] = c
  end
  return string.char(table.unpack(out))
end
print("upper", upper("Hello, World!"))
print("padded", string.format("[%-8s][%8s][%3d]", "left", "right", 7))
