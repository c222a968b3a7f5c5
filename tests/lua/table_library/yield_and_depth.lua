-- Library functions cannot be yielded across (lua5.4 calls comparators and metamethods
-- with lua_call), and nested sorts hit the C stack limit.

print("yield in comparator", pcall(coroutine.wrap(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)))
print("yield in __len", pcall(coroutine.wrap(function()
  table.insert(setmetatable({}, {__len = function() coroutine.yield() return 0 end}), 1)
end)))
print("yield in __index", coroutine.resume(coroutine.create(function()
  return table.concat(setmetatable({}, {__len = function() return 1 end,
    __index = function() coroutine.yield("y") return "x" end}))
end)))
print("yield in __newindex", coroutine.resume(coroutine.create(function()
  table.move({1}, 1, 1, 1, setmetatable({}, {__newindex = function() coroutine.yield() end}))
end)))
print("yield in __lt", coroutine.resume(coroutine.create(function()
  local mt = {__lt = function() coroutine.yield() return true end}
  table.sort({setmetatable({}, mt), setmetatable({}, mt)})
end)))
print("yield in __eq", coroutine.resume(coroutine.create(function()
  local mt = {__eq = function() coroutine.yield() return true end}
  table.move(setmetatable({1, 2}, mt), 1, 2, 2, setmetatable({}, mt))
end)))

-- sorting is fine inside a coroutine when nothing yields
local co = coroutine.wrap(function(t)
  table.sort(t, function(a, b) return a > b end)
  coroutine.yield(table.concat(t, " "))
  return "done"
end)
print("sort in coroutine", co({1, 3, 2}), co())

local function deep(n)
  table.sort({2, 1}, function(a, b) return deep(n + 1) end)
end
print("nested sorts", pcall(deep, 1))
