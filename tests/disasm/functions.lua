function f(a, b) return a + b end
function t.a.b(x) return x end
function t.a:m(x) return self[x] end
local function fact(n)
  if n <= 1 then return 1 end
  return n * fact(n - 1)
end
local anon = function(...) local a, b = ... return b, a end
local function deep()
  return function()
    return function()
      return fact, anon, deep
    end
  end
end
return fact(5), anon(1, 2)
