-- The generic for loop closes its fourth value when the loop ends, by
-- running out of values, by break, by return or by error.
local function closing_iter(n, name)
  local i = 0
  local closer = setmetatable({}, {__close = function(_, err)
    print("closed iterator", name, "err", err)
  end})
  return function()
    i = i + 1
    if i <= n then return i end
  end, nil, nil, closer
end

for i in closing_iter(2, "exhausted") do print("value", i) end

for i in closing_iter(5, "break") do
  if i == 2 then break end
  print("value", i)
end

local function find()
  for i in closing_iter(5, "return") do
    if i == 3 then return "found " .. i end
  end
end
print(find())

print(pcall(function()
  for i in closing_iter(5, "error") do
    if i == 2 then error("stop", 0) end
  end
end))

-- a nil fourth value is fine
for k in next, {"a"}, nil, nil do print("nil closing value", k) end

-- a non-closable fourth value is an error
print(pcall(function()
  for k in next, {}, nil, 42 do end
end))
