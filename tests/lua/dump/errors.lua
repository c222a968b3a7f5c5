-- Errors around binary chunks: modes, non-dumpable functions, bad headers, stripped names.

local function f() return 1 end
local bin = string.dump(f)

print("mode t", load(bin, "=x", "t"))
print("mode t name", load(bin, "@file.luac", "t"))
print("text in mode b", load("return 1", "=x", "b"))
print("empty mode", load(bin, "=x", ""))
print("reader binary mode t", load(function() local s = bin bin = nil return s end, "=r", "t"))
bin = string.dump(f)

print("dump print", pcall(string.dump, print))
print("dump nothing", pcall(string.dump))
print("dump number", pcall(string.dump, 42))
print("dump table", pcall(string.dump, {}))
print("dump coroutine.wrap", pcall(string.dump, coroutine.wrap(function() end)))
print("method dump", pcall(function() return ("x"):dump() end))

-- Truncated and foreign headers.
print("just ESC", load("\27"))
print("ESC Lu", load("\27Lu"))
print("ESC Lua", load("\27Lua"))
print("not binary", load("\27Lux\x54"))
print("version", load("\27Lua\x53\0"))
print("version 5.5", load("\27Lua\x55\0"))
print("named", load("\27Lua\x53", "=name"))
print("at name", load("\27Lua\x53", "@dir/x.luac"))
print("plain name", load("\27Lua\x53", "some chunk"))
print("truncated body", load(bin:sub(1, 20)))
print("truncated body named", load(bin:sub(1, #bin - 1), "=cut"))

-- Errors raised inside loaded functions.
local function fails(t) return t.field.sub end
local full = load(string.dump(fails))
print("full error", pcall(full, {}))
local function thrower() error({code = 7}) end
local ok, e = pcall(load(string.dump(thrower, true)))
print("table error", ok, type(e), e.code)
local function level0() error("plain", 0) end
print("level 0", pcall(load(string.dump(level0, true))))

-- positions and names inside stripped functions (no line info, no names)
do
  local a, t
  local function f() return a, t.x end
  print("stripped upvalue", pcall(load(string.dump(f, true))))
  print("stripped error", pcall(load(string.dump(function() error("x") end, true))))
  print("stripped local", pcall(load(string.dump(function() local y = nil; return y.z end, true))))
end
