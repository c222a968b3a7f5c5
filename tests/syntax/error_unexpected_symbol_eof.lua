local y = 1
x = y +
