-- Global names are reported as 'global' only when accessed through _ENV;
-- a local table named something else gives 'field'.
local function try(label, f)
  print(label, select(2, pcall(f)))
end

try("global", function() return nope.x end)
try("global call", function() nope() end)
try("explicit _ENV", function() return _ENV.nope.x end)
try("local _ENV", function()
  local _ENV = {print = print}
  return nope.x
end)
try("local _ENV call", function()
  local _ENV = {}
  nope()
end)
try("other table", function()
  local env = {}
  return env.nope.x
end)
try("upvalue _ENV", function()
  local _ENV = {}
  return (function() return nope.x end)()
end)
try("_ENV nil", function()
  local _ENV = nil
  return anything
end)
try("global arith", function() return nope + 1 end)
try("global concat", function() return nope .. "" end)
try("global method", function() return string:nope() end)
try("global field method", function() return string.nope() end)
