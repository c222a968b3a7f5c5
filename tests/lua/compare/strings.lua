-- String comparison is bytewise (no locale in these cases), prefix sorts first.
local function id(x) return x end
-- printable form: bytes outside 32..126 are shown as \ddd
local function q(s)
  local out = {}
  for i = 1, #s do
    local c = string.byte(s, i)
    if c < 32 or c > 126 then out[#out + 1] = "\\" .. c
    else out[#out + 1] = string.char(c) end
  end
  return '"' .. table.concat(out) .. '"'
end
local function cmp(a, b)
  print(q(a) .. " vs " .. q(b), a < b, a <= b, a > b, a >= b, a == b)
end

cmp(id("a"), id("b"))
cmp(id("abc"), id("abd"))
cmp(id("abc"), id("ab"))
cmp(id(""), id("a"))
cmp(id(""), id(""))
cmp(id("Z"), id("a"))
cmp(id("10"), id("9"))
cmp(id("a\0b"), id("a\0c"))
cmp(id("a\0"), id("a"))
cmp(id("same"), id("same"))
cmp(id("\200"), id("\100"))
cmp(id("\255"), id("\0"))
cmp(id(" "), id("!"))

-- equality of strings built in different ways
local s1 = id("hel") .. id("lo")
local s2 = string.sub(id("xhellox"), 2, 6)
print("built equal", s1 == s2, s1 == "hello", rawequal(s1, s2))
local long1 = string.rep("ab", 100)
local long2 = string.rep("a", 1) .. string.rep("ba", 99) .. "b"
print("long equal", long1 == long2, long1 < long2, #long1)

-- simple insertion sort using '<' on strings
local words = {"pear", "Apple", "apple", "banana", "", "ban", "b", "Banana"}
for i = 2, #words do
  local v, j = words[i], i - 1
  while j >= 1 and v < words[j] do
    words[j + 1] = words[j]
    j = j - 1
  end
  words[j + 1] = v
end
print("sorted", table.concat(words, ","))
