-- string.format: integers, floats with precision, padded strings, %q.
local n = 0
for i = 1, 100000 do
  local s = string.format("%5d|%-8s|%.3f|%x|%g", i, "name", i / 7, i, i * 0.5)
  n = n + #s
end
for i = 1, 20000 do
  n = n + #string.format("%q", "line " .. i .. "\n\"quoted\"")
end
print(n)
