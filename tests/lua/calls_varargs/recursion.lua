-- Ordinary (non-tail) recursion, mutual recursion, recursion through tables.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib 20", fib(20))

local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print("ack 2 3", ack(2, 3))

local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print("even 10", is_even(10), "odd 7", is_odd(7))

-- recursion depth 10000 (non-tail) works
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("depth", depth(10000))

-- recursion through a table field and global
local M = {}
function M.sum(t, i) i = i or 1 if i > #t then return 0 end return t[i] + M.sum(t, i + 1) end
print("sum", M.sum({1, 2, 3, 4}))
function gfact(n) if n <= 1 then return 1 end return n * gfact(n - 1) end
print("fact 20", gfact(20))

-- 'local function' sees itself; 'local f = function' does not
local function self_ref() return type(self_ref) end
print("local function", self_ref())
local not_self = function() return type(not_self) end
print("local f = function", not_self())

-- Hanoi: count moves
local moves = 0
local function hanoi(n, a, b, c)
  if n == 0 then return end
  hanoi(n - 1, a, c, b)
  moves = moves + 1
  hanoi(n - 1, c, b, a)
end
hanoi(10, "A", "B", "C")
print("hanoi moves", moves)

-- quicksort on a small array
local function qsort(t, lo, hi)
  if lo >= hi then return end
  local p, i = t[hi], lo
  for j = lo, hi - 1 do
    if t[j] < p then t[i], t[j] = t[j], t[i]; i = i + 1 end
  end
  t[i], t[hi] = t[hi], t[i]
  qsort(t, lo, i - 1)
  qsort(t, i + 1, hi)
end
local arr = {5, 3, 9, 1, 7, 2, 8, 6, 4, 0}
qsort(arr, 1, #arr)
print("qsort", table.concat(arr, " "))
