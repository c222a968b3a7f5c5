-- Generic for: iterator function, invariant state and control variable.
local function iter(state, ctrl)
  if ctrl < state.n then return ctrl + 1, state.name .. (ctrl + 1) end
end
for i, v in iter, {n = 3, name = "x"}, 0 do print("stateless", i, v) end

-- the loop ends when the first value is nil even if others are not
local function stops(_, c)
  c = c + 1
  if c <= 2 then return c, "more" end
  return nil, "ignored"
end
for i, v in stops, nil, 0 do print("first nil stops", i, v) end

-- false as first value does not stop? it does not: only nil stops
local step = 0
local function falsy()
  step = step + 1
  if step == 1 then return false end
  return nil
end
for v in falsy do print("false value", v) end

-- the iterator receives exactly (state, control)
local function spy(...)
  print("iterator args", select("#", ...), ...)
  return nil
end
for _ in spy, "s", "c", nil do end

-- more loop variables than values
local function one(_, c) if not c then return 1 end end
for a, b, c in one do print("extra vars", a, b, c) end

-- modifying the control variable inside the body does not affect iteration
for i, v in ipairs({"a", "b", "c"}) do
  i = i + 10
  print("modified", i, v)
end

-- a callable table as the iterator (__call)
local counter = setmetatable({}, {__call = function(self, s, c)
  if c < 3 then return c + 1 end
end})
for i in counter, nil, 0 do print("callable iterator", i) end

-- explist adjustment: a single call provides all values
local function triple() return next, {"only"}, nil end
for k, v in triple() do print("from one call", k, v) end
