-- Error positions are the line of the failing instruction, including in
-- multi-line expressions and nested functions.
local function try(f)
  print(select(2, pcall(f)))
end

try(function()
  local t = nil
  return 1 +
    t.x             -- the index fails on this line
end)

try(function()
  local a = {}
  local s = "x" ..
    "y" ..
    a               -- lua5.4 reports the line of the last '..' (the line above)
  return s
end)

try(function()
  local f
  f(                -- a call is reported on the line of its '('
    1,
    2
  )
end)

try(function()
  local t = {
    a = 1,
    b = nil + 1,
  }
end)

try(function()
  local x = 1
  local y = x
     +              -- arithmetic is reported on the line of the operator
     nil
end)

-- the line of an error inside a function called from several lines
local function bad(v)
  return v.field
end
try(function() return bad(nil) end)
try(function()
  local r = bad(
    false
  )
end)

-- errors in the main chunk, at the top level of a loaded chunk
print(pcall(load("local x = nil\nreturn x.y", "=chunk")))
print(pcall(load("\n\n\nerror('line four')", "=chunk")))
print(pcall(load("return nil + 1", "@file.lua")))
print(pcall(load("return nil .. 1")))
