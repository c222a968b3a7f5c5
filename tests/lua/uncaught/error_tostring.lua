-- An uncaught error whose value has a __tostring metamethod: the message is
-- its result.
local E = setmetatable({}, {__tostring = function() return "custom error object" end})
print("start")
error(E)
