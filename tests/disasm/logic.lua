local a, b, c = ...
local r
r = a == b
r = a ~= b
r = a == 1
r = a == 1.0
r = a == 40000
r = a == "s"
r = "s" == a
r = a == nil
r = a ~= true
r = a < b
r = a <= b
r = a > b
r = a >= b
r = a < 1
r = a <= 2.0
r = a > 3
r = a >= 4
r = 5 < a
r = 6 <= a
r = 7 > a
r = 8 >= a
r = a < "x"
r = a and b
r = a or b
r = a and b or c
r = a or b and c
r = not (a and b)
r = not a == b
r = a < b and b < c
r = (a or b) == c
r = a and 1 or 2
r = nil and a
r = false or a
r = 1 and a
r = a.x or b.y
if a and b or c then r = 1 else r = 2 end
if not a then r = 3 end
if a == b or not c then r = 4 end
while a < b do a = a + 1 end
if nil then r = 5 end
