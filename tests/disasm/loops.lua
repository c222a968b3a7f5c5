local s = 0
for i = 10, 1, -1 do s = s + i end
for i = 1.0, 2.5, 0.5 do s = s + i end
for i = f(), g() do end
for k, v in next, {} do s = s + v end
for a, b, c, d, e in f() do s = a + e end
while s > 0 do
  s = s - 1
  if s == 5 then break end
end
repeat
  s = s + 1
until s >= 10
repeat local q = s; s = s - 1 until q < 3
while true do
  for j = 1, 3 do
    if j == 2 then goto next end
  end
  ::next::
  break
end
