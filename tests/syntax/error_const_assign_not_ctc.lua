local a <const> = 1, 2
a = 3
