-- goto and labels: continue, backward jumps, nested loops, scoping.
-- continue
local out = {}
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  out[#out + 1] = i
  ::continue::
end
print("continue", table.concat(out, " "))

-- backward goto as a loop
local n = 0
::top::
n = n + 1
if n < 5 then goto top end
print("backward", n)

-- breaking out of nested loops
local found
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 12 then
      found = i .. "x" .. j
      goto done
    end
  end
end
::done::
print("nested exit", found)

-- a label at the end of a block can be jumped to past local declarations
do
  goto finish
  local skipped = 1
  ::finish::
end
print("end label ok")

-- goto into a scope of a local is a compile error
print(load("goto l; local x = 1; ::l:: print(x)"))
-- labels must be visible
print(load("do ::a:: end goto a"))
-- duplicate labels in the same function
print(load("::a:: ::a::"))

-- a while loop with redo-like goto
local tries = 0
local i = 0
while i < 3 do
  i = i + 1
  ::redo::
  tries = tries + 1
  if tries == 2 then goto redo end
end
print("redo", i, tries)

-- state machine with gotos
local trace = {}
local s = 0
::s0:: trace[#trace + 1] = "s0"; s = s + 1; if s < 3 then goto s1 else goto stop end
::s1:: trace[#trace + 1] = "s1"; goto s0
::stop::
print("machine", table.concat(trace, ","))
