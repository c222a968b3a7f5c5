-- Tail calls to callable tables (__call) and tail calls in deep loops that
-- alternate between Lua functions and callable objects.
local counter = setmetatable({}, {
  __call = function(self, n, acc)
    if n == 0 then return acc end
    return self(n - 1, acc + 1)   -- tail call of a table through __call
  end,
})
print("callable", counter(1000000, 0))

-- Lua function <-> callable object
local obj
local function fn(n) if n == 0 then return "fn" end return obj(n - 1) end
obj = setmetatable({}, {__call = function(_, n) if n == 0 then return "obj" end return fn(n - 1) end})
print("alternate", fn(1000000), fn(1000001))

-- the callable receives itself as first argument
local c2 = setmetatable({name = "c2"}, {__call = function(self, a, b) return self.name, a, b end})
local function t2(...) return c2(...) end
print("self arg", t2(1, 2))
