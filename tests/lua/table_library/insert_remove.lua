-- table.insert and table.remove: positions, shifting, bounds and argument errors.

local function show(label, t, n)
  local parts = {}
  for i = 1, n or #t do parts[#parts + 1] = tostring(t[i]) end
  print(label, #t, table.concat(parts, ","))
end

local function try(label, f, ...)
  local ok, err = pcall(f, ...)
  print(label, ok, err)
end

-- insert at the end and at positions
local t = {}
table.insert(t, "a")
table.insert(t, "b")
show("append", t)
table.insert(t, 1, "front")
show("front", t)
table.insert(t, 3, "mid")
show("mid", t)
table.insert(t, #t + 1, "end")
show("end", t)
table.insert(t, "1.0" + 1, "float pos")
show("float pos", t)
table.insert(t, "2", "string pos")
show("string pos", t)
table.insert(t, 2.0, "integral float")
show("integral float", t)
table.insert(t, 1, false)
show("false value", t)

-- insert nil explicitly (3 arguments) shifts elements
local u = {1, 2, 3}
table.insert(u, 1, nil)
show("insert nil", u, 4)
local v = {1, 2, 3}
table.insert(v, nil)
show("append nil", v)

-- insert returns nothing
print("insert results", select("#", table.insert({}, 1)))

-- errors of insert
try("no args", function() table.insert() end)
try("nil table", function() table.insert(nil, 1) end)
try("string table", function() table.insert("abc", 1) end)
try("number table", function() table.insert(5, 1, 2) end)
try("one arg", function() table.insert({}) end)
try("four args", function() table.insert({}, 1, 2, 3) end)
try("four args nil", function() table.insert({}, 1, 2, nil) end)
try("pos 0", function() table.insert({1, 2}, 0, "x") end)
try("pos -1", function() table.insert({1, 2}, -1, "x") end)
try("pos n+2", function() table.insert({1, 2}, 4, "x") end)
try("pos n+1 ok", function() local x = {1, 2}; table.insert(x, 3, "x"); return x[3] end)
try("pos empty 1", function() local x = {}; table.insert(x, 1, "x"); return x[1] end)
try("pos empty 2", function() table.insert({}, 2, "x") end)
try("pos float", function() table.insert({1}, 1.5, "x") end)
try("pos string", function() table.insert({1}, "x", "x") end)
try("pos table", function() table.insert({1}, {}, "x") end)
try("pos nil", function() table.insert({1}, nil, "x") end)
try("pos huge", function() table.insert({1}, math.maxinteger, "x") end)
try("pos min", function() table.insert({1}, math.mininteger, "x") end)
try("pos 2^63", function() table.insert({1}, 2^63, "x") end)
print(pcall(table.insert, {}, 0, 2))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert))

-- remove from the end and from positions
local r = {"a", "b", "c", "d", "e"}
print("remove last", table.remove(r))
show("after", r)
print("remove first", table.remove(r, 1))
show("after", r)
print("remove mid", table.remove(r, 2))
show("after", r)
print("remove n+1", table.remove(r, #r + 1))
show("after", r)
print("remove string pos", table.remove(r, "1"))
show("after", r)
print("remove float pos", table.remove(r, 1.0))
show("after", r)
print("remove empty", table.remove(r))
print("remove empty again", table.remove({}))
print("remove empty 0", table.remove({}, 0))
print("remove empty 1", table.remove({}, 1))
print("remove results", select("#", table.remove({})))
print("remove nil pos = default", table.remove({1, 2, 3}, nil))

-- remove with position 0 or n+1 on a table with a value there
local z = {[0] = "zero"}
print("remove 0 of empty", table.remove(z, 0), z[0])
local w = {1, 2, 3}
w[4] = nil
print("remove n+1 nil", table.remove(w, 4), #w)

-- errors of remove (lua5.4.4 reports argument #1 for the position)
try("remove nil", function() table.remove(nil) end)
try("remove string", function() table.remove("abc") end)
try("remove 0", function() table.remove({1, 2}, 0) end)
try("remove -1", function() table.remove({1, 2}, -1) end)
try("remove n+2", function() table.remove({1, 2}, 4) end)
try("remove empty 2", function() table.remove({}, 2) end)
try("remove empty -1", function() table.remove({}, -1) end)
try("remove float", function() table.remove({1, 2}, 1.5) end)
try("remove string pos", function() table.remove({1, 2}, "a") end)
try("remove max", function() table.remove({1, 2}, math.maxinteger) end)
try("remove min", function() table.remove({1, 2}, math.mininteger) end)

-- a stack built with insert and emptied with remove
local stack = {}
for i = 1, 10 do table.insert(stack, 1, i * i) end
local out = {}
while #stack > 0 do out[#out + 1] = table.remove(stack) end
print("stack", table.concat(out, " "))

-- hash keys and holes outside the sequence are untouched
local h = {1, 2, 3, x = "x", [10] = 10}
table.insert(h, 2, "new")
table.remove(h, 1)
print("hash", h.x, h[10], table.concat(h, ","))
