-- Table constructors: positional items, keyed items, and multi-value expansion
-- of the last item only.
local function three() return 1, 2, 3 end
local function none() end
local function show(label, t, n)
  local out = {}
  for i = 1, n do out[i] = tostring(t[i]) end
  print(label, "#=" .. #t, table.concat(out, ","))
end

show("plain", {10, 20, 30}, 3)
show("last call expands", {three()}, 3)
show("call not last", {three(), 9}, 3)
show("parenthesized", {(three())}, 3)
show("two calls", {three(), three()}, 4)
show("empty call", {none()}, 1)
show("empty call first", {none(), 5}, 2)
show("varargs", (function(...) return {...} end)(4, 5, 6), 3)
show("varargs not last", (function(...) return {..., "x"} end)(4, 5, 6), 3)

local k = {x = 1, ["y"] = 2, [3] = "three", [1 + 1] = "two", "one"}
print("keyed", k.x, k.y, k[1], k[2], k[3])

-- positional items override earlier explicit [n] keys
local o = {[1] = "explicit", "positional"}
print("override", o[1])

-- separators and trailing separators
local s = {1; 2, 3;}
print("separators", #s, s[1], s[2], s[3])

-- nested constructors and expressions as keys
local n = {{1, 2}, {a = {b = "deep"}}, [{}] = true}
print("nested", n[1][2], n[2].a.b)

-- many items (more than one SETLIST batch of 50)
local big = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
  three(),
}
print("big", #big, big[1], big[50], big[51], big[60], big[61], big[63])

-- a constructor with 100 items followed by a multi-value call
local t = {}
local src = "return {" .. string.rep("7,", 100) .. "...}"
local f = load(src)
t = f("a", "b")
print("loaded", #t, t[100], t[101], t[102])

-- nil values inside constructors
local h = {nil, 2, nil, 4}
print("holes", h[1], h[2], h[3], h[4])
