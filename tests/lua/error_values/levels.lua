-- error(msg, level): level 1 (default) is the function calling error,
-- level 2 its caller, level 0 adds no position.
local function lvl(level)
  error("msg", level)          -- line 4
end
local function caller(level)
  lvl(level)                   -- line 7
end

print("default", pcall(function() error("msg") end))
print("level 0", pcall(caller, 0))
print("level 1", pcall(caller, 1))
print("level 2", pcall(caller, 2))
print("level 3", pcall(function()
  caller(3)                    -- line 15
end))

-- checking arguments with level 2 points at the caller
local function check_positive(n)
  if type(n) ~= "number" or n <= 0 then
    error("expected a positive number", 2)
  end
  return n
end
local function use()
  local v = check_positive(-1) -- line 26
  return v
end
print("arg check", pcall(use))
-- with a tail call the caller's frame is gone: level 2 is pcall itself,
-- a C function, so no position is added
local function use_tail()
  return check_positive(-1)
end
print("arg check tail", pcall(use_tail))

-- a level beyond the stack gives no position
print("level 50", pcall(function() error("deep", 50) end))

-- error called directly by pcall: level 1 refers to a C function
print("direct", pcall(error, "direct"))
print("direct level 2", pcall(error, "direct", 2))

-- messages that already contain a position get another one
print("double", pcall(function()
  local ok, e = pcall(error, "inner")
  error(e)
end))
print("double 2", pcall(function()
  local ok, e = pcall(function() error("inner") end)
  error(e)
end))
