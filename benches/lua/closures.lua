-- Creating and calling closures with upvalues (~10^6 calls, ~2*10^5 closures).
local function counter(start)
  local n = start
  return function(step)
    n = n + step
    return n
  end
end

local total = 0
for i = 1, 200000 do
  local c = counter(i)
  c(1)
  c(2)
  total = total + c(3)
end

local adders = {}
for i = 1, 1000 do
  adders[i] = function(x)
    return x + i
  end
end
for r = 1, 500 do
  for i = 1, 1000 do
    total = total + adders[i](r)
  end
end

print(total)
