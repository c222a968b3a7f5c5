-- An uncaught error whose value is a table without __tostring.
print("start")
local function fail()
  error({code = 1})
end
fail()
