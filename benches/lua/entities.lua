-- 10k entity tables {x, y, vx, vy}, updated for a number of frames (field reads and writes).
local entities = {}
for i = 1, 10000 do
  entities[i] = { x = i * 1.0, y = i * -0.5, vx = i % 7 - 3, vy = i % 5 - 2 }
end

local dt = 0.25
for _ = 1, 60 do
  for i = 1, #entities do
    local e = entities[i]
    e.x = e.x + e.vx * dt
    e.y = e.y + e.vy * dt
    if e.x < 0 or e.x > 10000 then
      e.vx = -e.vx
    end
    if e.y < -5000 or e.y > 0 then
      e.vy = -e.vy
    end
  end
end

local sx, sy = 0, 0
for i = 1, #entities do
  local e = entities[i]
  sx = sx + e.x
  sy = sy + e.y
end

print(sx, sy)
