-- Method calls through a metatable __index class (10^6 calls).
local Point = {}
Point.__index = Point

function Point.new(x, y)
  return setmetatable({ x = x, y = y }, Point)
end

function Point:add(other)
  self.x = self.x + other.x
  self.y = self.y + other.y
  return self
end

function Point:len2()
  return self.x * self.x + self.y * self.y
end

local p = Point.new(0, 0)
local d = Point.new(1, 2)
local acc = 0
for _ = 1, 500000 do
  p:add(d)
  acc = acc + p:len2() % 1000
end

print(p.x, p.y, acc)
