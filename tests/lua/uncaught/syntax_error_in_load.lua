-- A chunk loaded with load that fails to compile, whose error is re-raised.
local f, err = load("return 1 +", "=snippet")
print("load returned", f, err)
error(err, 0)
