local x <const> = {}
local function f()
  return function()
    x = 2
  end
end
