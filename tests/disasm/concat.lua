local a, b, c, e = ...
local s = a .. 'x' .. f() .. b .. 1 .. c.d .. (e or 'z') .. 2.5 .. a .. 'x' .. f() .. b .. 1 .. c.d .. (e or 'z') .. 2.5 .. a .. 'x' .. f() .. b .. 1 .. c.d .. (e or 'z') .. 2.5 .. a .. 'x' .. f() .. b .. 1 .. c.d .. (e or 'z') .. 2.5
f(a .. b, a .. b .. c)
return a .. (b .. c) .. e, (a .. b) .. (c .. e)
