local x <const> = f()
x = 2
