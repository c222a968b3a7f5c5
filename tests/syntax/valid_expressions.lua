-- Every expression form and operator of Lua 5.4.
local a, b, c = 1, 2.5, "s"
local x
x = nil; x = true; x = false; x = 1; x = 1.5; x = 0x10; x = 0xA.8p1; x = 1e10; x = "str"; x = 'str'
x = [[long
string]]; x = [==[with ]] inside]==]
x = ...
x = function() end
x = function(p, q, ...) return p, q, ... end
x = {}
x = {1, 2, 3; 4}
x = {a = 1, ["b"] = 2, [3] = 3, 4, f(), ...}
x = {f()}
x = a + b - c * a / b // c % a ^ b ^ c
x = a .. b .. c
x = a == b, a ~= b, a < b, a <= b, a > b, a >= b
x = a and b or c
x = not a, -a, #a, ~a, - - a, not not a
x = a & b | c ~ a << b >> c
x = (a + b) * c
x = (f())
x = (...)
x = a.b.c, a["b"], a:m(), a:m"s", a:m{}, a.b:c(1)(2)[3].d
x = f()()()
x = f
(a)
x = 1 + 2 * 3 - 4 / 5
x = 2 ^ -3
x = -2 ^ 2
x = 1 .. 2
x = "a" .. 1 + 2 .. "b"
x = a < b == (b > a)
x = #"abc" + #{1, 2}
x = 7 // 0.0, 7 % -3, -7 // 2, 3 & 5, 1 << 63
x = true and 1, nil or 2, false and 3, 0 or 4
