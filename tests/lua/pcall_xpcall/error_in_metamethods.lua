-- pcall catches errors raised inside metamethods, iterators and __close.
local function try(label, f) print(label, pcall(f)) end

local idx = setmetatable({}, {__index = function(_, k) error("no key " .. k, 0) end})
try("__index", function() return idx.a end)
local nidx = setmetatable({}, {__newindex = function() error("read only", 0) end})
try("__newindex", function() nidx.a = 1 end)
local cal = setmetatable({}, {__call = function() error("call failed", 0) end})
try("__call", function() return cal() end)
local ar = setmetatable({}, {__add = function() error({"table"}) end})
try("__add table", function() return type(select(2, pcall(function() return ar + 1 end))) end)
local cmp = setmetatable({}, {__lt = function() error("no order", 0) end})
try("__lt", function() return cmp < cmp end)
local cc = setmetatable({}, {__concat = function() error("no concat", 0) end})
try("__concat", function() return cc .. "x" end)
local ln = setmetatable({}, {__len = function() error("no len", 0) end})
try("__len", function() return #ln end)
local eq = setmetatable({}, {__eq = function() error("no eq", 0) end})
try("__eq", function() return eq == setmetatable({}, getmetatable(eq)) end)
local ts = setmetatable({}, {__tostring = function() error("no tostring", 0) end})
try("__tostring", function() return tostring(ts) end)
try("iterator", function() for x in function() error("iter failed", 0) end do end end)
try("__close", function()
  local c <close> = setmetatable({}, {__close = function() error("close failed", 0) end})
end)

-- after a caught error in a metamethod, the same object works again
local flaky_calls = 0
local flaky = setmetatable({}, {__index = function(_, k)
  flaky_calls = flaky_calls + 1
  if flaky_calls == 1 then error("first time", 0) end
  return "second time"
end})
try("flaky 1", function() return flaky.x end)
try("flaky 2", function() return flaky.x end)
