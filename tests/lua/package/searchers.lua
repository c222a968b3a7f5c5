-- package.searchers: custom searchers, their results and messages.
package.searchers[3] = nil
package.searchers[4] = nil
package.path = "./?.lua"
local function try(label, f) print(label, pcall(f)) end

print("types", type(package.searchers[1]), type(package.searchers[2]))
package.preload.pm = function() return "pm" end
print("preload miss", package.searchers[1]("x"))
print("preload hit", type(package.searchers[1]("pm")), select(2, package.searchers[1]("pm")))
print("file miss", package.searchers[2]("nomod"))
print("file miss dotted", package.searchers[2]("a.b.c"))
try("preload searcher no name", function() return package.searchers[1]() end)

local old = package.searchers
package.searchers = nil
try("searchers nil", function() return require("zz") end)
package.searchers = "x"
try("searchers string", function() return require("zz") end)
package.searchers = {
  function(n) return nil end,
  function(n) return "\n\tcustom " .. n end,
  function(n) return 42 end,
  function(n) return true end,
  function(n) return "plain" end,
}
try("messages", function() return require("zz") end)
package.searchers = {}
try("no searchers", function() return require("zz") end)
package.searchers = {function(n) return function(...) print("custom loader", ...) return "cv" end end}
print("custom loader", require("cz"))
package.searchers = {function(n) return function(name, data) print("loader data", name, data.tag) return "cv2" end, {tag = "data"} end}
local value, data = require("cz2")
print("custom data", value, type(data), data.tag)
package.searchers = {function(n) error("searcher failed") end}
try("searcher error", function() return require("cz3") end)
package.searchers = {function(n) return setmetatable({}, {__call = function() return "called" end}) end}
try("callable table is not a loader", function() return require("cz4") end)
package.searchers = {[2] = function() return function() return "skipped" end end}
try("hole ends list", function() return require("cz5") end)
package.searchers = old
print("restored", require("pm"))
