local o = {}
f()
f(1, 2, 3)
f(g())
f(g(), 1)
f(1, g())
o:m()
o.a.b:c(1)
o:m():n():p()
f()()()
f{1, 2}
f"str"
o:m"x"
local x = f()
local y, z = f()
return o:m(1)
