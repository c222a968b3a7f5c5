-- debug.getinfo on levels and functions
local function sort(list)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and list[j] > v do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
end
local function show(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys)
  local out = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "function" or type(v) == "table" then v = type(v) end
    out[#out + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(out, " ")
end

local function f(a, b, ...)
  return debug.getinfo(1)
end
print(show(f()))
print(show(debug.getinfo(f)))
print(show(debug.getinfo(print)))
print(show(debug.getinfo(1, "S")))
print(show(debug.getinfo(1, "l")))
print(show(debug.getinfo(1, "n")))
print(debug.getinfo(100))
print(debug.getinfo(-1))

local function named()
  local info = debug.getinfo(1, "n")
  return info.name, info.namewhat
end
print(named())
gnamed = named
print(gnamed())
local obj = {m = named}
print(obj.m())
print(obj:m())
local function tailer() return named() end
print(tailer())

local info = debug.getinfo(2 - 1, "f")
print(type(info.func))
print(debug.getinfo(print, "f").func == print)

local function caller_line()
  local i = debug.getinfo(2, "l")
  return i.currentline
end
print(caller_line())

local lines = debug.getinfo(f, "L").activelines
local sorted = {}
for l in pairs(lines) do sorted[#sorted + 1] = l end
sort(sorted)
print(table.concat(sorted, ","))
local function g(x)
  local y = x + 1
  return y
end
lines = debug.getinfo(g, "L").activelines
sorted = {}
for l in pairs(lines) do sorted[#sorted + 1] = l end
sort(sorted)
print(table.concat(sorted, ","))

print(pcall(debug.getinfo, 1, "x"))
print(pcall(debug.getinfo, 1, ">S"))
print(pcall(debug.getinfo, {}))
print(pcall(debug.getinfo))
print(debug.getinfo(1, "").what)

-- levels inside a coroutine
local co = coroutine.create(function()
  local i = debug.getinfo(1, "Sl")
  coroutine.yield(i.what, i.currentline)
end)
print(coroutine.resume(co))
print(show(debug.getinfo(co, 1, "Sl")))
print(debug.getinfo(co, 0, "S").what)
print(debug.getinfo(co, 5))
