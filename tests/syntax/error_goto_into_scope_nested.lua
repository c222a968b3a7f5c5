do
  do goto l end
  local y = 1
  ::l::
  y = 2
end
