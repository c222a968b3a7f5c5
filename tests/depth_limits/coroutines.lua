-- Coroutine resume chains nested until the C-stack limit.
local function w() return coroutine.wrap(w)() end
local ok, e = pcall(w)
print("wrap", ok, string.sub(e, -20))
local function r() local co = coroutine.create(r); local ok, e = coroutine.resume(co); if not ok then error(e, 0) end end
print("resume", pcall(r))
-- yields across deep chains of pcall, then nesting again after the resume
local function deep(n)
  if n == 0 then return coroutine.yield("bottom") end
  local ok, v = pcall(deep, n - 1)
  return v
end
local co = coroutine.wrap(function() return deep(150) end)
print("yield across pcalls", co())
print("resumed", co("back"))
local function deep2(n)
  if n == 0 then
    coroutine.yield()
    local d = 0
    local function f() d = d + 1; pcall(f) end
    f()
    return d
  end
  local ok, v = pcall(deep2, n - 1)
  return v
end
local co2 = coroutine.wrap(function() return deep2(150) end)
co2()
local d2 = co2()
print("limit after resume", d2 > 0 and d2 < 200)
-- a finalizer allocating finalizable objects, each nesting calls
local count = 0
local mt = {}
mt.__gc = function()
  count = count + 1
  if count < 50 then setmetatable({}, mt) end
  local function f() pcall(f) end
  f()
end
setmetatable({}, mt)
for i = 1, 60 do collectgarbage() end
print("finalizers", count)
