-- Class-like inheritance through __index chains and method overriding.
local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound)
  return setmetatable({name = name, sound = sound}, Animal)
end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end

local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name)
  local d = Animal.new(name, "woof")
  return setmetatable(d, Dog)
end
function Dog:kind() return "dog, a kind of " .. Animal.kind(self) end
function Dog:fetch() return self.name .. " fetches" end

local a = Animal.new("cat", "meow")
local d = Dog.new("rex")
print(a:speak())
print(d:speak())
print("kind", a:kind(), "|", d:kind())
print("fetch", d:fetch())
print("cat cannot fetch", pcall(function() return a:fetch() end))
print("is dog", getmetatable(d) == Dog, getmetatable(a) == Animal)

-- class-level metamethods are inherited only if copied: metamethods are
-- raw fields of the metatable, __index does not apply to them
Animal.__tostring = function(self) return "Animal<" .. self.name .. ">" end
print("tostring animal", tostring(a))
print("dog has no __tostring", rawget(Dog, "__tostring") == nil)
Dog.__tostring = Animal.__tostring
print("tostring dog", tostring(d))

-- instance fields shadow class fields
d.speak = function() return "overridden on instance" end
print(d:speak())
d.speak = nil
print(d:speak())
