-- Character classes (C locale) over all 256 bytes, sets, ranges and complements.
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)

local function members(pattern)
  local out, count = {}, 0
  for i = 0, 255 do
    if string.find(string.char(i), pattern) then
      count = count + 1
      if i >= 32 and i < 127 then out[#out + 1] = string.char(i) else out[#out + 1] = "\\" .. i end
    end
  end
  return count, table.concat(out)
end

for _, c in ipairs({"a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "z"}) do
  local n, list = members("^%" .. c .. "$")
  print("class %" .. c, n, list)
  local n2 = members("^%" .. c:upper() .. "$")
  print("class %" .. c:upper(), n2)
end

print("dot count", (members("^.$")))
print("escaped dot", string.find("a.b", "%."))
print("escaped percent", string.find("50%", "%%"))
print("escaped bracket", string.find("a[b", "%["))
print("escaped paren", string.find("a(b)", "%)"))
print("escaped star", string.find("a*b", "%*"))
print("escaped plus", string.find("a+b", "%+"))
print("escaped minus", string.find("a-b", "%-"))
print("escaped question", string.find("a?b", "%?"))
print("escaped caret", string.find("a^b", "%^"))
print("escaped dollar", string.find("a$b", "%$"))
print("escaped other letter", string.find("abBc", "%B"))
print("escaped q", string.find("aqc", "%q"))

print("set simple", members("^[abc]$"))
print("set range", members("^[a-f]$"))
print("set ranges", members("^[0-9A-Fa-f]$"))
print("set negated", (members("^[^a-z]$")))
print("set with class", members("^[%d_]$"))
print("set negated class", (members("^[^%w]$")))
print("set upper class", (members("^[%S]$")))
print("set bracket first", members("^[]]$"))
print("set bracket first neg", (members("^[^]]$")))
print("set bracket escaped", members("^[%]x]$"))
print("set dash first", members("^[-a]$"))
print("set dash last", members("^[a-]$"))
print("set dash middle literal", members("^[%a-]$") == members("^[-%a]$"))
print("set caret not first", members("^[a^]$"))
print("set escaped caret", members("^[%^a]$"))
print("set reversed range", members("^[z-a]$"))
print("set range to bracket", members("^[+-]]$"))
print("set dot literal", members("^[.]$"))
print("set percent", members("^[%%]$"))
print("set high bytes", (members("^[\128-\255]$")))
print("set range with class end", members("^[a-%d]$"))
print("set open bracket", members("^[[]$"))
print("set nul", (members("^[%z]$")))

print("class count in all", select(2, all:gsub("%a", "")))
print("punct count", select(2, all:gsub("%p", "")))
print("space count", select(2, all:gsub("%s", "")))
print("cntrl count", select(2, all:gsub("%c", "")))
print("not graph count", select(2, all:gsub("%G", "")))
print("set quantifiers", string.match("abc123def", "[%a]+"), string.match("abc123def", "[%d]+"))
print("set star", string.match("xxyyzz", "[xy]*"))
print("set minus", string.match("xxyyzz", "[xy]-z"))
print("set question", string.match("-12", "[+-]?%d+"))
print("set question no sign", string.match("12", "[+-]?%d+"))
