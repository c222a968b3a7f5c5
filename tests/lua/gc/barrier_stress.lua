-- Objects move between tables, upvalues and coroutines while the collector runs in small
-- steps: a missing write barrier frees a live object, which shows as an error or a wrong sum.
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

-- Small steps (64 bytes of debt), so a cycle spans many mutations.
collectgarbage("incremental", 200, 100, 6)
local holders = {}
for i = 1, 50 do holders[i] = {} end
local cells = {}
for i = 1, 20 do
  local value = {i}
  cells[i] = {get = function() return value end, set = function(v) value = v end}
end
local parked = {}
for i = 1, 10 do
  -- parked[i](x) keeps x and returns what it kept before
  parked[i] = coroutine.wrap(function(held)
    local incoming = coroutine.yield()
    while true do
      local previous = held
      held = incoming
      incoming = coroutine.yield(previous)
    end
  end)
  parked[i]({-i})
end

local live = 0
for step = 1, 20000 do
  local op = rand(6)
  if op == 1 then
    -- a new object into a (probably already traversed) holder
    local h = holders[rand(50)]
    h[rand(20)] = {step, {step * 2}}
  elseif op == 2 then
    -- move an object from one holder to another, dropping it from the first
    local a, b = holders[rand(50)], holders[rand(50)]
    local k = rand(20)
    b[k], a[k] = a[k], nil
  elseif op == 3 then
    -- swap through an upvalue cell
    local c = cells[rand(20)]
    local h = holders[rand(50)]
    local k = rand(20)
    local old = c.get()
    c.set(h[k] or {step})
    h[k] = old
  elseif op == 4 then
    -- hand an object to a suspended coroutine and take another back
    local co = parked[rand(10)]
    local h = holders[rand(50)]
    local k = rand(20)
    h[k] = co(h[k] or {step})
  elseif op == 5 then
    collectgarbage("step", 0)
  else
    -- garbage
    local g = {step, {}, tostring(step)}
    g[4] = g
  end
end

local function sum(o, seen)
  if type(o) ~= "table" or seen[o] then return 0 end
  seen[o] = true
  local s = 0
  for k, v in pairs(o) do
    if type(v) == "number" then s = s + v else s = s + sum(v, seen) end
  end
  return s
end
local seen = {}
local total = sum(holders, seen)
for i = 1, 20 do total = total + sum(cells[i].get(), seen) end
for i = 1, 10 do total = total + sum(parked[i](nil), seen) end
print("checksum", total)
collectgarbage()
print("after collect", sum(holders, {}))
