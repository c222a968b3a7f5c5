-- Metamethod-backed tables: every element access goes through __index/__newindex and the
-- length through __len, in lua5.4's order.

local log = {}
local function proxy(data, n)
  local len = n or #data
  return setmetatable({}, {
    __index = function(_, k)
      log[#log + 1] = "get" .. tostring(k)
      return data[k]
    end,
    __newindex = function(_, k, v)
      log[#log + 1] = "set" .. tostring(k) .. "=" .. tostring(v)
      data[k] = v
      if type(k) == "number" and k > len and v ~= nil then len = k end
      if type(k) == "number" and k == len and v == nil then len = k - 1 end
    end,
    __len = function()
      log[#log + 1] = "len"
      return len
    end,
  }), data
end

local function flush(label, ...)
  print(label, table.concat(log, " "), ...)
  log = {}
end

local function dump(data, n)
  local parts = {}
  for i = 1, n do parts[i] = tostring(data[i]) end
  return table.concat(parts, ",")
end

-- insert
local p, d = proxy({"a", "b", "c"})
table.insert(p, "d")
flush("insert append", dump(d, 4))
table.insert(p, 2, "x")
flush("insert at 2", dump(d, 5))
table.insert(p, 1, "y")
flush("insert at 1", dump(d, 6))
print("insert error", pcall(table.insert, p, 9, "z"))
flush("after error")

-- remove
p, d = proxy({"a", "b", "c", "d"})
print("remove last", table.remove(p))
flush("", dump(d, 4))
print("remove first", table.remove(p, 1))
flush("", dump(d, 4))
print("remove n+1", table.remove(p, 3))
flush("", dump(d, 4))
p, d = proxy({})
print("remove empty", table.remove(p))
flush("")
print("remove empty 0", table.remove(p, 0))
flush("")

-- concat
p, d = proxy({"a", 1, 2.5, "d"})
print("concat", table.concat(p, "-"))
flush("")
print("concat range", table.concat(p, "", 2, 3))
flush("")
print("concat error", pcall(table.concat, (proxy({"a", {}, "c"}))))
flush("")
print("concat empty", table.concat(p, ",", 3, 2))
flush("")
print("concat length with j given", table.concat(p, ",", 1, 1))
flush("")

-- unpack (no length read when j is given)
p, d = proxy({10, 20, 30})
print("unpack", table.unpack(p))
flush("")
print("unpack range", table.unpack(p, 2, 3))
flush("")
print("unpack empty", table.unpack(p, 3, 2))
flush("")

-- move within a proxy, both directions, and between proxies
p, d = proxy({1, 2, 3, 4, 5})
table.move(p, 1, 3, 2)
flush("move right", dump(d, 5))
p, d = proxy({1, 2, 3, 4, 5})
table.move(p, 2, 4, 1)
flush("move left", dump(d, 5))
local p2, d2 = proxy({}, 0)
local q = table.move(p, 1, 2, 3, p2)
flush("move to other", q == p2, dump(d2, 4))
-- two distinct tables equal by __eq count as the same table: moved backwards
local eqmt = {__eq = function() log[#log + 1] = "eq"; return true end}
local src = setmetatable({1, 2, 3}, eqmt)
local dst = setmetatable({}, eqmt)
table.move(src, 1, 3, 2, dst)
flush("move __eq", dst[2], dst[3], dst[4])
local neqmt = {__eq = function() log[#log + 1] = "neq"; return false end}
src = setmetatable({1, 2, 3}, neqmt)
dst = setmetatable({}, neqmt)
table.move(src, 1, 3, 2, dst)
flush("move __eq false", dst[2], dst[3], dst[4])
table.move(src, 1, 3, 2, src)
flush("move same table, no __eq call", src[1], src[2], src[3], src[4])

-- sort through a proxy: the reads and writes of lua5.4's algorithm
p, d = proxy({3, 1, 2})
table.sort(p)
flush("sort 3", dump(d, 3))
p, d = proxy({5, 2, 4, 1, 3})
table.sort(p)
flush("sort 5", dump(d, 5))
p, d = proxy({8, 3, 9, 1, 7, 2, 6, 4, 5})
table.sort(p, function(a, b) return a > b end)
flush("sort 9 desc", dump(d, 9))

-- __index / __newindex as tables
local store = {"c", "a", "b"}
local t = setmetatable({}, {__index = store, __newindex = store, __len = function() return #store end})
table.sort(t)
print("table handlers sort", store[1], store[2], store[3], rawget(t, 1))
table.insert(t, 1, "z")
print("table handlers insert", table.concat(store, ","), rawget(t, 1))
print("table handlers remove", table.remove(t), table.concat(store, ","))
print("table handlers concat", table.concat(t, "+"))
print("table handlers unpack", table.unpack(t))

-- raw fields shadow __index
local mixed = setmetatable({[1] = "raw"}, {__index = function(_, k) return "meta" .. k end,
  __len = function() return 3 end})
print("raw and meta", table.concat(mixed, ","), table.unpack(mixed))

-- __len results
local function lenproxy(n)
  return setmetatable({}, {__len = function() return n end, __index = function(_, k) return k end})
end
print("len float", table.concat(lenproxy(3.0), ","))
print("len string", table.concat(lenproxy("3"), ","))
print("len string float", table.concat(lenproxy("0x3"), ","))
print("len bad float", pcall(table.concat, lenproxy(2.5)))
print("len bad string", pcall(table.concat, lenproxy("3x")))
print("len table", pcall(table.concat, lenproxy({})))
print("len error", pcall(table.concat, setmetatable({}, {__len = function() error("no len") end})))
print("unpack len error", pcall(table.unpack, setmetatable({}, {__len = function() error("no len", 0) end})))

-- errors inside __index / __newindex propagate
local bad = setmetatable({}, {__len = function() return 2 end,
  __index = function(_, k) error("no read " .. k, 0) end,
  __newindex = function(_, k) error("no write " .. k, 0) end})
print("bad insert", pcall(table.insert, bad, 1, "x"))
print("bad insert append", pcall(table.insert, bad, "x"))
print("bad remove", pcall(table.remove, bad))
print("bad concat", pcall(table.concat, bad))
print("bad unpack", pcall(table.unpack, bad))
print("bad sort", pcall(table.sort, bad))
print("bad move", pcall(table.move, bad, 1, 2, 3))
print("bad move write", pcall(table.move, {1, 2}, 1, 2, 3, bad))

-- __index chains too long
local loop = setmetatable({}, {__len = function() return 1 end})
getmetatable(loop).__index = loop
print("index loop", pcall(table.concat, loop))
