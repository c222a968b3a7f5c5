-- Second half of the program of part1.lua (tests/cli_state.rs).
print("part2", count, ratio, name, #bytes, bytes:byte(2, 4), flags[1], flags.n)

-- The suspended coroutine continues inside its pcall.
print("worker", coroutine.resume(worker, 10))
print("worker", coroutine.resume(worker, 1000))
while coroutine.status(worker) == "suspended" do
  print("worker", coroutine.resume(worker, 1))
end
print("worker", coroutine.status(worker), coroutine.resume(worker))
print("numbers", numbers(), numbers(), numbers())

print("closure", increment(), increment(10), peek())

print("random", math.random(1000), math.random(), math.random(-5, 5))
math.randomseed(99)
print("reseeded", math.random(1 << 40))

-- The iteration continues from the saved key.
local key, value = next(inventory, cursor)
while key ~= nil do
  visited = visited + 1
  print("pairs", key, value)
  key, value = next(inventory, key)
end
print("visited", visited)

-- The weak tables after more garbage.
keep[2] = nil
collectgarbage()
local n = 0
for _ in pairs(cache) do
  n = n + 1
end
local keys = 0
for k, v in pairs(weak_keys) do
  keys = keys + 1
  print("weak key", k.id, v)
end
print("weak", n, keys, cache[2] and cache[2].id, cache[4], cache[6] and cache[6].id)

print("string", ("again"):shout(), ("xy"):twice(), string.twice("z"), ("%d"):format(7))

print("point", tostring(origin + origin + origin), getmetatable(origin) == Point)

io.write("io.write works", " ", 42, "\n")
io.stdout:write("io.stdout works\n")
print("end of part2")
