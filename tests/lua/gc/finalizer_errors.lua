-- Errors inside finalizers never propagate to the code that triggered the
-- collection (with warnings off, the default, they are silent): the explicit
-- collection returns normally, later finalizers of the same cycle still run,
-- and the object is not finalized again. Error values of any type behave the
-- same; the __tostring of an error object is never called.
-- The collector is stopped (after finishing any cycle in progress) so that
-- only explicit collections run: with automatic steps, an object marked
-- while still alive survives the cycle in progress, so objects dropped
-- together could be finalized in different cycles.
collectgarbage("stop")
collectgarbage()
local log = {}
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

local function make()
  local all = {}
  all[1] = setmetatable({}, {__gc = function() log[#log + 1] = "first" end})
  all[2] = setmetatable({}, {__gc = function() error("boom") end})
  all[3] = setmetatable({}, {__gc = function() log[#log + 1] = "middle" end})
  all[4] = setmetatable({}, {__gc = function() error({code = 1}) end})
  all[5] = setmetatable({}, {__gc = function() error(setmetatable({}, {__tostring = function()
    log[#log + 1] = "tostring called"
    return "custom"
  end})) end})
  all[6] = setmetatable({}, {__gc = function() error() end})
  all[7] = setmetatable({}, {__gc = function() local x = nil; return x.field end})
  all[8] = setmetatable({}, {__gc = function() log[#log + 1] = "last" end})
end
make()
print("collect", collectgarbage())
flush("errors swallowed")
collectgarbage()
flush("not retried")

-- a pcall around collectgarbage sees no error
local function make_one()
  local o = setmetatable({}, {__gc = function() error("inside") end})
end
make_one()
print("pcall collect", pcall(collectgarbage))

-- an error after partially updating state: the state change stays
local state = {}
local function partial()
  local o = setmetatable({}, {__gc = function()
    state.before = true
    error("stop here")
    state.after = true
  end})
end
partial()
collectgarbage()
print("partial", state.before, state.after)

-- errors inside a pcall in a finalizer are caught by that pcall
local function inner_pcall()
  local o = setmetatable({}, {__gc = function()
    local ok, msg = pcall(error, "caught inside")
    log[#log + 1] = tostring(ok) .. ":" .. msg
  end})
end
inner_pcall()
collectgarbage()
flush("inner pcall")

-- the program continues normally after all of this
local t = {}
for i = 1, 10 do t[i] = i * i end
print("continues", #t, t[10])
collectgarbage("restart")
print("running", collectgarbage("isrunning"))
