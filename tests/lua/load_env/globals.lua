-- Global variables and global function definitions.
print("undefined", undefined_global)
newglobal = 1
print("defined", newglobal)
newglobal = nil
print("removed", newglobal)

function gfun(a) return a * 2 end
print("global function", gfun(21))

local M = {sub = {}}
function M.f() return "M.f" end
function M.sub.g() return "M.sub.g" end
function M:method() return self == M end
print("field functions", M.f(), M.sub.g(), M:method())

-- locals shadow globals, and are independent of them
shadow = "global"
local shadow = "local"
print("shadow", shadow, _ENV.shadow)
do
  local shadow = "inner"
  print("inner", shadow)
end
print("outer", shadow)

-- assignments to globals through different syntax
_ENV["dyn" .. "amic"] = "dynamic global"
print("dynamic", dynamic)
rawset(_ENV, "raw", "raw global")
print("raw", raw)

-- global function redefinition
function gfun() return "redefined" end
print("redefined", gfun())

-- many globals
for i = 1, 100 do _ENV["g" .. i] = i end
print("many", g1 + g50 + g100)
