-- os.time with a date table (calendar arithmetic, normalization, field errors), os.difftime
-- and os.clock's type. TZ-independent except for the normalization of `isdst`, which is
-- always false here (the expected output was generated with TZ=UTC; see tests/host_io.rs).

local fields = {"year", "month", "day", "hour", "min", "sec", "yday", "wday", "isdst"}
local function show(t)
  local parts = {}
  for i, k in ipairs(fields) do
    local v = t[k]
    parts[i] = k .. "=" .. (type(v) == "table" and "{}" or tostring(v))
  end
  return table.concat(parts, " ")
end

local function time(t)
  local ok, result = pcall(os.time, t)
  print(ok, result, show(t))
end

-- Plain dates, defaults (hour 12, min 0, sec 0).
time{year = 1970, month = 1, day = 1, hour = 0}
time{year = 1970, month = 1, day = 1}
time{year = 2000, month = 2, day = 29}
time{year = 2000, month = 3, day = 1, hour = 0, min = 0, sec = 0}
time{year = 1900, month = 3, day = 1, hour = 0}
time{year = 2100, month = 2, day = 29, hour = 0}
time{year = 2024, month = 12, day = 31, hour = 23, min = 59, sec = 59}
time{year = 1, month = 1, day = 1, hour = 0}
time{year = 0, month = 1, day = 1, hour = 0}
time{year = -4713, month = 11, day = 24, hour = 12}

-- Normalization of every field, both ways.
time{year = 2020, month = 14, day = -3, hour = 25, min = -70, sec = 3661}
time{year = 2020, month = 0, day = 0}
time{year = 2020, month = -11, day = 1}
time{year = 2020, month = -12, day = 1}
time{year = 2020, month = 13, day = 1}
time{year = 2020, month = 1, day = 366}
time{year = 2021, month = 1, day = 366}
time{year = 2020, month = 3, day = 0, hour = 0}
time{year = 2021, month = 3, day = 0, hour = 0}
time{year = 2020, month = 1, day = 1, hour = -1}
time{year = 2020, month = 1, day = 1, hour = 0, min = 0, sec = -1}
time{year = 2020, month = 1, day = 1, sec = 86400 * 365}
time{year = 2000, month = 1, day = 1, hour = 2^31 - 1, min = 2^31 - 1, sec = 2^31 - 1}
time{year = 2000, month = 2^31 - 1, day = 1}
time{year = 2000, month = -2^31 + 1, day = 1}
time{year = 2000, month = 1, day = -2^31}
time{year = 2000, month = 1, day = 1, sec = -2^31}

-- Field conversions: integral floats and numeric strings are accepted.
time{year = 2000.0, month = "1", day = " 0x10 "}
time{year = "2e3", month = 2.0, day = "3.0", hour = "4", min = 5.0, sec = "-6"}

-- Field errors.
time{year = 2020, month = 1}
time{month = 1, day = 1}
time{year = 2020, day = 1}
time{}
time{year = 2020, month = 1.5, day = 1}
time{year = "2000.5", month = 1, day = 1}
time{year = 2020, month = {}, day = 1}
time{year = 2020, month = 1, day = true}
time{year = 2020, month = 1, day = 1, hour = "x"}
time{year = 2020, month = 1, day = 1, min = 0.5}
time{year = 2020, month = 1, day = 1, sec = {}}
time{year = 2^40, month = 1, day = 1}
time{year = 2^31 + 1900, month = 1, day = 1}
time{year = -2^31 + 1899, month = 1, day = 1}
time{year = 2000, month = 2^31, day = 1}
time{year = 2000, month = -2^31, day = 1}
time{year = 2000, month = 1, day = 2^31}
time{year = 2000, month = 1, day = 1, hour = 2^31}
time{year = 2000, month = 1, day = 1, sec = -2^31 - 1}
time{year = math.maxinteger, month = 1, day = 1}
time{year = math.mininteger, month = 1, day = 1}

-- Results that do not fit a struct tm (the table's fields are then left as glibc leaves
-- them, so only the results are compared), and mktime's -1.
time{year = 2^31 - 1 + 1900, month = 12, day = 31, hour = 23}
time{year = -2^31 + 1900, month = 1, day = 1, hour = 0}
print(pcall(os.time, {year = 2^31 - 1 + 1900, month = 12, day = 31, hour = 24}))
print(pcall(os.time, {year = -2^31 + 1900, month = 1, day = 1, hour = -1}))
print(pcall(os.time, {year = 2^31 - 1 + 1900, month = 12, day = 31, hour = 23, sec = 3600}))
time{year = 1969, month = 12, day = 31, hour = 23, min = 59, sec = 59}
time{year = 1969, month = 12, day = 31, hour = 23, min = 59, sec = 58}

-- Round trips through os.date("!*t").
for _, t in ipairs{0, 1, -2, 951782400, 1e9, 1234567890, -62135596800, 253402300799} do
  local copy = os.date("!*t", t)
  print("round trip", t, os.time(copy) == t, show(copy))
end

-- __index and __newindex are honoured, in lua5.4's order.
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k)
    log[#log + 1] = "get " .. k
    return ({year = 2000, month = 1, day = 1})[k]
  end,
  __newindex = function(_, k, v)
    log[#log + 1] = "set " .. k .. "=" .. tostring(v)
  end,
})
print("proxy", os.time(proxy))
print(table.concat(log, ", "))

-- Argument errors.
local function try(f, ...)
  print(pcall(f, ...))
end
try(function() return os.time(5) end)
try(function() return os.time("x") end)
try(function() return os.time(true) end)

-- os.difftime: float difference, both arguments required.
print("difftime", os.difftime(5, 3), os.difftime(3, 5), os.difftime(0, 0), os.difftime(1.0, 2))
print("difftime", os.difftime(math.maxinteger, math.mininteger), os.difftime(2^53, -1))
print("difftime", math.type(os.difftime(1, 1)), os.difftime("10", "4"))
try(function() return os.difftime(5) end)
try(function() return os.difftime() end)
try(function() return os.difftime(1.5, 1) end)
try(function() return os.difftime(1, 1.5) end)
try(function() return os.difftime("x", 1) end)
try(function() return os.difftime(1, {}) end)

-- os.clock is a float.
print("clock", math.type(os.clock()))
