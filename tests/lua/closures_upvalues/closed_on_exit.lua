-- Upvalues are closed when their scope ends: the closure keeps the last value
-- and later reuse of the same stack slot does not affect it.
local f
do
  local x = "inside"
  f = function() return x end
  x = "modified"
end
local y = "other local in same slot"
print("closed", f(), y)

-- closing on break
local keep
for i = 1, 10 do
  local v = i * 2
  keep = function() return v end
  if i == 3 then break end
end
local filler1, filler2 = "a", "b"
print("break", keep(), filler1, filler2)

-- closing on goto out of a block
local g
do
  local w = "goto"
  g = function() return w end
  goto out
end
::out::
local z = "zzz"
print("goto", g(), z)

-- closing on return from a function with many locals
local function mk()
  local a, b, c = 1, 2, 3
  local function sum() return a + b + c end
  a = 10
  return sum
end
local s1 = mk()
local junk = {mk(), mk()}
print("return", s1(), #junk)

-- closing when an error unwinds the scope
local saved
pcall(function()
  local e = "err scope"
  saved = function() return e end
  error("boom")
end)
local overwrite = "new"
print("error", saved(), overwrite)

-- closing in a while loop iteration with continue-like goto
local list = {}
local i = 0
while i < 3 do
  i = i + 1
  local cur = i
  list[i] = function() return cur end
  if cur == 2 then goto continue end
  cur = cur * 10
  ::continue::
end
print("continue", list[1](), list[2](), list[3]())
