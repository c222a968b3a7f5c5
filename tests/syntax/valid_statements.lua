-- Every statement form of Lua 5.4.
;;;
local a, b, c = 1, 2
local d <const> = 10
local e <const>, f <close> = 1, nil
local g
a, b = b, a
a = 1
t = {}
t.x, t[1], t.y.z = 1, 2, 3
print("call")
t:method(1, 2)
f "str"
f { 1, 2 }
f[[long]]
do local h = 1 end
while a < 10 do a = a + 1 if a == 5 then break end end
repeat local r = a; a = a - 1 until r < 0
if a then b = 1 elseif b then b = 2 elseif c then b = 3 else b = 4 end
if a then end
for i = 1, 10 do end
for i = 10, 1, -1 do print(i) end
for k, v in pairs(t) do print(k, v) end
for k in next, t do end
function gf(x, y) return x + y end
function t.field(x) return x end
function t.y.deep(...) return ... end
function t:method(x) return self, x end
local function lf(n) if n > 0 then return lf(n - 1) end return 0 end
goto skip
print("skipped")
::skip::
do goto inner; ::inner:: end
while true do
  goto continue
  ::continue::
  break
end
return a, b;
