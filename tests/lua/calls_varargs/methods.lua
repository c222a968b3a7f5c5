-- Method definitions and calls: ':' passes the receiver as 'self'.
local Account = {}
Account.__index = Account

function Account.new(balance)
  return setmetatable({balance = balance}, Account)
end
function Account:deposit(v) self.balance = self.balance + v return self end
function Account:get() return self.balance end
function Account.static(x) return "static " .. tostring(x) end

local acc = Account.new(100)
acc:deposit(50):deposit(25)
print("chain", acc:get())
print("dot call", Account.get(acc))
print("static", Account.static(1), acc.static(2))

-- methods on nested fields
local obj = {inner = {name = "in", who = function(self) return self.name end}}
print("nested", obj.inner:who())

-- method with varargs
local V = {}
function V:count(...) return self == V, select("#", ...) end
print("varargs", V:count(1, nil, 3))

-- the receiver expression is evaluated once
local n = 0
local function get() n = n + 1 return acc end
get():deposit(1)
print("evaluated once", n, acc:get())

-- method names can be keywords-like strings via brackets only
local t = {["end"] = function(self) return "end method" end}
print("bracket", t["end"](t))

-- calling a method on a value without it
print(pcall(function() acc:withdraw(1) end))
print(pcall(function() local s = nil; s:go() end))
print(pcall(function() return Account.nothere(acc) end))
