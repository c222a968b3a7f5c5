local function open(name)
  return setmetatable({}, {__close = function() print("close", name) end})
end
do
  local a <close> = open("a")
  local b <close> = open("b")
  print(a, b)
end
local function f()
  local x <close> = open("x")
  return g(x)
end
local function h()
  local y <close> = open("y")
  do
    local z <close> = open("z")
    if z then return 1, 2 end
  end
  return
end
local function k()
  do local w <close> = open("w") end
  return g()
end
for i = 1, 2 do
  local c <close> = open(i)
  if i == 2 then break end
end
