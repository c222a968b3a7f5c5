-- Tail calls pass all results through, with varargs and with methods.
local function many(...) return ... end
local function tail(...) return many(...) end
print("tail varargs", tail(1, nil, 3, nil))
print("count", select("#", tail(1, nil, 3, nil)))
print("none", select("#", tail()))

-- deep tail recursion returning multiple values
local function deep(n, a, b, c)
  if n == 0 then return a, b, c end
  return deep(n - 1, b, c, a)
end
print("rotate", deep(1000000, "x", "y", "z"))
print("rotate 1", deep(1000001, "x", "y", "z"))

-- tail-called method
local obj = {n = 0}
function obj:count(k)
  if k == 0 then return self.n end
  self.n = self.n + 1
  return self:count(k - 1)
end
print("method", obj:count(1000000))

-- vararg function tail-calling itself with a shrinking list
local function drop(n, ...)
  if n == 0 then return select("#", ...), ... end
  return drop(n - 1, select(2, ...))
end
print("drop", drop(3, "a", "b", "c", "d", "e"))

-- 'return (f())' is not a tail call and truncates to one result
local function paren() return (many(1, 2, 3)) end
print("paren", paren())

-- tail call to a C function
local function tc(...) return select("#", ...) end
local function to_c(...) return select(2, ...) end
print("to C", to_c("a", "b", "c"), tc(to_c("a", "b", "c")))
