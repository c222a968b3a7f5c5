-- package.searchpath with files that do not exist, and its argument checks.
local function try(label, f) print(label, pcall(f)) end

print("dots", package.searchpath("x.y", "?.lua;/?/z"))
print("empty sep", package.searchpath("x.y", "?.lua;/?/z", "", "/"))
print("long sep", package.searchpath("x.y", "?.lua;/?/z", ".y", "#"))
print("multi char", package.searchpath("x..y", "?", "..", "!"))
print("empty path", package.searchpath("m", ""))
print("no mark", package.searchpath("m", "fixed.lua"))
print("number args", package.searchpath(1.5, "?;?/x"))
print("nil sep", package.searchpath("a.b", "?", nil, nil))

try("no args", function() return package.searchpath() end)
try("no path", function() return package.searchpath("x") end)
try("table name", function() return package.searchpath({}, "?") end)
try("table sep", function() return package.searchpath("x", "?", {}) end)
try("table rep", function() return package.searchpath("x", "?", ".", {}) end)
try("all bad", function() return package.searchpath({}, {}, {}, {}) end)
