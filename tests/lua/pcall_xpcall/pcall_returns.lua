-- The results of pcall used in different contexts, and error values
-- crossing several protected calls.
local function f(n)
  if n < 0 then error("negative", 0) end
  return n, n * 2
end

local ok, a, b = pcall(f, 5)
print("assign", ok, a, b)
ok, a, b = pcall(f, -1)
print("assign fail", ok, a, b)
print("table", #{pcall(f, 1)})
print("in expression", (pcall(f, 1)))
print("as condition", pcall(f, 1) and "yes" or "no", pcall(f, -1) and "yes" or "no")

-- a function that converts errors to nil, msg
local function safe(fn, ...)
  local res = {pcall(fn, ...)}
  if res[1] then return table.unpack(res, 2) end
  return nil, res[2]
end
print("safe ok", safe(f, 3))
print("safe fail", safe(f, -3))

-- error values crossing several pcall layers
local function layer(n)
  if n == 0 then error({depth = 0}) end
  local ok, e = pcall(layer, n - 1)
  e.depth = e.depth + 1
  error(e)
end
local _, e = pcall(layer, 10)
print("depth", e.depth)

-- a try/finally helper built on pcall
local function try_finally(body, finally)
  local r = {pcall(body)}
  finally()
  if not r[1] then error(r[2], 0) end
  return table.unpack(r, 2)
end
local log = {}
print(pcall(try_finally, function() return "body ok" end, function() log[#log + 1] = "f1" end))
print(pcall(try_finally, function() error("body failed", 0) end, function() log[#log + 1] = "f2" end))
print("finally ran", table.concat(log, ","))
