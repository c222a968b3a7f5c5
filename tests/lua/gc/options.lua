-- collectgarbage options and results: "collect" (the default) returns 0;
-- "count" returns one float that falls after a big table is dropped; "step"
-- returns a boolean and repeated steps finish a cycle; "stop"/"restart"
-- return 0 and toggle "isrunning"; while stopped, explicit "collect" and
-- "step" still collect; bad options and argument types raise errors.
-- The stand-alone lua5.4 starts in generational mode, where "step" never
-- reports the end of a cycle: switch to incremental mode first.
collectgarbage("incremental")
local function results(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = type(t[i]) == "number" and math.type(t[i]) .. ":" .. tostring(t[i]) or
    type(t[i]) .. ":" .. tostring(t[i]) end
  return t.n .. " " .. table.concat(t, " ", 1, t.n)
end

print("collect default", results(collectgarbage()))
print("collect", results(collectgarbage("collect")))
print("count type", math.type(collectgarbage("count")), select("#", collectgarbage("count")))
print("count positive", collectgarbage("count") > 0)
print("step type", type(collectgarbage("step")), select("#", collectgarbage("step")))
print("step 0 type", type(collectgarbage("step", 0)))
print("step 100 type", type(collectgarbage("step", 100)))
print("isrunning", results(collectgarbage("isrunning")))
print("stop", results(collectgarbage("stop")))
print("isrunning after stop", collectgarbage("isrunning"))
print("stop again", results(collectgarbage("stop")), collectgarbage("isrunning"))
print("restart", results(collectgarbage("restart")))
print("isrunning after restart", collectgarbage("isrunning"))
print("restart again", results(collectgarbage("restart")), collectgarbage("isrunning"))

-- the count falls after dropping a big table
local big = {}
local function fill_big() for i = 1, 20000 do big[i] = {i} end end
fill_big()
collectgarbage()
local before = collectgarbage("count")
big = nil
collectgarbage()
local after = collectgarbage("count")
print("count falls", after < before)

-- stepping until a cycle completes terminates, with or without a size
local steps = 0
repeat steps = steps + 1 until collectgarbage("step") or steps > 100000
print("step loop ends", steps <= 100000)
steps = 0
repeat steps = steps + 1 until collectgarbage("step", 0) or steps > 100000
print("step 0 loop ends", steps <= 100000)
-- a huge step size completes a cycle at once
print("big step", collectgarbage("step", 1000000))

-- while stopped, explicit collections and steps still free objects
local probe = setmetatable({}, {__mode = "v"})
collectgarbage("stop")
local function drop() probe[1] = {} end
drop()
print("stopped collect", collectgarbage(), probe[1] == nil, collectgarbage("isrunning"))
drop()
steps = 0
repeat steps = steps + 1 until collectgarbage("step") or steps > 100000
repeat steps = steps + 1 until collectgarbage("step") or steps > 100000
print("stopped steps", probe[1] == nil, collectgarbage("isrunning"))
-- stopped: lots of garbage is allowed to accumulate, then collected at once
local live = 0
local function accumulate() for i = 1, 1000 do probe[i] = {i} end end
accumulate()
collectgarbage()
for _ in pairs(probe) do live = live + 1 end
print("accumulated then collected", live)
collectgarbage("restart")
print("running again", collectgarbage("isrunning"))

-- errors (called from a Lua function so that the name is the call site's)
local function try(...)
  local args = table.pack(...)
  local ok, msg = pcall(function() return collectgarbage(table.unpack(args, 1, args.n)) end)
  print("error", ok, msg)
end
try("xyz")
try("")
try("Collect")
try("count ")
try(1)
try(2.5)
try({})
try(true)
try("step", "a")
try("step", 1.5)
try("step", {})
try("setpause", "x")
try("setstepmul", 2.5)
try("incremental", "x")
try("generational", 1, {})
-- nil as the option means "collect"
print("nil option", results(collectgarbage(nil)))
-- numeric strings are accepted where numbers are expected
print("step with string size", type(collectgarbage("step", "10")))
-- extra arguments are ignored
print("extra args", results(collectgarbage("collect", 1, 2, 3)))
print("isrunning extra", collectgarbage("isrunning", 1))
