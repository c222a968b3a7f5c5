-- strings and numbers convert into each other where lua5.4 converts them
print("10" + 5, "3" * "4", "2" ^ 2, 10 .. 20, "0x10" + 0, " 7 " * 1, "1e2" + 0)
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} .. "x" end))
print(pcall(function() return "1" | 2 end))
print(math.type("10" + 0), math.type("10.0" + 0), math.type("10" // 1))
print(string.rep(3, 2), string.len(12.5), string.upper(1e100), string.sub(-0.0, 1))
print(("%d"):format(3), ("x"):rep(3))
