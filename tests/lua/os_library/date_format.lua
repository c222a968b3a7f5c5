-- os.date with explicit times: every C99 conversion in the C locale, "*t" tables, errors.
-- The expected output was generated with TZ=UTC (see tests/host_io.rs): formats without "!"
-- read local time in lua5.4, which Red Moon always takes to be UTC.

local all = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%m|%M|%n|%p|%r|%R|%S|%t|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%Z|%%"
local modified = "%Ec|%EC|%Ex|%EX|%Ey|%EY|%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy"

local times = {
  0, 1, -1, 86399, 86400, 951782400, 951868799, 1e9, 1234567890, 2^31 - 1, 2^31,
  -2^31, 4102444800, 253402300799, 253402300800, -62135596800, -62198755200,
  -62167219200, -65322892800, 1700000000, 13 * 3600 + 5 * 60 + 7,
}
for _, t in ipairs(times) do
  print(t, os.date("!" .. all, t))
  print(t, os.date("!" .. modified, t))
end

-- Without "!" (TZ=UTC when generating; Red Moon's local time is UTC).
print("local", os.date("%c|%x|%X|%Z|%z", 1e9))
print("utc", os.date("!%c|%x|%X|%Z|%z", 1e9))

-- Hours around noon and midnight.
for h = 0, 23 do
  print("hour", h, os.date("!%H %I %p %r", h * 3600 + 59))
end

-- ISO 8601 weeks around new year, over several years.
for _, year in ipairs{1999, 2000, 2004, 2005, 2008, 2009, 2010, 2015, 2016, 2020, 2021, 2026, 2027} do
  local line = {}
  for day = -4, 4 do
    local t = os.time{year = year, month = 1, day = day, hour = 0}
    line[#line + 1] = os.date("!%m-%d %a %G/%g/%V U%U W%W j%j u%u w%w", t)
  end
  print(year, table.concat(line, ", "))
end

-- Years far from now.
for _, year in ipairs{-1000, -101, -100, -99, -1, 0, 1, 5, 50, 99, 100, 999, 1000, 9999, 10000, 123456} do
  local t = os.time{year = year, month = 1, day = 1, hour = 0}
  print("year", year, t, os.date("!%Y|%C|%y|%G|%g|%F|%D|%c|%V|%U|%W|%j|%a", t))
end
local first = -67768040609740800
local last = 67768036191676799
-- Years past 2^31 - 1: glibc computes %Y, %C, %G and %g in a C int, which wraps.
for _, d in ipairs{{2147483646, 12, 31}, {2147483647, 1, 1}, {2147483647, 6, 15},
    {2147483647, 12, 31}, {2147483648, 1, 1}, {2147483648, 6, 15}, {2147483700, 6, 15},
    {2147485547, 1, 1}, {2147485547, 12, 27}, {-2147481748, 6, 15}, {-2147481700, 6, 15}} do
  local t = os.time{year = d[1], month = d[2], day = d[3], hour = 0}
  print("big", d[1], d[2], d[3], t, os.date("!%Y|%C|%y|%G|%g|%V|%F|%c|%D", t))
end
print("first", os.date("!%c %C %y %G %g %V %j", first))
print("last", os.date("!%c %C %y %G %g %V %j", last))

-- "*t" and "!*t".
local function show(t)
  return t.year .. "-" .. t.month .. "-" .. t.day .. " " .. t.hour .. ":" .. t.min .. ":" ..
    t.sec .. " yday=" .. t.yday .. " wday=" .. t.wday .. " isdst=" .. tostring(t.isdst)
end
for _, t in ipairs{0, -1, 951782400, 1e9, first, last} do
  print("*t", t, show(os.date("!*t", t)), show(os.date("*t", t)))
end
print("*t with zero", show(os.date("!*t\0ignored", 0)))

-- Plain text, zero bytes, empty formats, numbers as formats.
print("text", os.date("!plain text", 0), os.date("!", 0) == "", os.date("", 0) == "")
print("zero", os.date("!a\0b%Y", 0) == "a\0b1970")
print("number format", os.date(20, 0), os.date(1.5, 0))
print("long", #os.date(string.rep("%c", 1000), 0))

-- Errors.
local function try(f, ...)
  print(pcall(f, ...))
end
try(function() return os.date("%Ez abc", 0) end)
try(function() return os.date("!%", 0) end)
try(function() return os.date("%E", 0) end)
try(function() return os.date("%O", 0) end)
try(function() return os.date("%Oz", 0) end)
try(function() return os.date("%5d", 0) end)
try(function() return os.date("%-d", 0) end)
try(function() return os.date("%q\0rest", 0) end)
try(function() return os.date("%Y%k", 0) end)
try(function() return os.date("%Y", 1.5) end)
try(function() return os.date("%Y", "10") end)
try(function() return os.date("%Y", "x") end)
try(function() return os.date("%Y", {}) end)
try(function() return os.date({}, 0) end)
try(function() return os.date(true, 0) end)
try(function() return os.date("!%Y", 2^62) end)
try(function() return os.date("!%Y", last + 1) end)
try(function() return os.date("!%Y", first - 1) end)
try(function() return os.date("*t", math.maxinteger) end)
try(function() return os.date("!*t", math.mininteger) end)
