-- A small class system with constructors, inheritance, super calls,
-- properties via __index/__newindex functions and instance counting.
local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.super = parent
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  return c
end

local Shape = class()
Shape.count = 0
function Shape:init(name) self.name = name Shape.count = Shape.count + 1 end
function Shape:area() return 0 end
function Shape:describe() return self.name .. " with area " .. self:area() end

local Rect = class(Shape)
function Rect:init(w, h) Shape.init(self, "rect") self.w, self.h = w, h end
function Rect:area() return self.w * self.h end

local Square = class(Rect)
function Square:init(s) Rect.init(self, s, s) self.name = "square" end

local Circle = class(Shape)
function Circle:init(r) self.super.init(self, "circle") self.r = r end
function Circle:area() return 3 * self.r * self.r end

local shapes = {Rect.new(2, 3), Square.new(4), Circle.new(2), Shape.new("blob")}
for _, s in ipairs(shapes) do print(s:describe()) end
print("count", Shape.count)
print("isa", getmetatable(shapes[2]) == Square, Square.super == Rect, Rect.super == Shape)

-- properties with validation through a proxy
local function Strict(fields)
  local store = {}
  return setmetatable({}, {
    __index = function(_, k)
      if fields[k] == nil then error("no field '" .. tostring(k) .. "'", 2) end
      return store[k]
    end,
    __newindex = function(_, k, v)
      local ty = fields[k]
      if ty == nil then error("cannot add field '" .. tostring(k) .. "'", 2) end
      if type(v) ~= ty then error("field '" .. k .. "' expects " .. ty .. ", got " .. type(v), 2) end
      store[k] = v
    end,
  })
end
local p = Strict({x = "number", label = "string"})
p.x = 10
p.label = "point"
print("strict", p.x, p.label)
print(pcall(function() p.y = 1 end))
print(pcall(function() p.x = "ten" end))
print(pcall(function() return p.z end))
