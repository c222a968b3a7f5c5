-- f:lines and io.lines: formats, closing, errors. Run with a fresh scratch directory as `...`.
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
local all = {}
for l in f:lines() do all[#all + 1] = "[" .. l .. "]" end
p("lines", table.concat(all))
p("after lines, file open", io.type(f), f:read("a"))
f:seek("set")
for a, b in f:lines(1, "n") do p("1 n", a, b) end
f:seek("set")
for l in f:lines("L") do p("L", l) end
f:seek("set")
for a, b, c in f:lines(5, 0, "l") do p("5 0 l", a, b, c) end
f:seek("set")
for n in f:lines("n") do p("n", n) end
p("n stops at", f:read("l"))
p(pcall(function() for l in f:lines("x") do end end))
p(pcall(function() for l in f:lines("l", {}) do end end))
p(pcall(function() return f:lines(table.unpack({}, 1, 251)) end))
p("250 formats", type(f:lines(table.unpack({}, 1, 250))))
local it = f:lines()
f:close()
p(pcall(it))
p(pcall(function() return it() end))
p(pcall(function() return f:lines() end))

-- io.lines closes the file at the end and returns it as the 4th value.
local iter, s, c, file = io.lines(path, "L", 2)
p("io.lines values", type(iter), s, c, io.type(file))
local seen = {}
for l, m in iter, s, c, file do seen[#seen + 1] = l .. "|" .. tostring(m) end
p("io.lines L 2", table.concat(seen, "/"))
p("closed at end", io.type(file))
p(pcall(iter))
for l in io.lines(path) do p("io.lines", l) end
local count = 0
for l in io.lines(path, 1) do count = count + 1 end
p("chars", count)
p(pcall(io.lines, dir .. "/nofile"))
p(pcall(function() return io.lines(dir .. "/nofile", "l") end))
p(pcall(function() return io.lines({}) end))
p(pcall(function() return io.lines(path, table.unpack({}, 1, 251)) end))
p(pcall(function() for l in io.lines(path, "?") do end end))
-- Breaking out of the loop, or an error in it, closes the file through the 4th value.
local it, a, b, file4 = io.lines(path)
for l in it, a, b, file4 do break end
p("closed by break", io.type(file4))
it, a, b, file4 = io.lines(path)
p(pcall(function() for l in it, a, b, file4 do error("in loop") end end))
p("closed by error", io.type(file4))

-- io.lines() iterates the default input file and leaves it open.
io.input(path)
local n = 0
for l in io.lines() do n = n + 1 end
p("default input lines", n, io.type(io.input()))
io.input():seek("set")
for l in io.lines(nil, "n") do p("default n", l) end
io.input():close()
p(pcall(io.lines))
p(pcall(function() return io.lines(nil) end))
io.input(io.stdin)

-- Lines of a file without a final newline, with CRs and empty lines.
f = assert(io.open(path, "wb"))
f:write("\n\r\n\na\rb")
f:close()
local parts = {}
for l in io.lines(path, "L") do parts[#parts + 1] = #l end
p("L lengths", table.concat(parts, ","))
parts = {}
for l in io.lines(path) do parts[#parts + 1] = #l end
p("l lengths", table.concat(parts, ","))
os.remove(path)
return table.concat(out, "\n") .. "\n"
