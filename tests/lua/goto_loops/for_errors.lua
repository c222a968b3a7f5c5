-- Errors raised by the numeric for loop preparation.
local function try(label, f)
  print(label, pcall(f))
end
local function id(x) return x end

try("init nil", function() for i = id(nil), 10 do end end)
try("init table", function() for i = {}, 10 do end end)
try("limit nil", function() for i = 1, id(nil) do end end)
try("limit bool", function() for i = 1, true do end end)
try("step nil", function() for i = 1, 10, id(nil) do end end)
try("step table", function() for i = 1, 10, {} do end end)
try("step zero", function() for i = 1, 10, 0 do end end)
try("step zero var", function() local z = id(0) for i = 1, 10, z do end end)
try("float step zero", function() for i = 1, 10, 0.0 do end end)
try("init string bad", function() for i = "x", 10 do end end)

-- numeric strings are converted (and give a float loop)
try("init string", function()
  local r = {}
  for i = "1", 3 do r[#r + 1] = tostring(i) end
  return table.concat(r, " ")
end)
try("limit string", function()
  local r = {}
  for i = 1, "3" do r[#r + 1] = tostring(i) end
  return table.concat(r, " ")
end)

-- generic for: calling a non-function iterator
try("generic nil", function() for k in nil do end end)
try("generic number", function() for k in 42 do end end)
try("generic table", function() local t = {} for k in t do end end)
try("generic pairs nil", function() for k in pairs(nil) do end end)
