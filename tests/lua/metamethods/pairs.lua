-- __pairs lets a table customize pairs().
local ordered = setmetatable({keys = {"c", "a", "b"}, vals = {c = 3, a = 1, b = 2}}, {
  __pairs = function(self)
    local i = 0
    return function()
      i = i + 1
      local k = self.keys[i]
      if k then return k, self.vals[k] end
    end, self, nil
  end,
})
for k, v in pairs(ordered) do print("ordered", k, v) end

-- __pairs returns up to three values, extra ones are dropped
local t = setmetatable({}, {__pairs = function(self)
  return function(s, c) if c < 3 then return c + 1 end end, "state", 0, "extra"
end})
for k in pairs(t) do print("custom", k) end

-- ipairs does not use __pairs but does respect __index
local proxy = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end,
                                __pairs = function() error("not called") end})
for i, v in ipairs(proxy) do print("ipairs via __index", i, v) end

-- next ignores __pairs
print("next raw", next(ordered) ~= nil)

-- __pairs that is not a function
local bad = setmetatable({}, {__pairs = 1})
print(pcall(function() for k in pairs(bad) do end end))
