-- Each closure instance has its own captured variables.
local function counter(start)
  local n = start
  return function(step)
    n = n + (step or 1)
    return n
  end
end
local c1, c2 = counter(0), counter(100)
print("c1", c1(), c1(), c1(5))
print("c2", c2(), c2(-50))
print("c1 again", c1())

-- parameters are captured too
local function adder(x) return function(y) return x + y end end
local add5, add10 = adder(5), adder(10)
print("adders", add5(1), add10(1), add5(add10(0)))

-- closures capturing the loop control value of a while loop via a local
local fs = {}
local i = 1
while i <= 3 do
  local j = i
  fs[i] = function() return j end
  i = i + 1
end
print("while fresh", fs[1](), fs[2](), fs[3]())

-- a closure capturing a variable that is later reassigned sees the change
local late = "before"
local get_late = function() return late end
late = "after"
print("late binding", get_late())

-- upvalue captured by a closure created inside another closure
local function outer()
  local x = 0
  return function()
    return function() x = x + 1 return x end
  end
end
local mk = outer()
local g1, g2 = mk(), mk()
print("shared through layers", g1(), g2(), g1())
