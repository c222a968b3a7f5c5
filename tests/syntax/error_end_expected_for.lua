for i = 1, 2 do
  x = 1
