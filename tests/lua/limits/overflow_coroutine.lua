-- A stack overflow inside a coroutine kills only that coroutine; the main
-- thread and other coroutines continue.
local function ends_with(s, suffix)
  return type(s) == "string" and string.sub(s, -#suffix) == suffix
end
local function recurse() return 1 + recurse() end
local other = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print("other", other())
local co = coroutine.create(function()
  coroutine.yield("started")
  return recurse()
end)
print("first", coroutine.resume(co))
local ok, msg = coroutine.resume(co)
print("overflow", ok, ends_with(msg, "stack overflow"), coroutine.status(co))
print("other continues", other(), other())

-- a new coroutine can recurse deeply again after the failure
local function limited(n) if n == 0 then return "bottom" end return (limited(n - 1)) end
local fresh = coroutine.create(function() return limited(20000) end)
print("fresh coroutine", coroutine.resume(fresh))
print("resume dead", coroutine.resume(co))
