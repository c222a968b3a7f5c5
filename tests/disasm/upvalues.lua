local t = {}
local n = 0
local function outer(a)
  local function middle()
    local function inner()
      n = n + 1
      t.x = t.y
      t[1] = t[2]
      t[a] = t[n]
      return a, n, t, x
    end
    return inner
  end
  return middle
end
do
  local _ENV = {print = print}
  y = 1
  print(y)
end
local function env() z = 1 return z end
return outer
