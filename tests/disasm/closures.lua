local up = 1
local function f(a, b, ...)
  local c = a + up
  up = c
  return function() return c, up, b end
end
function g.h:m(x) return self, x end
local fs = {}
for i = 1, 3 do
  local j = i * 2
  fs[i] = function() return i + j end
end
for k, v in pairs(fs) do
  fs[k] = function() return v end
end
while up < 10 do
  local w = up
  fs[w] = function() return w end
  up = up + 1
end
repeat
  local z = up
  fs[z] = function() return z end
until z > 20
return f(1, 2)
