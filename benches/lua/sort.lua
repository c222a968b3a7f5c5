-- table.sort of 1e5 numbers (default order), then with a comparator.
local seed = 12345
local function rand()
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed
end
local t = {}
for i = 1, 100000 do t[i] = rand() end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
local u = {}
for i = 1, 30000 do u[i] = rand() end
table.sort(u, function(a, b) return a > b end)
print(ok, t[1], t[#t], u[1], u[#u])
