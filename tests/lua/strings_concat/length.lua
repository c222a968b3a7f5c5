-- The length operator on strings counts bytes; on tables it gives a border.
local function id(x) return x end

print("#''", #id(""))
print("#'abc'", #id("abc"))
print("#with zero", #id("a\0b\0"))
print("#utf8", #id("h\u{e9}llo"))              -- é takes two bytes
print("#rep", #string.rep("xy", 1000))
print("#long", #id([[
line1
line2]]))
print("string.len", string.len(id("four")))
print("#concat", #(id("ab") .. id("cde")))
print("#number str", #tostring(id(12345)))

local t = {10, 20, 30}
print("#t", #t)
t[#t + 1] = 40
print("#t after append", #t)
t[#t] = nil
print("#t after remove", #t)
print("#{}", #{})
print("#{nil}", #{nil})
print("#{1,2,nil}", #{1, 2, nil})
local big = {}
for i = 1, 1000 do big[i] = i end
print("#big", #big)
for i = 1000, 501, -1 do big[i] = nil end
print("#big shrunk", #big)
print("rawlen", rawlen(big), rawlen(id("hello")))

-- errors
print(pcall(function() return #id(5) end))
print(pcall(function() local n = 5 return #n end))
print(pcall(function() local t = {} return #t.x end))
print(pcall(function() return #undefined_global end))
