-- To-be-closed variables are closed in reverse order of declaration when
-- their block ends normally; __close gets the value and nil.
local function closer(name)
  return setmetatable({name = name}, {
    __close = function(self, err)
      print("close", self.name, "err", err)
    end,
  })
end

do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = closer("c")
  print("body end")
end
print("after block")

-- nested blocks close inner first
do
  local outer <close> = closer("outer")
  do
    local inner <close> = closer("inner")
    print("inner body")
  end
  print("between")
end

-- closing at the end of a function body, after the return values are computed
local function f()
  local x <close> = closer("in f")
  local v = "value"
  return v, "second"
end
print("f returned", f())

-- each loop iteration closes its own variable
for i = 1, 3 do
  local it <close> = closer("iter " .. i)
  print("iteration", i)
end

-- the main chunk's own to-be-closed variable is closed when the chunk ends
local last <close> = closer("main chunk")
print("end of main")
