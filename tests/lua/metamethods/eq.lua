-- __eq: called only for two tables (or two userdata) that are not
-- primitively equal; the result is converted to a boolean.
local calls = 0
local mt = {__eq = function(a, b) calls = calls + 1 return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)

print("a == b", a == b, calls)
print("a == c", a == c, calls)
print("a ~= b", a ~= b, calls)
print("a == a (raw equal, no call)", a == a, calls)
print("a == 1 (different types, no call)", a == 1, calls)
print("a == 'x'", a == "x", calls)
print("a == nil", a == nil, calls)

-- only one operand needs the metamethod
local plain = {id = 1}
print("a == plain", a == plain, calls)
print("plain == a", plain == a, calls)

-- the first operand's metamethod has priority
local m1 = setmetatable({}, {__eq = function() return "first" end})
local m2 = setmetatable({}, {__eq = function() return false end})
print("priority", m1 == m2, m2 == m1)

-- results are converted to booleans
local truthy = setmetatable({}, {__eq = function() return 0 end})
local falsy = setmetatable({}, {__eq = function() return nil end})
print("truthy result", truthy == {}, truthy ~= {})
print("falsy result", falsy == {}, falsy ~= {})

-- __eq is not used for table keys or rawequal
local t = {}
t[a] = "a key"
print("key lookup", t[b], t[a])
print("rawequal", rawequal(a, b))

-- __eq on non-tables is ignored: strings and numbers compare by value
print("strings", "x" == "x", 1 == 1.0)
