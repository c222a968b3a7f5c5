-- String building: `..` with number coercion, and table.concat.
local parts = {}
for i = 1, 100000 do
  parts[#parts + 1] = "item" .. i .. ":" .. i * 3
end
local joined = table.concat(parts, ",")

local lines = {}
for i = 1, 2000 do
  local line = ""
  for j = 1, 10 do
    line = line .. j .. " "
  end
  lines[i] = line .. i
end
local text = table.concat(lines, "\n")

print(#joined, #text)
