-- Sibling closures created in the same scope share the same variable.
local function make()
  local value = 0
  local function get() return value end
  local function set(v) value = v end
  local function inc() value = value + 1 end
  return get, set, inc
end
local get, set, inc = make()
set(10)
inc()
print("shared", get())
local get2 = make()
print("independent", get2())

-- closures share with the enclosing function while it is still running
local function live()
  local x = 1
  local f = function() x = x * 10 end
  f()
  local before = x
  x = x + 1
  f()
  return before, x
end
print("live", live())

-- two levels: a closure and a nested closure share with the outer local
local function two_levels()
  local s = "a"
  local function app(c) s = s .. c end
  local function nested() return function(c) app(c) s = s .. "!" end end
  nested()("b")
  app("c")
  return s
end
print("two levels", two_levels())

-- a table of closures over a single variable
local function bank()
  local balance = 0
  return {
    deposit = function(v) balance = balance + v end,
    withdraw = function(v)
      if v > balance then return false end
      balance = balance - v
      return true
    end,
    balance = function() return balance end,
  }
end
local acct = bank()
acct.deposit(100)
print("withdraw 30", acct.withdraw(30))
print("withdraw 100", acct.withdraw(100))
print("balance", acct.balance())

-- a closure modifying a parameter of its enclosing function
local function param(p)
  local function bump() p = p + 1 end
  bump() bump()
  return p
end
print("param", param(40))
