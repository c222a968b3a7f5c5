-- Closed files, io.type, standard streams, io.input/io.output, host os functions. Run with a fresh scratch directory as `...`.
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
local f = assert(io.open(path, "w"))
f:write("data\n")
p("type open", io.type(f), f:close(), io.type(f))
p("tostring closed", tostring(f))
for _, method in ipairs{"read", "write", "lines", "seek", "flush", "setvbuf", "close"} do
  p(method, pcall(function() return f[method](f, "no") end))
end
p("direct", pcall(f.read, f))
p("io.close closed", pcall(io.close, f))
p("io.output closed", pcall(io.output, f))
p("io.input closed", pcall(io.input, f))
p("io.type", io.type(nil), io.type(1), io.type("file"), io.type({}), io.type(io.stdout), io.type(io.stdin))
p(pcall(io.type))
p(pcall(function() return io.type() end))

-- Methods on things that are not files.
local mt = getmetatable(io.stdout)
p(pcall(mt.__index.read, {}))
p(pcall(function() local t = {} return mt.__index.read(t) end))
p(pcall(function() return io.stdout.read(42) end))
p(pcall(function() return mt.__index.close() end))
p(pcall(function() local t = setmetatable({}, {__name = "MyType"}) return mt.__index.write(t) end))
p(pcall(function() local t = setmetatable({}, {__index = mt.__index}) return t:read() end))
p(pcall(function() return io.close({}) end))
p(pcall(function() return io.close(nil) end))
p(pcall(function() return io.input({}) end))
p(pcall(function() return io.output(true) end))

-- Standard streams stay open.
p("close stdout", io.stdout:close())
p("close stdin", io.stdin:close())
p("close stderr", io.stderr:close())
p("io.close default", io.close())
p("still open", io.type(io.stdout), io.type(io.stdin), io.type(io.stderr))
p("gc stdout", mt.__gc(io.stdout), io.type(io.stdout))
p("close metamethod", mt.__close(io.stdout), io.type(io.stdout))
p("stdout read", io.stdout:read("l"))
p("stdin write", io.stdin:write("x"))
p("stderr write", io.stderr:write("") == io.stderr)
p("stdout flush", io.stdout:flush(), io.flush())
p("defaults", io.input() == io.stdin, io.output() == io.stdout)

-- io.input / io.output with names and handles.
p("input by name", io.input(path) ~= io.stdin, io.read("l"))
local handle = io.input()
p("input by handle", io.input(io.stdin) == io.stdin, io.input(handle) == handle, io.read("a"))
handle:close()
p(pcall(io.read))
io.input(io.stdin)
p(pcall(function() return io.input(dir .. "/nofile") end))
p("input unchanged", io.input() == io.stdin)
p("output by name", io.output(path) ~= io.stdout)
io.write("replaced")
io.close()
io.output(io.stdout)
p("output file", io.open(path):read("a"))

-- __gc and __close close regular files.
local g = assert(io.open(path, "w"))
g:write("gc")
mt.__gc(g)
p("gc", io.type(g), io.open(path):read("a"))
g = assert(io.open(path, "w"))
g:write("close")
mt.__close(g, nil)
p("close", io.type(g), io.open(path):read("a"))
mt.__gc(g)
p("gc twice", io.type(g))

-- Host os functions.
p("remove", os.remove(path), os.remove(path))
p("getenv missing", os.getenv("RED_MOON_SURELY_UNSET_VARIABLE"))
p(pcall(function() return os.getenv() end))
p(pcall(function() return os.getenv({}) end))
p("setlocale", os.setlocale(), os.setlocale("C"), os.setlocale("POSIX"), os.setlocale(nil, "time"),
  os.setlocale("C", "numeric"), os.setlocale(nil, "all"), os.setlocale(nil, nil))
p("setlocale other", os.setlocale("xx_YY.UTF-8"), os.setlocale("xx_YY", "ctype"))
p(pcall(function() return os.setlocale(nil, "x") end))
p(pcall(function() return os.setlocale({}) end))
p(pcall(function() return os.setlocale("C", {}) end))
p(pcall(function() return os.exit("x") end))
p(pcall(function() return os.exit(1.5) end))
p("tmpname", type(os.tmpname))
return table.concat(out, "\n") .. "\n"
