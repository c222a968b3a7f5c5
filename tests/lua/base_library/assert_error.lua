-- assert and error: messages, levels, non-string values.
local function try(label, f) print(label, pcall(f)) end

print("assert passes", assert(1, 2, 3))
print("assert returns all", select("#", assert(true, nil, nil)))
try("assert false", function() assert(false) end)
try("assert nil msg", function() assert(nil, "msg") end)
try("assert number msg", function() assert(false, 42) end)
try("assert nil msg explicit", function() assert(false, nil) end)
try("assert table msg", function() local ok, e = pcall(assert, false, {tag = "t"}) return e.tag end)
try("assert no value", function() assert() end)
try("error string", function() error("plain") end)
try("error level 0", function() error("nolevel", 0) end)
try("error level 2", function() local function inner() error("up", 2) end inner() end)
try("error huge level", function() error("lvl", 2^32 + 1) end)
try("error number", function() error(42) end)
try("error nil", function() error() end)
try("error table", function() local ok, e = pcall(error, {code = 7}) return e.code end)
try("error bad level", function() error("x", "y") end)
