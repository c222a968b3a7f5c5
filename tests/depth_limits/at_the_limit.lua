-- Work done at the deepest level the C-stack limit allows: hooks, finalizers, message
-- handlers, tracebacks and formatting still end normally or in catchable errors.
local function max_depth()
  local d = 0
  local function f() d = d + 1; pcall(f) end
  f()
  return d
end
local D = max_depth()
print("max depth through pcall is about 200", D > 190 and D <= 200)

-- runs action() nested n levels deep through pcall; returns its two first results, or the
-- error of the innermost failure
local function at_depth(n, action)
  if n <= 1 then return action() end
  local ok, a, b = pcall(at_depth, n - 1, action)
  return a, b
end

-- a callback at the limit fails, one level above it works
print("tostring at D", at_depth(D, function()
  return pcall(tostring, setmetatable({}, {__tostring = function() return "x" end}))
end))
print("tostring at D-1", at_depth(D - 1, function()
  return tostring(setmetatable({}, {__tostring = function() return "x" end}))
end))
print("format at D-1", at_depth(D - 1, function()
  return string.format("%s|%s", setmetatable({}, {__tostring = function() return "y" end}), 1)
end))

-- message handlers get headroom at the limit
local function deep_handler(levels)
  return function(m)
    local function nest(n) if n == 0 then return "handled" end return select(2, pcall(nest, n - 1)) end
    return nest(levels)
  end
end
local function overflow() local function f() return (select(2, xpcall(f, deep_handler(0)))) end return f() end
print("handler at the limit", string.sub(overflow(), 1, 16))
local depth = 0
local function g(levels)
  depth = depth + 1
  local ok, e = xpcall(g, deep_handler(levels), levels)
  if not ok then error(e, 0) end
end
print("handler nests 10", pcall(g, 10))
print("handler nests 30", pcall(g, 30))
print("handler errors", pcall(function()
  local function f() local ok, e = xpcall(f, function(m) error("again") end) error(e, 0) end
  return f()
end))
print("traceback handler", pcall(function()
  local function f() local ok, e = xpcall(f, debug.traceback) error(e, 0) end
  return f()
end) == false)

-- the count hook at the limit
local hooked = 0
debug.sethook(function() hooked = hooked + 1 end, "", 1)
local ok, e = pcall(max_depth)
debug.sethook()
print("count hook", ok, e > 190 and e <= 200, hooked > 0)
debug.sethook(function() local d = max_depth() end, "", 1000)
local ok2 = pcall(max_depth)
debug.sethook()
print("count hook nesting", ok2)

-- finalizers running at the limit, nesting themselves
local finalized = 0
for i = 1, 5 do
  setmetatable({}, {__gc = function() finalized = finalized + 1; max_depth() end})
end
at_depth(D - 1, function() collectgarbage() end)
collectgarbage()
print("finalizers", finalized)

-- errors while unwinding from the limit
local closed = 0
local mt = {__close = function() closed = closed + 1 end}
local function c()
  local x <close> = setmetatable({}, mt)
  local ok, e = pcall(c)
  if not ok then error(e, 0) end
end
print("close while unwinding", pcall(c))
print("closed all", closed > 190)
local function c2()
  local x <close> = setmetatable({}, {__close = function() error("in close", 0) end})
  local ok, e = pcall(c2)
  if not ok then error(e, 0) end
end
print("close errors while unwinding", pcall(c2))

-- a message handler overflowing again, with itself as the handler: the headroom is given once
local function h(m)
  local function f() return xpcall(f, h) end
  return f()
end
local function top() return xpcall(top, h) end
print("handler chain", (pcall(top)))
local function h2(m)
  local function f() local ok, e = pcall(f) return e end
  return "handled: " .. tostring(f())
end
local function top2() local ok, e = xpcall(top2, h2) error(e, 0) end
print("overflow in handler", pcall(top2))
