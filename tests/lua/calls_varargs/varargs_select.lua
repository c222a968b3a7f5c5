-- Vararg functions, select, and nils in the vararg list.
local function count(...) return select("#", ...) end
print("count", count(), count(nil), count(nil, nil), count(1, nil, 3, nil))

local function pack(...) return {n = select("#", ...), ...} end
local p = pack(nil, 2, nil)
print("pack", p.n, p[1], p[2], p[3])

print("select 1", select(1, "a", "b", "c"))
print("select 2", select(2, "a", "b", "c"))
print("select 4", select(4, "a", "b", "c"))
print("select -1", select(-1, "a", "b", "c"))
print("select -3", select(-3, "a", "b", "c"))
print("select 2.0", select(2.0, "a", "b"))
print("select '#' none", select("#"))
print(pcall(function() return select(-4, "a", "b", "c") end))
print(pcall(function() return select(0, "a") end))
print(pcall(function() return select("x", "a") end))
print(pcall(function() return select(nil) end))

-- varargs mixed with fixed parameters
local function fixed(a, b, ...)
  return a, b, select("#", ...), ...
end
print("fixed", fixed(1))
print("fixed2", fixed(1, 2, 3, 4))

-- ... in the middle of an expression list truncates to one value
local function mid(...) return ..., "end" end
print("mid", mid(1, 2, 3))
print("mid none", mid())

-- ... in a parenthesised expression, in arithmetic
local function first(...) return (...) end
print("first", first(7, 8, 9), select("#", first()))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print("sum", sum(1, 2, 3, 4, 5))

-- local assignment from ...
local function spread(...)
  local a, b, c = ...
  return a, b, c
end
print("spread", spread(1, 2))
print("spread more", spread(1, 2, 3, 4))

-- varargs forwarded through several calls keep trailing nils
local function fwd(...) return count(...) end
print("fwd", fwd(nil, nil, nil))
print("unpack nils", count(table.unpack({1, nil, 3}, 1, 5)))
