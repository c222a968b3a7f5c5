-- loadfile / dofile argument errors (file access itself is host-provided: tests/host_loaders.rs).
local function try(label, f) print(label, pcall(f)) end

try("loadfile table", function() return loadfile({}) end)
try("loadfile mode table", function() return loadfile("x.lua", {}) end)
try("loadfile bool", function() return loadfile(true) end)
try("dofile table", function() return dofile({}) end)
try("dofile bool", function() return dofile(false) end)
print("types", type(loadfile), type(dofile), type(load))
