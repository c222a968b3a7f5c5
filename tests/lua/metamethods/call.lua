-- __call: callable tables, extra self argument, chains, and errors.
local C = setmetatable({name = "C"}, {__call = function(self, a, b)
  return self.name, a, b
end})
print("call", C(1, 2))
print("method-style", pcall(C, "x"))

-- results pass through unchanged
local many = setmetatable({}, {__call = function(_, ...) return ... end})
print("varargs", select("#", many(nil, nil, 3)), many(1, 2, 3))

-- __call whose value is itself a callable table (chains)
local inner = setmetatable({}, {__call = function(self, ...)
  return "inner", select("#", ...), type((...)), select(2, ...)
end})
local outer = setmetatable({}, {__call = inner})
print("chain", outer("arg"))

-- __call with a method call
local obj
obj = {f = setmetatable({}, {__call = function(self, o, x) return o == obj, x end})}
print("method", obj:f(5))

-- callable tables as iterators and with pcall
local gen = setmetatable({i = 0}, {__call = function(self)
  self.i = self.i + 1
  if self.i <= 2 then return self.i end
end})
for v in gen do print("iter", v) end
print("pcall callable", pcall(C, "p"))

-- errors: __call that is not callable, no __call
local bad = setmetatable({}, {__call = 42})
print(pcall(function() return bad() end))
print(pcall(function() local t = {} return t() end))
print(pcall(function() local t = {} return t.field() end))
