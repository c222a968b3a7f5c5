do
  local c <close> = nil
  c = 1
end
