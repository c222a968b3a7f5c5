-- Missing parameters are nil, extra arguments are dropped; evaluation order.
local function f(a, b, c) return a, b, c end
print("fewer", f(1))
print("exact", f(1, 2, 3))
print("more", f(1, 2, 3, 4, 5))
print("none", f())

local log = {}
local function L(x) log[#log + 1] = tostring(x) return x end
local function g(...) return select("#", ...) end
print("evaluated", g(L(1), L(2), L(3)), table.concat(log, ","))

-- extra arguments are still evaluated
log = {}
f(L("a"), L("b"), L("c"), L("d"), L("e"))
print("extra evaluated", table.concat(log, ","))

-- the function expression is evaluated before the arguments
log = {}
local function getf() log[#log + 1] = "f" return g end
getf()(L("x"))
print("callee first", table.concat(log, ","))

-- call syntax sugar: string and table arguments
local function show(x) return type(x), (type(x) == "table") and #x or x end
print("string arg", show "lit")
print("table arg", show {1, 2, 3})
print("long string arg", show [[long]])

-- chained calls
local function adder(n) return function(m) return function(k) return n + m + k end end end
print("chained", adder(1)(2)(3))
print("chained sugar", (function(t) return t[1] end){"x"})

-- parameters are locals that can be assigned
local function inc(n) n = n + 1 return n end
local v = 5
print("by value", inc(v), v)

-- tables are passed by reference
local function setx(t) t.x = "set" end
local tt = {}
setx(tt)
print("by reference", tt.x)

-- 200 arguments through table.unpack
local big = {}
for i = 1, 200 do big[i] = i end
print("200 args", g(table.unpack(big)), select(200, table.unpack(big)))
