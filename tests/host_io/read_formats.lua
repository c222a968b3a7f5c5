-- f:read and io.read with every format. Run with a fresh scratch directory as `...`.
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

local f = assert(io.open(path, "w"))
f:write("12 0x1F -3.5e2 .5 abc\n", "line2\n", 42, " ", 1.5, "\n", "\n", "last")
f:close()

f = assert(io.open(path))
p("numbers", f:read("n", "n", "n", "n", "n"))
p("mixed", f:read("l", "L", "*n", "n", "l"))
p("tail", f:read(0), f:read(3), f:read("a"), f:read("a"), f:read(0), f:read(1), f:read("l"), f:read("n"), f:read("L"))
p("at eof", select("#", f:read("l", "l")), f:read("a", "l"))
f:seek("set")
p("all", f:read("*a"))
f:seek("set")
p("star formats", f:read("*l", "*L", "*n"))
f:seek("set")
p("counts", f:read(1, 2, 0, 3))
f:seek("set")
p("default line", f:read())
p("float count", f:read(2.0))
p("long format names", f:read("line", "number"))
f:close()

-- Numerals as lua5.4's read_number takes them.
local numerals = {
  "0", "-0", "+7", "  \t\n 12", "0x", "0x1p4", "0X1P-1", "1e", "1e+", "1e+5", "1.5E-3",
  ".", "-.5", "5.", "0.1.2", "1..2", "--1", "+-1", "0xg", "00012", "1e1e1", "9223372036854775807",
  "9223372036854775808", "-9223372036854775808", "0xffffffffffffffff", "abc", "", " ",
  "1,5", "inf", "nan", "0x.8", "1 2", "12abc", string.rep("1", 199), string.rep("1", 200),
  string.rep("1", 201), "0x" .. string.rep("f", 198),
}
for _, text in ipairs(numerals) do
  f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
  f = assert(io.open(path))
  local n = f:read("n")
  local rest = f:read("a")
  p("numeral", text:sub(1, 20), #text, n, math.type(n), #rest)
  f:close()
end

-- Lines: CR kept, empty lines, no final newline, zero bytes.
f = assert(io.open(path, "wb"))
f:write("a\r\n\nb\0c\nlast")
f:close()
f = assert(io.open(path, "rb"))
p("lines", #f:read("l"), f:read("l"), #f:read("L"), f:read("l"), f:read("l"))
f:close()

-- Empty file.
f = assert(io.open(path, "w"))
f:close()
f = assert(io.open(path))
p("empty", f:read("a"), f:read(0), f:read("l"), f:read("n"), f:read(1), f:read("a"))
f:close()

-- Format errors (after earlier formats were read).
f = assert(io.open(path, "w"))
f:write("one\ntwo\n")
f:close()
f = assert(io.open(path))
p(pcall(function() return f:read("x") end))
p(pcall(function() return f:read("l", "") end))
p(f:read("l"))
p(pcall(function() return f:read({}) end))
p(pcall(function() return f:read(1.5) end))
p(pcall(function() return f:read("5") end))
p("after errors", f:read("a"))
p("stopped before a bad format", f:read("l", "bad"))
f:close()

-- io.read through io.input.
f = assert(io.open(path, "w"))
f:write("10 20\nrest\n")
f:close()
p("input file", io.type(io.input(path)))
p("io.read", io.read("n", "n"), io.read("L"), io.read("l"), io.read("l"))
p(pcall(function() return io.read("z") end))
io.input():close()
p(pcall(io.read))
p(pcall(function() return io.read() end))
p(pcall(io.lines))
io.input(io.stdin)

-- Reading a directory fails like C's fread.
f = assert(io.open(dir))
p("directory", f:read("l"))
p("directory all", f:read("a"))
f:close()

-- Reading a write-only file and writing a read-only one.
f = assert(io.open(path, "w"))
p("read write-only", f:read("l"))
p("read write-only n", f:read("n"))
f:close()
f = assert(io.open(path, "r"))
p("write read-only", f:write("x"))
f:close()
os.remove(path)
return table.concat(out, "\n") .. "\n"
