-- An error inside a coroutine.wrap function propagates out of the main
-- chunk; the message gets the caller's position prepended.
local gen = coroutine.wrap(function()
  coroutine.yield(1)
  local t = nil
  return t.x                  -- line 6
end)
print("first", gen())
print("second", gen())        -- line 9
