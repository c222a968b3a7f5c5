-- collectgarbage: options, argument checks and the shapes of results.
local function try(label, f) print(label, pcall(f)) end

print("collect", collectgarbage(), collectgarbage("collect"))
print("count type", math.type(collectgarbage("count")), collectgarbage("count") > 0)
print("step type", type(collectgarbage("step")), type(collectgarbage("step", 10)))
print("isrunning", collectgarbage("isrunning"))
print("stop", collectgarbage("stop"), collectgarbage("isrunning"))
print("restart", collectgarbage("restart"), collectgarbage("isrunning"))
print("setpause", collectgarbage("setpause", 100), collectgarbage("setpause"), collectgarbage("setpause", 200))
print("setstepmul", collectgarbage("setstepmul", 300), collectgarbage("setstepmul", 100))
print("param bytes", collectgarbage("setpause", 2000), collectgarbage("setpause", 1), collectgarbage("setpause", -4),
  collectgarbage("setpause", 200))
print("int cast", collectgarbage("setpause", 2^32 + 400), collectgarbage("setpause", 200))
print("generational", collectgarbage("generational"), collectgarbage("generational", 10, 20))
print("incremental", collectgarbage("incremental"), collectgarbage("incremental"))
print("incremental params", collectgarbage("incremental", 400, 300, 10), collectgarbage("setpause", 200),
  collectgarbage("setstepmul", 100))
print("incremental zero keeps", collectgarbage("incremental", 0, 0, 0), collectgarbage("setpause", 200))

try("invalid", function() return collectgarbage("x") end)
try("number option", function() return collectgarbage(1) end)
try("table option", function() return collectgarbage({}) end)
try("case", function() return collectgarbage("COLLECT") end)
try("step table", function() return collectgarbage("step", {}) end)
try("step float", function() return collectgarbage("step", 1.5) end)
try("incremental string", function() return collectgarbage("incremental", "x") end)
try("incremental third", function() return collectgarbage("incremental", 1, 2, {}) end)
try("generational second", function() return collectgarbage("generational", 1, {}) end)
try("setpause table", function() return collectgarbage("setpause", {}) end)
