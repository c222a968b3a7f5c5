goto l; local x <const> = 1; ::l:: print(x)
