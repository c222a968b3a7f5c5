f:m
