-- table.concat of many pieces, with and without a separator, and of numbers.
local parts, numbers = {}, {}
for i = 1, 100000 do
  parts[i] = "piece" .. (i % 100)
  numbers[i] = i * 1.5
end
local total = 0
for _ = 1, 4 do
  total = total + #table.concat(parts) + #table.concat(parts, ", ")
  total = total + #table.concat(numbers, " ", 1, 50000)
end
print(total)
