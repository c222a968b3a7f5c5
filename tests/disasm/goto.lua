local t = {}
for i = 1, 10 do
  local x = i
  t[i] = function() return x end
  if x > 5 then break end
end
while true do
  local y = 1
  t.f = function() return y end
  if y then goto continue end
  do
    local z <close> = nil
    if z then break end
  end
  ::continue::
end
do
  goto fwd
  local a
  ::fwd::
end
::top::
do
  local w = 1
  t.g = function() return w end
  if t then goto top end
  goto top
end
for k in pairs(t) do
  if k then break end
  return k
end
repeat
  local r = 1
  t.h = function() return r end
  if r then goto out end
until r
::out::
