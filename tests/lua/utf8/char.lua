-- utf8.char and utf8.charpattern.
local digits = "0123456789abcdef"
local function hex(s)
  local t = {}
  for i = 1, #s do
    local b = string.byte(s, i)
    t[#t + 1] = string.sub(digits, b // 16 + 1, b // 16 + 1) .. string.sub(digits, b % 16 + 1, b % 16 + 1)
  end
  return "[" .. table.concat(t, " ") .. "]"
end
local function char(...) return utf8.char(...) end
for _, c in ipairs({0, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x4e2d, 0xd800, 0xdfff, 0xfffd,
    0xffff, 0x10000, 0x1f600, 0x10ffff, 0x110000, 0x1fffff, 0x200000, 0x3ffffff, 0x4000000,
    0x7fffffff}) do
  print("char", c, hex(char(c)))
end
print("none", hex(char()))
print("several", hex(char(72, 0xe9, 0x4e2d, 0x1f600, 0)))
print("float", hex(char(65.0)))
print("string", hex(char("66", " 0x43 ")))
print(pcall(char, 0x80000000))
print(pcall(char, -1))
print(pcall(char, math.mininteger))
print(pcall(char, math.maxinteger))
print(pcall(char, 65, 66, -1))
print(pcall(char, 1.5))
print(pcall(char, "x"))
print(pcall(char, {}))
print(pcall(char, 65, nil))
print(pcall(utf8.char, 2^31))
print("charpattern", hex(utf8.charpattern))
print("charpattern eq", utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
print("long", #char(table.unpack((function()
  local t = {} for i = 1, 2000 do t[i] = 0x10000 + i end return t end)())))
