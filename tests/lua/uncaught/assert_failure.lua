-- A failed assert with a message.
local function parse(s)
  return tonumber(s)
end
print(assert(parse("10")))
assert(parse("abc"), "not a number: abc")
