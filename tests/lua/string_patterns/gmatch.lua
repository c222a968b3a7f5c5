-- string.gmatch: iteration, captures, empty matches, init, anchors.
local function collect(s, p, init)
  local out = {}
  for a, b in string.gmatch(s, p, init) do
    if b ~= nil then out[#out + 1] = tostring(a) .. "=" .. tostring(b) else out[#out + 1] = tostring(a) end
  end
  return #out .. ": " .. table.concat(out, ",")
end

print("words", collect("one two three", "%a+"))
print("pairs", collect("a=1, b=2, c=3", "(%w+)=(%w+)"))
print("positions", collect("abc", "()"))
print("position pairs", collect("abc", "()(.)"))
print("empty pattern", collect("abc", ""))
print("star", collect("abc", "b*"))
print("star all", collect("aaa", "a*"))
print("lazy", collect("abc", ".-"))
print("optional", collect("abab", "a?"))
print("digits", collect("x1y22z333", "%d+"))
print("no match", collect("abc", "%d"))
print("empty subject", collect("", ".*"))
print("empty subject empty", collect("", ""))
print("caret literal", collect("^a^a", "^a"))
print("caret only", collect("a^b^", "^"))
print("dollar", collect("abc", "$"))
print("dollar char", collect("abcc", "c$"))
print("init", collect("one two three", "%a+", 5))
print("init mid word", collect("one two three", "%a+", 6))
print("init negative", collect("one two three", "%a+", -5))
print("init zero", collect("abc", ".", 0))
print("init too negative", collect("abc", ".", -10))
print("init at end", collect("abc", "()", 4))
print("init past end", collect("abc", "()", 5))
print("init far past end", collect("abc", ".*", math.maxinteger))
print("init mininteger", collect("abc", ".", math.mininteger))
print("lines", collect("l1\nl2\n\nl4", "[^\n]*"))
print("lines 2", collect("l1\nl2\n\nl4\n", "([^\n]*)\n"))
print("backref", collect("aa bb cd ee", "(%a)%1"))
print("balanced", collect("(a)(b(c))", "%b()"))
print("frontier", collect("THE (quick) fox", "%f[%a]%a+"))
print("number subject", collect(123456, "%d%d"))

local it = string.gmatch("a b c", "%a")
print("manual", it(), it(), it(), it(), it())
local it2 = string.gmatch("ab", "")
print("manual empty", it2(), it2(), it2(), it2())
local it3 = string.gmatch("xyz", ".")
print("args ignored", it3("zzz", 5), it3())

-- Two iterators over the same subject are independent.
local i1, i2 = string.gmatch("abc", "."), string.gmatch("abc", ".")
print("independent", i1(), i1(), i2(), i1(), i2())

-- Modifying locals while iterating is fine.
local count = 0
for w in ("a,b,,c"):gmatch("([^,]*)") do count = count + 1 end
print("method count", count)

-- Captures of a partly failed attempt do not leak into the next match.
print("reset", collect("ab-ac", "(a)(c?)"))
