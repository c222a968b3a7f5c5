-- __tostring and __name affect tostring/print and error messages.
local P = setmetatable({x = 1, y = 2}, {__tostring = function(p)
  return "Point(" .. p.x .. "," .. p.y .. ")"
end})
print(P)
print("tostring", tostring(P))
print("concat with tostring", "p=" .. tostring(P))

-- __tostring must return a string
local bad = setmetatable({}, {__tostring = function() return true end})
print(pcall(tostring, bad))
print(pcall(function() return tostring(bad) end))

-- __name is used in error messages when there is no __tostring
local N = setmetatable({}, {__name = "MyType"})
print(pcall(function() return N + 1 end))
print(pcall(function() local n = N return n.x.y end))
print(pcall(function() return N .. "" end))
print(pcall(function() return N < N end))
print(pcall(function() return N() end))
print(pcall(function() return math.floor(N) end))
print(pcall(function() return ("x"):rep(N) end))

-- __name must be a string to be used
local weird = setmetatable({}, {__name = 42})
print(pcall(function() return weird + 1 end))

-- __tostring is used by error messages of uncaught errors only (not in pcall)
local E = setmetatable({}, {__tostring = function() return "custom error" end})
local ok, err = pcall(error, E)
print("error object", ok, err == E, tostring(err))
