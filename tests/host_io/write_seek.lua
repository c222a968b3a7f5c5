-- Writing, seeking, open modes, buffering. Run with a fresh scratch directory as `...`.
local dir = ...
local out = {}
local function p(...)
  local n = select("#", ...)
  local parts = {...}
  for i = 1, n do
    local v, text, j = parts[i], "", 1
    if type(v) ~= "string" then v = tostring(v) end
    while j <= #v do -- the scratch directory's name varies: show it as DIR
      if v:sub(j, j + #dir - 1) == dir then
        text, j = text .. "DIR", j + #dir
      else
        text, j = text .. v:sub(j, j), j + 1
      end
    end
    parts[i] = text
  end
  out[#out + 1] = table.concat(parts, " ", 1, n)
end
local path = dir .. "/data.txt"
local path = dir .. "/data.txt"

-- Writing returns the file; numbers are written with %.14g / %d.
local f = assert(io.open(path, "w"))
p("write returns file", f:write("a", 1, " ", 1.0, " ", -0.0, " ", 2^63, " ", 1e100, " ", 1/3, " ",
  math.mininteger, " ", 3.14159265358979, " ", 1e15, " ", 123456789012345678) == f)
p("write nothing", f:write() == f)
p(pcall(function() return f:write({}) end))
p(pcall(function() return f:write("x", nil) end))
p(pcall(function() return f:write("y", true, "z") end))
f:close()
p("content", io.open(path):read("a"))

-- Seeking.
f = assert(io.open(path, "w+"))
f:write("0123456789")
p("seek", f:seek(), f:seek("cur"), f:seek("set"), f:seek("set", 3), f:seek("cur", 2), f:seek("end"),
  f:seek("end", -4), f:seek("cur", -1), f:seek("set", 20), f:seek("end", 0))
p("negative", f:seek("set", -1))
p("negative cur", f:seek("cur", -100))
p("negative end", f:seek("end", -100))
p("position kept", f:seek())
f:seek("set", 2)
p("read after seek", f:read(3), f:seek())
f:write("ab")
p("after write", f:seek())
f:seek("set")
p("overwritten", f:read("a"))
f:seek("set", 12)
f:write("!")
f:seek("set")
p("hole", #f:read("a"))
p(pcall(function() return f:seek("foo") end))
p(pcall(function() return f:seek("set", 1.5) end))
p(pcall(function() return f:seek("set", "x") end))
p(pcall(function() return f:seek({}) end))
p(pcall(function() return f:seek("set\0") end))
f:close()

-- Modes.
local function mode(m, initial)
  local g = assert(io.open(path, "w"))
  g:write(initial)
  g:close()
  local h, err = io.open(path, m)
  if not h then return p("mode", m, err) end
  local w = {h:write("XY")}
  h:seek("set")
  local r = {h:read("a")}
  h:close()
  p("mode", m, tostring(w[1] == h), w[2], r[1], r[2], io.open(path):read("a"))
end
for _, m in ipairs{"r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b", "rbb"} do
  mode(m, "0123")
end
for _, m in ipairs{"", "x", "rw", "rb+", "r++", "+r", "b", "R", "wx", " r", "r "} do
  p(pcall(function() return io.open(path, m) end))
end
p(pcall(function() return io.open(path, {}) end))
p(pcall(function() return io.open() end))
p(pcall(function() return io.open({}) end))
p("missing", io.open(dir .. "/nofile"))
p("missing dir", io.open(dir .. "/no/such/file", "w"))
p("number name", io.open(12345))

-- Appending always writes at the end.
f = assert(io.open(path, "a+"))
f:seek("set")
p("a+ read", f:read(2))
f:write("END")
f:seek("set", 0)
p("a+ content", f:read("a"))
f:close()

-- Buffering and flushing.
f = assert(io.open(path, "w"))
p("setvbuf", f:setvbuf("no"), f:setvbuf("full"), f:setvbuf("full", 4), f:setvbuf("line", 0))
f:write("buffered")
p("flush", f:flush())
p("visible after flush", io.open(path):read("a"))
p(pcall(function() return f:setvbuf() end))
p(pcall(function() return f:setvbuf("big") end))
p(pcall(function() return f:setvbuf("no", 1.5) end))
f:close()

-- Big writes and small buffers.
f = assert(io.open(path, "w+"))
f:setvbuf("full", 4)
f:write("ab", "cdefgh", "i", string.rep("x", 100000), "yz")
f:seek("set", 0)
local big = f:read("a")
p("big", #big, big:sub(1, 12), big:sub(-3))
f:seek("set", 3)
f:write("DEF")
f:seek("set", 0)
p("overwrite", f:read(12))
f:close()

-- io.write goes to the default output file.
p("output file", io.type(io.output(path)))
p("io.write returns it", io.write("via ", "io.write") == io.output())
p("io.flush", io.flush())
p("io.close", io.close())
p(pcall(io.write, "x"))
p(pcall(function() return io.write("x") end))
p(pcall(io.flush))
p("written", io.open(path):read("a"))
io.output(io.stdout)
p(pcall(function() return io.write({}) end))
p(pcall(function() return io.output(dir .. "/no/such/file") end))

-- <close> variables close files.
do
  local g <close> = assert(io.open(path, "w"))
  g:write("closed by <close>")
  f = g
end
p("<close>", io.type(f), io.open(path):read("a"))

-- Removing and renaming.
local other = dir .. "/other.txt"
p("rename", os.rename(path, other))
p("rename missing", os.rename(path, other))
p("remove", os.remove(other))
p("remove missing", os.remove(other))
p(pcall(function() return os.remove() end))
p(pcall(function() return os.rename("a") end))
p(pcall(function() return os.remove({}) end))
local sub = dir .. "/sub"
assert(io.open(dir .. "/marker", "w")):close()
p("remove dir missing", os.remove(sub))
os.remove(dir .. "/marker")
return table.concat(out, "\n") .. "\n"
