-- Matrices and vectors with operator metamethods.
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
Vec.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y            -- dot product
end
Vec.__unm = function(a) return vec(-a.x, -a.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a:len2() < b:len2() end
Vec.__le = function(a, b) return a:len2() <= b:len2() end
Vec.__len = function(a) return 2 end
Vec.__tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
function Vec:len2() return self.x * self.x + self.y * self.y end

local a, b = vec(1, 2), vec(3, 4)
print("add", tostring(a + b), "sub", tostring(a - b), "neg", tostring(-a))
print("scale", tostring(2 * a), tostring(a * 0.5), "dot", a * b)
print("eq", a == vec(1, 2), a ~= b, a == b)
print("cmp", a < b, b <= a, a >= a)
print("len", #a, "concat", a .. b, "str" .. a)

local Mat = {}
Mat.__index = Mat
local function mat(rows) return setmetatable(rows, Mat) end
Mat.__mul = function(m, n)
  local r = {}
  for i = 1, #m do
    r[i] = {}
    for j = 1, #n[1] do
      local s = 0
      for k = 1, #n do s = s + m[i][k] * n[k][j] end
      r[i][j] = s
    end
  end
  return mat(r)
end
Mat.__tostring = function(m)
  local rows = {}
  for i = 1, #m do rows[i] = table.concat(m[i], " ") end
  return table.concat(rows, " / ")
end
local fibm = mat({{1, 1}, {1, 0}})
local p = fibm
for i = 1, 9 do p = p * fibm end
print("fib matrix^10", tostring(p))
local id3 = mat({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})
local m3 = mat({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})
print("identity", tostring(m3 * id3))
print("square", tostring(m3 * m3))
print("float", tostring(mat({{0.5, 1}}) * mat({{2}, {0.25}})))
