-- __newindex: functions and tables, only for absent keys.
local log = {}
local t = setmetatable({existing = 1}, {__newindex = function(tbl, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(tbl, k, v)
end})
t.new = "a"        -- absent: metamethod
t.new = "b"        -- now present: raw assignment
t.existing = 2     -- present: raw
t[1] = "one"
print("log", table.concat(log, " "))
print("values", t.new, t.existing, t[1])

-- assigning nil to an existing key removes it; the next assignment goes
-- through __newindex again
t.new = nil
t.new = "c"
print("after removal", table.concat(log, " "))

-- __newindex table: the assignment goes to that table (no raw set on t)
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
proxy.x = 10
print("proxy", rawget(proxy, "x"), store.x, proxy.x)

-- chains of __newindex tables: the final table receives the value
local final = {}
local middle = setmetatable({}, {__newindex = final})
local front = setmetatable({}, {__newindex = middle})
front.k = "v"
print("chain", rawget(front, "k"), rawget(middle, "k"), final.k)

-- read-only table
local ro = setmetatable({}, {
  __index = {a = 1},
  __newindex = function(_, k) error("read-only field " .. k, 2) end,
})
print("read", ro.a)
print(pcall(function() ro.a = 2 end))

-- __newindex receives the key as written: a float key with an integer value
-- is not normalized before the call
local keys = {}
local norm = setmetatable({}, {__newindex = function(_, k) keys[#keys + 1] = math.type(k) end})
norm[2.0] = true
norm[2.5] = true
print("key types", table.concat(keys, ","))

-- nil/NaN keys with __newindex: the metamethod is called and decides
local nilkey = setmetatable({}, {__newindex = function(_, k, v) print("nil key handled", k, v) end})
nilkey[nil] = "v"
