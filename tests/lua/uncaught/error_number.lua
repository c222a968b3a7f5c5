-- An uncaught error with a number value (converted to a string, no position).
print("start")
error(42)
