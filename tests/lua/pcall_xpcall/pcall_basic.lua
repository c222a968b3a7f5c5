-- pcall returns true plus all results, or false plus the error value.
print("ok", pcall(function() return 1, 2, 3 end))
print("ok none", pcall(function() end))
print("count none", select("#", pcall(function() end)))
print("args", pcall(function(a, b) return a + b end, 3, 4))
print("nil args", pcall(function(...) return select("#", ...) end, nil, nil))
print("fail", pcall(function() error("bad", 0) end))
print("builtin", pcall(tostring, 12))
print("builtin error", pcall(tostring))

-- many results pass through
local function many() local t = {} for i = 1, 250 do t[i] = i end return table.unpack(t) end
print("250 results", select("#", pcall(many)), select(251, pcall(many)))

-- nested pcall
print("nested", pcall(pcall, error, "x"))
print("nested ok", pcall(pcall, function() return "inner" end))
print("triple", pcall(pcall, pcall, error, "deep"))

-- the state after a caught error is fine: locals and globals are intact
local counter = 0
for i = 1, 5 do
  local ok = pcall(function()
    counter = counter + 1
    if i % 2 == 0 then error("even") end
  end)
end
print("counter", counter)

-- pcall of non-callable values
print("nil", pcall(nil))
print("table", pcall({}))
print("callable table", pcall(setmetatable({}, {__call = function(_, x) return "called", x end}), 5))

-- pcall in a loop 10000 times
local fails = 0
for i = 1, 10000 do
  if not pcall(error, i) then fails = fails + 1 end
end
print("fails", fails)

-- errors after partial results: assignments before the error are kept
local t = {}
pcall(function() t.a = 1; error("stop"); t.b = 2 end)
print("partial", t.a, t.b)
