-- utf8.codes: iteration, lax mode, invalid sequences raised by the iterator.
local function collect(s, lax)
  local t = {}
  for p, c in utf8.codes(s, lax) do t[#t + 1] = p .. ":" .. c end
  return table.concat(t, " ")
end
local function try(label, ...)
  print(label, pcall(collect, ...))
end
try("ascii", "abc")
try("empty", "")
try("mixed", "h\u{e9}\u{4e2d}\u{1f600}!")
try("nul", "a\0b")
try("number", 12345)
try("float", 1.5)
try("lone cont start", "\x80abc")
try("cont after ascii", "a\x80")
try("cont after ascii mid", "a\x80b")
try("cont after char", "\u{4e2d}\x80\x80z")
try("truncated", "ab\xe4\xb8")
try("truncated mid", "ab\xe4\xb8cd")
try("ff", "a\xff")
try("overlong", "\xc0\x80")
try("surrogate", "x\xed\xa0\x80")
try("surrogate lax", "x\xed\xa0\x80", true)
try("too big", "\xf4\x90\x80\x80")
try("too big lax", "\xf4\x90\x80\x80", 1)
try("5 bytes lax", "\xf8\x88\x80\x80\x80.", true)
try("6 bytes lax", "\xfd\xbf\xbf\xbf\xbf\xbf", true)
try("lax false", "\xed\xa0\x80", false)
try("lax nil", "\xed\xa0\x80", nil)
print("bad s", pcall(function() return utf8.codes({}) end))
print("no s", pcall(function() return utf8.codes() end))
print("bool s", pcall(function() return utf8.codes(true) end))

-- the triple returned by codes
local f, s, i = utf8.codes("abc")
print("triple", type(f), s, i)
local g, s2 = utf8.codes(42)
print("number kept", type(s2), s2)
print("same strict", f == utf8.codes("xyz"))
print("same lax", utf8.codes("x", true) == utf8.codes("y", 1))
print("strict ~= lax", f ~= utf8.codes("x", true))

-- calling the iterator directly (it keeps no state)
local function call(...) return f(...) end
print("it 0", call("abc", 0))
print("it 1", call("abc", 1))
print("it 2", call("abc", 2))
print("it 3", call("abc", 3))
print("it 4", call("abc", 4))
print("it -1", call("abc", -1))
print("it minint", call("abc", math.mininteger))
print("it maxint", call("abc", math.maxinteger))
print("it str", call("abc", "1"))
print("it float", call("abc", 1.0))
print("it frac", call("abc", 1.5))
print("it table", call("abc", {}))
print("it nil", call("abc"))
print("it cont", call("a\u{4e2d}b", 2))
print("it cont 2", call("a\u{4e2d}b", 3))
print("it number s", call(123, 1))
print("it repeat", call("abc", 1), call("abc", 1))
print("it bad", pcall(call, "\xff", 0))
print("it no s", pcall(call))
print("it table s", pcall(call, {}, 0))
print("for iterator", pcall(function() for a in f, nil do end end))
print("for iterator bad", pcall(function() for a in f, "\xff", 0 do end end))

-- a loop can be restarted from a saved position
local positions = {}
for p in utf8.codes("\u{4e2d}a\u{e9}") do positions[#positions + 1] = p end
print("positions", table.concat(positions, ","))
local n = 0
for p, c in utf8.codes(string.rep("\u{1f600}", 5000)) do n = n + 1 end
print("long", n)
