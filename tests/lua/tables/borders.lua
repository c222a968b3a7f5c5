-- '#' on tables built as proper sequences (where the border is unique).
local function id(x) return x end

local t = {}
for i = 1, 10 do t[i] = i * i end
print("#t", #t)
for i = 10, 6, -1 do t[i] = nil end
print("#t shrunk", #t)
t[6] = 36
print("#t regrown", #t)

-- sequence built from the end down
local r = {}
for i = 100, 1, -1 do r[i] = true end
print("#r", #r)

-- a sequence with keys added in the hash part first
local h = {}
h[3] = 3; h[2] = 2; h[1] = 1
print("#h", #h)

-- sequence of length zero
print("#{}", #{}, "#{n=1}", #{n = 1})

-- strings stored in a sequence
local s = {"a", "b", "c"}
s[#s + 1] = "d"
print("#s", #s, s[#s])

-- append in loop using #
local q = {}
for i = 1, 500 do q[#q + 1] = i end
print("#q", #q, q[500])

-- removing from the end with #
while #q > 250 do q[#q] = nil end
print("#q after", #q, q[250], q[251])

-- a table where the first element is nil has a border of 0 only if empty
local z = {nil, nil, 3}
print("#z is border", #z == 0 or #z == 3)
