local 1
