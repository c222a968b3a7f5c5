for i = 1, 2 x() end
