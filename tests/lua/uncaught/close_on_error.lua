-- To-be-closed variables of the main chunk are closed when an error escapes,
-- and the program still exits with the error.
-- (lua5.4's stand-alone interpreter has already added the traceback to the
-- message when this runs, so only the presence of an error is printed)
local log <close> = setmetatable({}, {__close = function(_, err)
  print("closing main variable, got an error:", err ~= nil)
end})
local function inner()
  local c <close> = setmetatable({}, {__close = function() print("closing inner variable") end})
  local n = nil
  return n + 1                -- line 11
end
inner()
