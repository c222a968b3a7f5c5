-- Each loop iteration gets fresh local variables (including the control
-- variables of for loops), so closures capture different variables.
local fs = {}
for i = 1, 3 do fs[#fs + 1] = function() return i end end
print("numeric for", fs[1](), fs[2](), fs[3]())

fs = {}
for k, v in ipairs({"a", "b", "c"}) do fs[#fs + 1] = function() return k .. v end end
print("generic for", fs[1](), fs[2](), fs[3]())

-- a body local is fresh per iteration
fs = {}
for i = 1, 3 do
  local sq = i * i
  fs[i] = function() sq = sq + 1 return sq end
end
print("body local", fs[1](), fs[1](), fs[2](), fs[3]())

-- closures in the same iteration share the variable
local getters, setters = {}, {}
for i = 1, 2 do
  local v = i
  getters[i] = function() return v end
  setters[i] = function(x) v = x end
end
setters[1]("one")
print("same iteration shared", getters[1](), getters[2]())

-- modifying the loop copy does not change iteration
local seen = {}
for i = 1, 5 do
  local f = function() i = i * 100 end
  f()
  seen[#seen + 1] = i
end
print("copy modified", table.concat(seen, " "))

-- repeat-until: body locals are fresh and visible in the condition
fs = {}
local n = 0
repeat
  local m = n
  fs[#fs + 1] = function() return m end
  n = n + 1
until m >= 2
print("repeat", fs[1](), fs[2](), fs[3]())

-- float loop variables
fs = {}
for x = 0.5, 1.5, 0.5 do fs[#fs + 1] = function() return x end end
print("float for", fs[1](), fs[2](), fs[3]())
