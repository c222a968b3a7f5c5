-- coroutine.close running __close handlers that close other coroutines, nested until the
-- C-stack limit; error objects whose __tostring fails.
local function closer(n)
  local co = coroutine.create(function()
    local x <close> = setmetatable({}, {__close = function()
      if n > 0 then
        local ok, e = closer(n - 1)
        if not ok then error(e, 0) end
      end
    end})
    coroutine.yield()
  end)
  coroutine.resume(co)
  return coroutine.close(co)
end
print("close chain 50", closer(50))

local function wrap_close(n)
  local co = coroutine.wrap(function()
    local x <close> = setmetatable({}, {__close = function() end})
    if n > 0 then wrap_close(n - 1) end
    coroutine.yield()
  end)
  co()
end
local ok, e = pcall(wrap_close, 1000)
print("wrap chain", ok, string.sub(e, -16))

local bad = setmetatable({}, {__tostring = function(s) error(s) end})
local ok2, e2 = pcall(tostring, bad)
print("__tostring raising itself", ok2, e2 == bad)
local worse
worse = setmetatable({}, {__tostring = function(s) return tostring(worse) end})
local ok3, e3 = pcall(error, worse)
print("error object", ok3, e3 == worse)
print("its tostring", pcall(tostring, e3))
print("in string.format", pcall(string.format, "%s", e3))
print("in print", pcall(print, e3))
