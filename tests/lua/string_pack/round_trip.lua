-- pack then unpack: the values come back (and packsize agrees with the packed length).
local function tpack(...) return {n = select("#", ...), ...} end
local ints = {0, 1, -1, 2, 127, -128, 128, 255, 256, 32767, -32768, 65535, 0x7fffffff,
  -0x80000000, 0xffffffff, 0x123456789a, -0x123456789a, math.maxinteger, math.mininteger}
local iformats = {"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T"}
for n = 1, 16 do
  iformats[#iformats + 1] = "i" .. n
  iformats[#iformats + 1] = "I" .. n
end
local count, packed, rejected = 0, 0, 0
for _, order in ipairs({"<", ">", "="}) do
  for _, f in ipairs(iformats) do
    local fmt = order .. f
    for _, v in ipairs(ints) do
      count = count + 1
      local ok, s = pcall(string.pack, fmt, v)
      if ok then
        packed = packed + 1
        local w, nxt = string.unpack(fmt, s)
        local size = string.packsize(fmt)
        if w ~= v and not (f:sub(1, 1) ~= "i" and f:sub(1, 1) ~= "b" and f:sub(1, 1) ~= "h"
            and f:sub(1, 1) ~= "l" and f:sub(1, 1) ~= "j") then
          print("unsigned wrap", fmt, v, w)
        elseif w ~= v then
          print("MISMATCH", fmt, v, w)
        end
        if nxt ~= #s + 1 or size ~= #s then print("SIZE", fmt, v, #s, nxt, size) end
      else
        rejected = rejected + 1
      end
    end
  end
end
print("integers", count, packed, rejected)

local floats = {0.0, -0.0, 1.0, -1.5, 0.1, 1/3, 1e300, -1e-300, 2^53, 2^-1074, 1/0, -1/0,
  3.4028234663852886e38, 1.1754943508222875e-38, 16777217.0}
for _, order in ipairs({"<", ">"}) do
  for _, f in ipairs({"f", "d", "n"}) do
    local fmt = order .. f
    for _, v in ipairs(floats) do
      local s = string.pack(fmt, v)
      local w, nxt = string.unpack(fmt, s)
      print(fmt, v, w, math.type(w), w == v, 1 / w == 1 / v, nxt)
    end
  end
end
local nan = string.unpack("d", string.pack("d", 0/0))
print("nan d", nan ~= nan)
nan = string.unpack("f", string.pack("f", 0/0))
print("nan f", nan ~= nan)

local strs = {"", "a", "hello world", string.rep("x", 300), "with\0zero", "\255\254"}
for _, f in ipairs({"s", "s1", "s2", "s3", ">s4", "s8", "s9", ">s16", "z", "c300"}) do
  for i, v in ipairs(strs) do
    local ok, s = pcall(string.pack, f, v)
    if ok then
      local w, nxt = string.unpack(f, s)
      if f == "c300" then w = w:sub(1, #v) end
      print(f, i, #s, w == v, nxt)
    else
      print(f, i, "error", s)
    end
  end
end

-- many values in one format, with alignment
local fmt = "!8 b h i4 j d f s1 z c3 x Xi8 I16 >i2 <l n"
local values = {-5, 300, -70000, math.mininteger, 2.25, -0.5, "abc", "zed", "pq", 77, -9, 123, 1e10}
local s = string.pack(fmt, table.unpack(values))
print("combined size", #s)
local back = tpack(string.unpack(fmt, s))
for i = 1, back.n do print("combined", i, back[i], back[i] == values[i]) end

-- unpacking from every start position of a packed sequence
local seq = string.pack("i2i2i2i2", 10, 20, 30, 40)
for pos = 1, #seq + 1, 2 do
  print("seq", pos, pcall(string.unpack, "i2", seq, pos))
end
