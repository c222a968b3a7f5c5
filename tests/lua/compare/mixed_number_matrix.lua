-- every ordering operator on a matrix of integers and floats at the edges of exact conversion
local big = 2^53
local vals = {0, 1, -1, 0.5, -0.5, 2^53, 2^53 + 1, -(2^53), math.maxinteger, math.mininteger,
  math.maxinteger + 0.0, math.mininteger + 0.0, 1/0, -1/0, 0/0, 9007199254740993, -9007199254740993,
  9007199254740992, 3, 3.0, 2.9999999999999996}
local out = {}
for _, a in ipairs(vals) do
  for _, b in ipairs(vals) do
    local id = function(x) return x end
    local x, y = id(a), id(b)
    out[#out + 1] = (x < y and "1" or "0") .. (x <= y and "1" or "0") .. (x > y and "1" or "0") .. (x >= y and "1" or "0")
    out[#out + 1] = (x < 0 and "1" or "0") .. (x <= 3 and "1" or "0") .. (x > 10000 and "1" or "0") .. (x >= -5000 and "1" or "0")
  end
end
print(table.concat(out, " "))
