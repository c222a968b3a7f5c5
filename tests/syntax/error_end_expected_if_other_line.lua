if x then
else
  y()
