-- while and repeat loops, break, and repeat-until scoping.
local i = 0
while i < 5 do i = i + 1 end
print("while", i)

local j = 10
while true do
  j = j - 3
  if j < 0 then break end
end
print("while break", j)

local k = 0
repeat k = k + 2 until k >= 7
print("repeat", k)

-- the until expression sees locals of the body
local tries = 0
repeat
  tries = tries + 1
  local done = tries * tries > 20
until done
print("until sees body local", tries)

-- repeat body runs at least once
local ran = 0
repeat ran = ran + 1 until true
print("runs once", ran)

-- while with a false condition never runs
local never = 0
while false do never = never + 1 end
print("never", never)

-- break inside nested while/repeat only leaves the innermost loop
local trace = {}
local a = 0
while a < 3 do
  a = a + 1
  local b = 0
  repeat
    b = b + 1
    if b == 2 then break end
    trace[#trace + 1] = a .. ":" .. b
  until b > 5
end
print("nested", table.concat(trace, " "))

-- conditions use Lua truthiness
local vals = {0, "", false, nil}
local truthy = 0
for idx = 1, 4 do
  local v = vals[idx]
  while v do truthy = truthy + 1 break end
end
print("truthy values", truthy)

-- long running loop
local sum = 0
local x = 0
while x < 100000 do x = x + 1 sum = sum + x end
print("sum", sum)
