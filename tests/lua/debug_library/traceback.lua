-- debug.traceback at several levels, with messages, inside coroutines
local function inner(level)
  return debug.traceback("msg", level)
end
local function outer(level)
  local s = inner(level)
  return s
end
print(outer())
print(outer(1))
print(outer(2))
print(outer(0))
print(outer(50))
print(debug.traceback())
print(debug.traceback(nil))
print(debug.traceback(42))
print(type(debug.traceback({})))
local t = {}
print(debug.traceback(t) == t)
print(debug.traceback("x", 1.0))
print(pcall(debug.traceback, "x", "y"))
print(pcall(debug.traceback, "x", 1.5))

local co = coroutine.create(function(a)
  local function deep()
    coroutine.yield(debug.traceback("inside"))
  end
  deep()
  return 1
end)
print(coroutine.resume(co))
print(debug.traceback(co))
print(debug.traceback(co, "suspended"))
print(debug.traceback(co, "level1", 1))
coroutine.resume(co)
print(debug.traceback(co, "dead"))

local function tail() return debug.traceback("tail") end
local function caller() return tail() end
print(caller())

-- traceback as an xpcall message handler
local function fails() error("boom") end
print(xpcall(fails, debug.traceback))
print(select(2, xpcall(function() local x = nil; return x.y end, debug.traceback)))
