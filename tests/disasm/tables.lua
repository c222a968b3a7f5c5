local a, b = ...
local t = {1, 2, 3; x = 1, ["y"] = 2, [a] = b, [1.5] = 3, [7] = nil, f(), a .. b}
local u = {f()}
local v = {...}
local w = {f(), nil}
local e = {}
local s = a .. b .. "c" .. a
s = a .. (b .. a) .. b
s = (a .. b) .. a
o:m(1, 2)
o.p:q(...)
local r = o:m():n()
print(#t, select("#", ...))
return ...
