-- An uncaught error with a nil value.
print("start")
local function f() error() end
f()
