-- A 10^7-iteration numeric for loop with an integer accumulator.
local acc = 0
for i = 1, 10000000 do
  acc = acc + i % 7
end

print(acc)
