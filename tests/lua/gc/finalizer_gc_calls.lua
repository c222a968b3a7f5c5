-- collectgarbage called from inside a finalizer (Lua 5.4.4): while
-- finalizers run the collector is internally stopped and every option,
-- including "collect", "count", "step" and "isrunning", returns fail (nil)
-- without doing anything; after the finalizers, collectgarbage works again.
local results = {}
local function make()
  local o = setmetatable({}, {__gc = function()
    local function r(...) return select("#", ...) .. ":" .. tostring((...)) end
    results[#results + 1] = "collect=" .. r(collectgarbage())
    results[#results + 1] = "count=" .. r(collectgarbage("count"))
    results[#results + 1] = "step=" .. r(collectgarbage("step"))
    results[#results + 1] = "isrunning=" .. r(collectgarbage("isrunning"))
    results[#results + 1] = "stop=" .. r(collectgarbage("stop"))
    results[#results + 1] = "restart=" .. r(collectgarbage("restart"))
    results[#results + 1] = "incremental=" .. r(collectgarbage("incremental"))
    results[#results + 1] = "setpause=" .. r(collectgarbage("setpause", 200))
    -- invalid options are still argument errors
    local ok, msg = pcall(function() return collectgarbage("bogus") end)
    results[#results + 1] = "bogus=" .. tostring(ok) .. ":" .. msg
  end})
end
make()
print("outer collect", collectgarbage())
for _, line in ipairs(results) do print(line) end
print("after", collectgarbage(), collectgarbage("isrunning"), math.type(collectgarbage("count")))

-- a finalizer that tries to collect the objects it drops: they are collected
-- only by the next explicit collection (the collector is stopped meanwhile so
-- that no automatic cycle runs in between)
collectgarbage("stop")
collectgarbage()  -- finish any cycle in progress
local probe = setmetatable({}, {__mode = "v"})
local function make2()
  local o = setmetatable({}, {__gc = function()
    probe[1] = {}
    collectgarbage()
  end})
end
make2()
collectgarbage()
print("dropped inside finalizer", probe[1] ~= nil)
collectgarbage()
print("next collection", probe[1] ~= nil)
collectgarbage("restart")
print("running", collectgarbage("isrunning"))
