-- To-be-closed variables are closed on break, return, goto and error exits.
local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. (err ~= nil and ("(" .. tostring(err) .. ")") or "")
  end})
end
local function flush(label)
  print(label, table.concat(log, " "))
  log = {}
end

-- break
for i = 1, 5 do
  local c <close> = closer("b" .. i)
  if i == 2 then break end
end
flush("break")

-- return from inside nested blocks
local function ret()
  local a <close> = closer("ra")
  do
    local b <close> = closer("rb")
    if true then return "returned" end
  end
end
print("ret", ret())
flush("return")

-- goto out of a block
do
  local g <close> = closer("g")
  goto skip
end
::skip::
flush("goto")

-- goto backwards in a loop closes each time
do
  local n = 0
  ::again::
  do
    local c <close> = closer("loop" .. n)
    n = n + 1
    if n < 3 then goto again end
  end
end
flush("goto loop")

-- error: closed with the error object, then pcall returns it
local ok, e = pcall(function()
  local x <close> = closer("ex")
  local y <close> = closer("ey")
  error("E", 0)
end)
print("pcall", ok, e)
flush("error")

-- error with a table value reaches __close unchanged
local errobj = {}
local got
pcall(function()
  local z <close> = setmetatable({}, {__close = function(_, err) got = err end})
  error(errobj)
end)
print("same error object", got == errobj)

-- return values are not affected by closing, even if it modifies locals
local function modify()
  local v = "original"
  local c <close> = setmetatable({}, {__close = function() v = "changed" end})
  return v
end
print("return value", modify())
