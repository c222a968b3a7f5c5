-- __close interacting with closures, return values and nested functions.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function() log[#log + 1] = name end})
end

-- a closure capturing a to-be-closed variable still sees the value
local keep
do
  local res <close> = closer("res")
  keep = function() return res ~= nil end
end
print("captured", keep(), table.concat(log, ","))
log = {}

-- close variables in a called function run before the caller continues
local function inner()
  local c <close> = closer("inner")
  log[#log + 1] = "inner body"
end
inner()
log[#log + 1] = "after call"
print("call order", table.concat(log, ","))
log = {}

-- 'return f()' in a function with to-be-closed variables is not a tail
-- call: the callee runs first, then the variable is closed
local function callee() log[#log + 1] = "callee" return "r" end
local function caller()
  local c <close> = closer("caller's tbc")
  return callee()
end
print("result", caller(), table.concat(log, ","))
log = {}

-- a to-be-closed variable in a deeply recursive function
local function rec(n)
  local c <close> = closer("rec" .. n)
  if n > 0 then return rec(n - 1) end
  return n
end
print("rec", rec(3), table.concat(log, ","))
log = {}

-- __close can itself declare to-be-closed variables
do
  local outer <close> = setmetatable({}, {__close = function()
    local innerc <close> = closer("inside close")
    log[#log + 1] = "outer close"
  end})
end
print("nested close", table.concat(log, ","))
