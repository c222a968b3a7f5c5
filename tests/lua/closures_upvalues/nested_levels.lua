-- Upvalues of upvalues: closures nested several levels deep.
local function l1()
  local a = 1
  return function()
    local b = 2
    return function()
      local c = 3
      return function()
        a = a + 1
        return a + b + c
      end
    end
  end
end
local deep = l1()()()
print("deep", deep(), deep())

-- a closure that only uses an outer-outer local still keeps it alive
local function maker()
  local secret = "s"
  local function mid()
    return function() return secret end
  end
  return mid
end
print("outer-outer", maker()()())

-- recursive local function as an upvalue of itself
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
local apply = function(x) return fact(x) end
print("recursive upvalue", apply(10))

-- many upvalues in one closure
local u1, u2, u3, u4, u5, u6, u7, u8, u9, u10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
local function all() return u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9 + u10 end
u10 = 100
print("many", all())

-- the implicit _ENV upvalue: globals in nested functions
gvar = "global"
local function g1() return function() return gvar end end
print("global in nested", g1()())

-- closures returned from coroutines keep their upvalues
local co = coroutine.wrap(function()
  local count = 0
  coroutine.yield(function() count = count + 1 return count end)
end)
local inc = co()
print("from coroutine", inc(), inc())
