-- count hooks: called every N instructions, removable, not inside themselves
local events = 0
local function hook(kind)
  events = events + 1
  assert(kind == "count")
end
debug.sethook(hook, "", 100)
local f, mask, count = debug.gethook()
print(f == hook, mask, count)
local x = 0
for i = 1, 10000 do x = x + i end
debug.sethook()
print("events", events > 50, events < 1000)
print(debug.gethook())
local before = events
for i = 1, 10000 do x = x + i end
print("no events after removal", events == before)

-- a hook that raises an error stops the running code; pcall catches it
local n = 0
debug.sethook(function()
  n = n + 1
  if n == 3 then error("budget exhausted") end
end, "", 1000)
local ok, err = pcall(function() while true do end end)
debug.sethook()
print(ok, (string.gsub(err, "^.-:%d+: ", "")))

-- the hook sees its caller's line
local lines = {}
debug.sethook(function() lines[debug.getinfo(2, "l").currentline] = true end, "", 1)
local y = 1
y = y + 1
debug.sethook()
print(lines[33], lines[34])

print(pcall(debug.sethook, print))
print(pcall(debug.sethook, 1, ""))
debug.sethook(print, "", 0)
print(debug.gethook())
