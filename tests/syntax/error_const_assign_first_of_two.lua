local a <const>, b <const> = 1, 2
a = 3
