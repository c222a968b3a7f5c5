-- A tail call reuses the caller's frame: 1,000,000 nested tail calls run in
-- constant stack space.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print("loop", loop(1000000, 0))

-- tail call through a global function
function gcount(n)
  if n <= 0 then return "done" end
  return gcount(n - 1)
end
print("global", gcount(1000000))

-- tail call with a float counter and several parameters
local function steps(x, target, count, extra)
  if x >= target then return count, extra end
  return steps(x + 0.5, target, count + 1, extra)
end
print("steps", steps(0.0, 500000.0, 0, "kept"))

-- the same depth as a non-tail call overflows (checked in limits/)
