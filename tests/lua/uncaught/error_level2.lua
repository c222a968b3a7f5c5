-- error with level 2 blames the caller; level 0 adds no position.
local function check(x)
  if type(x) ~= "number" then
    error("number expected, got " .. type(x), 2)
  end
  return x
end
print(check(1))
local ok, e = pcall(check, "a")
print("caught", e)
check("b")                    -- line 11: reported position
