-- Multiple assignment: all expressions are evaluated before any assignment.
local function id(x) return x end

local a, b = 1, 2
a, b = b, a
print("swap", a, b)

local x, y, z = 1
print("too few", x, y, z)
local p, q = 1, 2, 3
print("too many", p, q)

-- the same variable twice: lua5.4 assigns from right to left, so the
-- first target wins
local v
v, v = 1, 2
print("v, v", v)
gv, gv = "first", "second"
print("gv, gv", gv)

-- table index evaluated before the assignment of i
local t, i = {}, 1
t[i], i = i + 1, 20
print("t[1], t[20], i", t[1], t[20], i)

-- both subscripts evaluated before assigning
local arr = {10, 20, 30}
local j = 1
j, arr[j] = 2, "changed"
print("arr", arr[1], arr[2], j)

-- swap table elements
arr[1], arr[3] = arr[3], arr[1]
print("swapped", arr[1], arr[2], arr[3])

-- function calls on the right adjust to the number of targets
local function two() return "x", "y" end
local m1, m2, m3 = two()
print("call last", m1, m2, m3)
local n1, n2, n3 = two(), "z"
print("call not last", n1, n2, n3)
local o1, o2 = (two())
print("parens", o1, o2)

-- the order of evaluation of right-hand expressions is left to right
local log = {}
local function f(s) log[#log + 1] = s return s end
local r1, r2, r3 = f("a"), f("b"), f("c")
print("order", table.concat(log), r1, r2, r3)

-- nested table targets
local u = {inner = {}}
u.inner.k, u.other = id("kv"), id("ov")
print("nested", u.inner.k, u.other)
