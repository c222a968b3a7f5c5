-- Natives calling back into Lua, nested until the C-stack limit.
local d = 0
local function f() d = d + 1; local ok, e = pcall(f); if not ok then error(e, 0) end end
print("pcall", pcall(f))
d = 0
local function fx() d = d + 1; local ok, e = xpcall(fx, debug.traceback); if not ok then error(e, 0) end end
local ok, e = pcall(fx)
print("xpcall", ok, string.match(e, "^[^\n]*"))
local t = setmetatable({}, {__tostring = function(s) return tostring(s) end})
print("tostring", pcall(tostring, t))
print("format", pcall(string.format, "%s", setmetatable({}, {__tostring = function(s) return string.format("%s", s) end})))
print("print", pcall(print, setmetatable({}, {__tostring = function(s) print(s) end})))
local function srt() table.sort({3, 2, 1}, function(a, b) srt() return a < b end) end
print("sort", pcall(srt))
local function g(s) return (string.gsub("ab", ".", g)) end
print("gsub", pcall(g, "a"))
local gt = setmetatable({}, {__index = function(t, k) return (string.gsub("ab", ".", t)) end})
print("gsub table", pcall(string.gsub, "ab", ".", gt))
local function reader() local f, e = load(reader); error(e, 0) end
local lf, le = load(reader)
print("load", lf, string.match(le, "^[^\n]*"))
local n = 0
local searchers = package.searchers
package.searchers = {function(name) return function() n = n + 1; return require(name .. "x") end end}
print("require", pcall(require, "a"))
package.searchers = searchers
local li = setmetatable({}, {__index = function(t, i) for _, v in ipairs(t) do end end})
print("ipairs", pcall(ipairs(li), li, 0))
local lu = setmetatable({}, {__index = function(t, i) return table.unpack(t, 1, 1) end})
print("unpack", pcall(table.unpack, lu, 1, 1))
local ll = setmetatable({}, {__len = function(t) table.insert(t, 1) return 1 end})
print("insert", pcall(table.insert, ll, 1))
local lp = setmetatable({}, {__pairs = function(t) return pairs(t) end})
print("pairs", pcall(pairs, lp))
local lc = setmetatable({}, {__index = function(t, i) return table.concat(t, ",", 1, 1) end})
print("concat", pcall(table.concat, lc, ",", 1, 1))
local deep = {}
for i = 1, 100000 do deep = {deep} end
print("deep table concat", pcall(table.concat, deep))
print("deep table tostring", (string.gsub(tostring(deep), "0x%x+", "ADDR")))
