-- A priority queue (binary heap) driving a small discrete event simulation
-- with coroutines as processes.
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0, seq = 0}, Heap) end
local function less(a, b)
  if a.time ~= b.time then return a.time < b.time end
  return a.seq < b.seq
end
function Heap:push(item)
  self.seq = self.seq + 1
  item.seq = self.seq
  self.n = self.n + 1
  local i = self.n
  self[i] = item
  while i > 1 do
    local p = i // 2
    if less(self[i], self[p]) then self[i], self[p] = self[p], self[i]; i = p else break end
  end
end
function Heap:pop()
  if self.n == 0 then return nil end
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and less(self[l], self[m]) then m = l end
    if r <= self.n and less(self[r], self[m]) then m = r end
    if m == i then break end
    self[i], self[m] = self[m], self[i]
    i = m
  end
  return top
end

local queue = Heap.new()
local now = 0
local log = {}
local function spawn(name, body)
  local co = coroutine.create(body)
  queue:push({time = now, co = co, name = name})
end
local function sleep(dt) coroutine.yield(dt) end

spawn("ticker", function()
  for i = 1, 4 do log[#log + 1] = now .. ":tick" .. i sleep(3) end
end)
spawn("worker", function()
  log[#log + 1] = now .. ":work start"
  sleep(5)
  log[#log + 1] = now .. ":work half"
  sleep(5)
  log[#log + 1] = now .. ":work done"
end)
spawn("failing", function()
  sleep(4)
  error("process crashed", 0)
end)

while true do
  local ev = queue:pop()
  if not ev then break end
  now = ev.time
  local ok, dt = coroutine.resume(ev.co)
  if not ok then
    log[#log + 1] = now .. ":" .. ev.name .. " error: " .. dt
  elseif coroutine.status(ev.co) == "suspended" then
    queue:push({time = now + dt, co = ev.co, name = ev.name})
  end
end
for _, l in ipairs(log) do print(l) end

-- heap sort with the same heap
local h = Heap.new()
for _, v in ipairs({5, 1, 9, 3, 7, 2, 8, 2}) do h:push({time = v}) end
local sorted = {}
while h.n > 0 do sorted[#sorted + 1] = h:pop().time end
print("heap sort", table.concat(sorted, " "))
