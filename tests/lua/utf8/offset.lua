-- utf8.offset: forward, backward, n = 0, bounds and continuation errors.
local function offset(...) return utf8.offset(...) end
local function try(label, ...)
  print(label, pcall(offset, ...))
end
local s = "h\u{e9}\u{4e2d}\u{1f600}!"
for n = -7, 7 do try("n " .. n, s, n) end
for i = 1, #s + 1 do try("n 0 i " .. i, s, 0, i) end
for i = 1, #s + 1 do try("n 1 i " .. i, s, 1, i) end
for i = 1, #s + 1 do try("n -1 i " .. i, s, -1, i) end
try("n 2 i 3", s, 2, 3)
try("n 3 i 3", s, 3, 3)
try("n -2 i 7", s, -2, 7)
try("i 0", s, 1, 0)
try("i past", s, 1, #s + 2)
try("i -100", s, 1, -100)
try("i neg", s, 1, -1)
try("i neg cont", s, 1, -2)
try("empty 1", "", 1)
try("empty 0", "", 0)
try("empty -1", "", -1)
try("empty 2", "", 2)
try("huge n", s, math.maxinteger)
try("huge neg n", s, math.mininteger)
try("float n", s, 2.0)
try("bad n", s, 2.5)
try("no n", s)
try("str n", s, "3")
try("number s", 12345, 3)
try("invalid bytes", "\xff\xfe\x80a", 2)
try("invalid bytes 0", "\x80\x80\x80", 0, 3)
try("invalid bytes -1", "a\x80\x80", -1)
