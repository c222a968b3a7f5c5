-- Adjustment of multiple results in every context.
local function none() end
local function one() return 1 end
local function three() return 1, 2, 3 end

print("args last", three())
print("args not last", three(), "end")
print("args parens", (three()))
print("args none", none())
print("args none mid", none(), "x")
print("count none", select("#", none()))
print("count parens none", select("#", (none())))
print("count three", select("#", three()))
print("count two calls", select("#", three(), three()))

local a, b, c, d = three()
print("local", a, b, c, d)
local e, f = none()
print("local none", e, f)
local g, h = one(), three()
print("mixed", g, h)

-- return f() passes all results, return (f()) only one
local function pass() return three() end
local function first() return (three()) end
local function wrap_none() return none() end
print("pass", pass())
print("first", first())
print("wrap none count", select("#", wrap_none()))

-- results in expressions are truncated to one
print("arith", three() + 10)
print("concat", three() .. "!")
print("index", ({three()})[3])
print("and/or", three() and "t", nil or three())

-- string.format takes the extra values as arguments
print(string.format("%d-%d-%d", three()))

-- return with many values through several levels
local function many(n)
  if n == 0 then return end
  return n, many(n - 1)
end
print("many", many(5))
print("many count", select("#", many(40)))

-- method calls returning multiple values
local obj = {vals = function(self, x) return self, x, x * 2 end}
local s, x1, x2 = obj:vals(21)
print("method", s == obj, x1, x2)
