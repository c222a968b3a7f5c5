-- Small algorithmic programs: sieve of Eratosthenes, N-queens, GCD, Collatz.
local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, n do
    if is[i] then
      for j = i * i, n, i do is[j] = false end
    end
  end
  local primes = {}
  for i = 2, n do if is[i] then primes[#primes + 1] = i end end
  return primes
end
local p = sieve(10000)
print("primes below 10000", #p, p[1], p[#p])
print("first 15", table.concat(p, " ", 1, 15))

local function queens(n)
  local cols, count, first = {}, 0, nil
  local function ok(r, c)
    for pr = 1, r - 1 do
      local pc = cols[pr]
      if pc == c or pc - c == pr - r or pc - c == r - pr then return false end
    end
    return true
  end
  local function place(r)
    if r > n then
      count = count + 1
      if not first then first = table.concat(cols, ",") end
      return
    end
    for c = 1, n do
      if ok(r, c) then cols[r] = c place(r + 1) end
    end
    cols[r] = nil
  end
  place(1)
  return count, first
end
for n = 4, 8 do print("queens", n, queens(n)) end

local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print("gcd", gcd(1071, 462), gcd(17, 5), gcd(0, 9), gcd(2^40 | 0, 6^20 | 0))

local function collatz(n)
  local steps = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  return steps
end
local best, bestn = 0, 0
for i = 1, 30000 do
  local s = collatz(i)
  if s > best then best, bestn = s, i end
end
print("collatz", bestn, best)
