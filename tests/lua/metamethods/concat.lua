-- __concat with tables, numbers and strings on either side and in chains.
local mt = {}
mt.__concat = function(a, b)
  local function s(x)
    if type(x) == "table" then return "<" .. (x.name or "plain") .. ">" end
    return type(x) .. ":" .. tostring(x)
  end
  return setmetatable({name = s(a) .. "+" .. s(b)}, mt)
end
local function T(name) return setmetatable({name = name}, mt) end

print("t..str", (T("a") .. "s").name)
print("str..t", ("s" .. T("a")).name)
print("num..t", (1 .. T("a")).name)
print("t..float", (T("a") .. 2.5).name)
print("t..t", (T("a") .. T("b")).name)

-- in a chain, strings and numbers next to each other are joined first
-- (right to left), then the metamethod gets the partial results
print("chain 1", (T("x") .. "a" .. "b").name)
print("chain 2", ("a" .. "b" .. T("x")).name)
print("chain 3", ("a" .. T("x") .. "b").name)
print("chain 4", (1 .. 2 .. T("x") .. 3 .. 4).name)

-- __concat may return a non-table
local S = setmetatable({}, {__concat = function(a, b) return "concat!" end})
print("string result", S .. "x", "x" .. S)
print("in chain", "a" .. S .. "b")

-- the metamethod of either operand is used
local plain = {}
print("right operand mm", pcall(function() return (plain .. T("r")).name end))

-- no metamethod: error
print(pcall(function() local p = {} return p .. "x" end))
print("boolean operand", (true .. T("x")).name)
