-- __pairs may yield (lua5.4 calls it with a continuation)
local t = setmetatable({10, 20, 30}, {__pairs = function (t)
  local inc = coroutine.yield("in pairs")
  return function (t, i)
           if i > 1 then return i - inc, t[i - inc] else return nil end
         end, t, #t + 1, "extra"
end})
local res = {}
local co = coroutine.wrap(function ()
  for i, p in pairs(t) do res[#res + 1] = p end
  return "done"
end)
print(co())
print(co(1))
print(table.concat(res, ","))
local co2 = coroutine.wrap(function()
  return pcall(pairs, setmetatable({}, {__pairs = function() coroutine.yield(1); error("boom") end}))
end)
print(co2())
print(co2())
print(select("#", pairs(setmetatable({}, {__pairs = function() return 1, 2, 3, 4 end}))))
print(pcall(pairs, setmetatable({}, {__pairs = function() local x; return x.y end})))
