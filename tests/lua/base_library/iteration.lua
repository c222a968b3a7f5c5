-- next, pairs and ipairs.
local function try(label, f) print(label, pcall(f)) end

print("next empty", next({}), next({}, nil))
print("next array", next({"a"}))
print("next after last", next({"a"}, 1))
local count = 0
for k, v in pairs({1, 2, 3, x = 4}) do count = count + 1 end
print("pairs count", count)
local parts = {}
for i, v in ipairs({"a", "b", nil, "d"}) do parts[#parts + 1] = i .. v end
print("ipairs stops at nil", table.concat(parts, " "))
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
parts = {}
for i, v in ipairs(proxy) do parts[#parts + 1] = i .. "=" .. v end
print("ipairs __index", table.concat(parts, " "))
local f, s, i = ipairs({})
print("ipairs triple", type(f), type(s), i)
print("ipairs step", f({"x", "y"}, 1))
print("ipairs step end", f({"x"}, 1))
local custom = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(custom) do print("__pairs", k, v) end

try("next no value", function() return next() end)
try("next number", function() return next(1) end)
try("next bad key", function() return next({}, "nope") end)
try("ipairs no value", function() return ipairs() end)
try("ipairs nil", function() for i, v in ipairs(nil) do end end)
try("ipairs number", function() for i, v in ipairs(5) do end end)
try("pairs no value", function() return pairs() end)
try("pairs nil", function() for k in pairs(nil) do end end)
