local function v(a, ...)
  local n = select("#", ...)
  local t = {...}
  local x, y = ...
  local p = (...)
  return a, ...
end
local function w(...)
  return ...
end
local function u(...)
  f(...)
  f(..., 1)
  return (...), g(...)
end
print(v(1, 2, 3))
