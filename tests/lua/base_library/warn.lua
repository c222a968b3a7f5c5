-- warn: argument checks and control messages (warnings start off, so nothing is written).
local function try(label, f) print(label, pcall(f)) end

print("off by default", warn("not shown"))
print("multi", warn("a", "b", 1, 2.5))
print("control off", warn("@off"))
print("unknown control", warn("@whatever"))
print("control with pieces", warn("@on", "x"))
print("still off", warn("not shown either"))
print("on then off", warn("@on"), warn("@off"), warn("hidden"))

try("no value", function() warn() end)
try("nil", function() warn(nil) end)
try("second nil", function() warn("a", nil) end)
try("second table", function() warn("a", {}) end)
try("third bool", function() warn("a", "b", true) end)
