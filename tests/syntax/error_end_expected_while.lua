while x do
  x = 1
