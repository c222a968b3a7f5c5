-- String literal escapes and long strings, checked through byte values.
local function bytes(s)
  local out = {}
  for i = 1, #s do out[i] = string.byte(s, i) end
  return table.concat(out, " ")
end

print("simple", bytes("\a\b\f\n\r\t\v\\\"\'"))
print("decimal", bytes("\65\066\0677\0"))
print("hex", bytes("\x41\x7a\xff\x00"))
print("utf8 2", bytes("\u{e9}"))
print("utf8 3", bytes("\u{20AC}"))
print("utf8 1", bytes("\u{41}"))
print("utf8 big", bytes("\u{7FFFFFFF}"))
print("z skip", "abc\z
       def")
print("newline escape", bytes("a\
b"))
print("long", [[first
second]])
print("long skips first newline", #[[
x]])
print("long level", [==[a]]b]=]c]==])
print("long no escapes", [[\n\t]])
print("single quote", 'it"s', "it's")
print("nested quotes", "'\"'", '"\'"')
print("char", string.char(72, 105, 33))
print("byte range", string.byte("ABCDE", 2, 4))
print("byte neg", string.byte("ABCDE", -1))
print("sub", string.sub("hello world", 1, 5), string.sub("hello world", -5))
print("sub empty", "[" .. string.sub("abc", 3, 2) .. "]", "[" .. string.sub("abc", 10) .. "]")
print("sub clamp", string.sub("abc", -10, 10), string.sub("abc", 0))
print("rep sep-less", string.rep("ab", 3), "[" .. string.rep("x", 0) .. "]")
print("rep neg", "[" .. string.rep("x", -1) .. "]")
print("format q", string.format("%q", "a\nb\"c\\"))
print("format s", string.format("[%s|%5s|%-5s]", "x", "ab", "cd"))
