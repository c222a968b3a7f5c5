-- A deterministic serializer for nested tables (keys sorted by type, then
-- value), exercising recursion, string building and type dispatch.
local function sort(list, less)
  for i = 2, #list do
    local v, j = list[i], i - 1
    while j >= 1 and less(v, list[j]) do list[j + 1] = list[j]; j = j - 1 end
    list[j + 1] = v
  end
end
local order = {boolean = 1, number = 2, string = 3}
local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return order[ta] < order[tb] end
  if ta == "boolean" then return (not a) and b end
  return a < b
end

local serialize
local function ser_value(v, indent, seen)
  local t = type(v)
  if t == "string" then return string.format("%q", v)
  elseif t == "number" then
    if math.type(v) == "integer" then return string.format("%d", v) end
    return tostring(v)
  elseif t == "table" then return serialize(v, indent, seen)
  else return tostring(v) end
end
function serialize(t, indent, seen)
  indent = indent or ""
  seen = seen or {}
  if seen[t] then return "<cycle>" end
  seen[t] = true
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  sort(keys, key_less)
  local out = {"{"}
  for _, k in ipairs(keys) do
    local ks = type(k) == "string" and k or "[" .. ser_value(k) .. "]"
    out[#out + 1] = indent .. "  " .. ks .. " = " .. ser_value(t[k], indent .. "  ", seen) .. ","
  end
  out[#out + 1] = indent .. "}"
  seen[t] = nil
  return table.concat(out, "\n")
end

local data = {
  name = "widget", id = 42, ratio = 0.75, tags = {"a", "b", "c"},
  nested = {deep = {deeper = {value = true}}, [1] = "one", [2.5] = "two and a half"},
  [true] = "yes", [false] = "no", empty = {},
  quote = 'He said "hi"\n',
}
data.self = data
print(serialize(data))
