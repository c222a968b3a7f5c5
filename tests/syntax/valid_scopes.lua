-- Scoping, upvalues, attributes, _ENV and gotos.
local x = 1
local x = x + 1
local function outer()
  local y = x
  return function() return x + y end
end
local _ENV = { print = print }
z = 1
do
  local _ENV <const> = { w = 1 }
  w = 2
end
local k <const> = 42
local s <const> = "constant"
local n <const> = nil
local kk <const> = k * 2
local function uses() return k, s, n, kk end
for i = 1, 3 do
  local function cap() return i end
end
repeat local stop = true until stop
do
  goto forward
  local skipped = 1
  ::forward::
end
do
  ::back::
  if x > 10 then goto done end
  x = x + 1
  goto back
  ::done::
end
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
  end
  ::next_i::
end
do
  goto last
  local late = 1
  ::last::
  ;;
end
while false do
  do break end
end
local t <close> = nil
