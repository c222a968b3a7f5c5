-- Collector modes and parameters as seen by a Lua 5.4.4 program run by the
-- stand-alone interpreter (which switches to generational mode at start-up):
-- "incremental" and "generational" return the previous mode's name;
-- "setpause"/"setstepmul" (deprecated, still present) return the previous
-- value (defaults 200 and 100); "incremental" with parameters changes them
-- (0 means "keep"). Objects are collected the same way in both modes.
print("initial mode", collectgarbage("incremental"))
print("incremental -> incremental", collectgarbage("incremental"))
print("incremental -> generational", collectgarbage("generational"))
print("generational -> generational", collectgarbage("generational"))
print("generational -> incremental", collectgarbage("incremental"))

print("default pause", collectgarbage("setpause", 100))
print("pause back", collectgarbage("setpause", 200))
print("default stepmul", collectgarbage("setstepmul", 400))
print("stepmul back", collectgarbage("setstepmul", 100))
print("setpause no value", collectgarbage("setpause"))
print("pause now 0", collectgarbage("setpause", 200))
print("setstepmul no value", collectgarbage("setstepmul"))
print("stepmul now 0", collectgarbage("setstepmul", 100))

-- "incremental" with parameters: pause, stepmul, stepsize (0 keeps a value)
print("incremental with params", collectgarbage("incremental", 120, 300, 0))
print("pause set", collectgarbage("setpause", 200))
print("stepmul set", collectgarbage("setstepmul", 100))
print("incremental zero params", collectgarbage("incremental", 0, 0, 0))
print("pause kept", collectgarbage("setpause", 200))
print("stepmul kept", collectgarbage("setstepmul", 100))
print("generational with params", collectgarbage("generational", 20, 100))
print("back", collectgarbage("incremental"))

-- the same garbage is collected in both modes
local function count(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end
for _, mode in ipairs({"incremental", "generational", "incremental"}) do
  collectgarbage(mode)
  local probe = setmetatable({}, {__mode = "v"})
  local keep = {}
  local finalized = 0
  local function fill()
    for i = 1, 100 do
      local t = setmetatable({}, {__gc = function() finalized = finalized + 1 end})
      probe[i] = t
      if i % 4 == 0 then keep[#keep + 1] = t end
    end
  end
  fill()
  collectgarbage()
  print(mode, "live", count(probe), "finalized", finalized)
  keep = nil
  collectgarbage()
  print(mode, "live", count(probe), "finalized", finalized)
end
print("final mode", collectgarbage("incremental"))
