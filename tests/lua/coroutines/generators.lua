-- Producer/consumer and generators built with coroutines.
local function producer(items)
  return coroutine.create(function()
    for _, item in ipairs(items) do coroutine.yield(item) end
    return nil
  end)
end
local function consumer(prod)
  local got = {}
  while true do
    local ok, v = coroutine.resume(prod)
    if not v then break end
    got[#got + 1] = v
  end
  return table.concat(got, " ")
end
print("consumed", consumer(producer({"a", "b", "c"})))

-- filter pipeline
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local function filter(pred, src)
  return coroutine.wrap(function()
    for v in src do if pred(v) then coroutine.yield(v) end end
  end)
end
local function map(f, src)
  return coroutine.wrap(function() for v in src do coroutine.yield(f(v)) end end)
end
local out = {}
for v in map(function(x) return x * x end, filter(function(x) return x % 3 == 0 end, gen(20))) do
  out[#out + 1] = v
end
print("pipeline", table.concat(out, " "))

-- permutations generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
for p in permutations({1, 2, 3}) do print("perm", table.concat(p, "")) end

-- many coroutines alive at once
local cos = {}
for i = 1, 100 do
  cos[i] = coroutine.create(function(x) local y = coroutine.yield(x + i) return y * i end)
end
local s1, s2 = 0, 0
for i = 1, 100 do local _, v = coroutine.resume(cos[i], 0) s1 = s1 + v end
for i = 1, 100 do local _, v = coroutine.resume(cos[i], 2) s2 = s2 + v end
print("many", s1, s2)

-- a long-running generator with 100000 yields
local long = coroutine.wrap(function() for i = 1, 100000 do coroutine.yield(i) end return -1 end)
local total = 0
for i = 1, 100000 do total = total + long() end
print("long", total, long())
