function f()
  local x = 1

