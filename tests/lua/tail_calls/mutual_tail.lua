-- Mutual tail recursion between locals, upvalues and table fields.
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print("even 1000000", even(1000000))
print("odd 1000001", odd(1000001))

local M = {}
function M.ping(n, log) if n == 0 then return "ping", log end return M.pong(n - 1, log + 1) end
function M.pong(n, log) if n == 0 then return "pong", log end return M.ping(n - 1, log + 1) end
print("ping-pong", M.ping(999999, 0))

-- a state machine built from tail calls
local states = {}
function states.a(n) if n == 0 then return "end in a" end return states.b(n - 1) end
function states.b(n) if n == 0 then return "end in b" end return states.c(n - 1) end
function states.c(n) if n == 0 then return "end in c" end return states.a(n - 1) end
print("states", states.a(1000000), states.a(1000001), states.a(1000002))

-- mutual recursion through upvalue closures created in a loop
local fs = {}
for i = 1, 3 do
  fs[i] = function(n)
    if n == 0 then return "stopped in " .. i end
    return fs[i % 3 + 1](n - 1)
  end
end
print("closure ring", fs[1](1000000), fs[2](1000000))
