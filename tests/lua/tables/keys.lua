-- Key normalization and invalid keys.
local function id(x) return x end
local t = {}

t[1] = "int"
print("t[1.0]", t[1.0])
t[2.0] = "float key"
print("t[2]", t[2])
for k, v in ipairs(t) do print("ipairs", k, math.type(k), v) end

t[-0.0] = "zero"
print("t[0]", t[0])
t["1"] = "string one"
print("t[1] vs t['1']", t[1], t["1"])
t[true] = "yes"
print("t[true]", t[true], t[false])
t[2^53] = "2^53"
print("t[2^53 int]", t[9007199254740992])
t[0.5] = "half"
print("t[0.5]", t[0.5], t[1 / 2])
t[math.huge] = "inf"
print("t[inf]", t[math.huge], t[-math.huge])
local key = {}
t[key] = "table key"
print("t[key]", t[key], t[{}])
t[print] = "function key"
print("t[print]", t[print])

-- reading a nil or NaN key is fine and gives nil
print("t[nil]", t[nil])
local nan = id(0) / id(0)
print("t[nan]", t[nan])

-- writing a nil or NaN key is an error
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[nan] = 1 end))
print(pcall(function() local k2 = nil; t[k2] = 1 end))
print(pcall(function() return {[id(nil)] = 1} end))
print(pcall(function() return rawset(t, nil, 1) end))

-- assigning nil removes the key
t[0.5] = nil
print("removed", t[0.5])

-- mininteger/maxinteger keys
t[math.maxinteger] = "max"
t[math.mininteger] = "min"
print("extremes", t[math.maxinteger], t[math.mininteger], t[math.maxinteger + 0.0])
