-- require with package.preload and package.loaded (no files: lua5.4's C searchers removed).
package.searchers[3] = nil
package.searchers[4] = nil
package.path = "./?.lua"
local function try(label, f) print(label, pcall(f)) end

package.preload.pm = function(...) print("loader args", ...) return "pmval" end
print("first", require("pm"))
print("cached", require("pm"))
print("cached count", select("#", require("pm")))
print("loaded", package.loaded.pm)

package.preload.pn = function() return nil end
print("nil result", require("pn"))
print("nil stored", package.loaded.pn)

package.preload.pf = function() return false end
print("false result", require("pf"))
print("false stored", package.loaded.pf)

package.preload.pset = function(name) package.loaded[name] = "set by loader" end
print("loader sets loaded", require("pset"))

package.preload.pboth = function(name) package.loaded[name] = "inner" return "outer" end
print("result wins", require("pboth"))

package.preload.ptable = function(name) return {name = name} end
local m = require("ptable")
print("table module", m.name, require("ptable") == m)

package.preload.perr = function() error("in loader") end
try("loader error", function() return require("perr") end)
print("not cached after error", package.loaded.perr)

package.preload.pnested = function() return "nested got " .. require("pm") end
print("nested", require("pnested"))

package.loaded.direct = "d"
print("loaded directly", require("direct"))
package.loaded.falsy = false
try("false in loaded searches again", function() return require("falsy") end)

package.preload["42"] = function(...) return ... end
print("number name", require(42))

print("libraries", require("string") == string, require("table") == table, require("math") == math,
  require("coroutine") == coroutine, require("_G") == _G,
  require("package") == package)
print("loaded entries", package.loaded.string == string, package.loaded._G == _G,
  package.loaded.package == package)

local saved = package.loaded
package.loaded = {}
print("registry table kept", require("string") == string, require("pm"))
package.loaded = saved

local savedpre = package.preload
package.preload = {}
print("preload registry kept", require("pn"))
package.preload = savedpre

try("no name", function() return require() end)
try("table name", function() return require({}) end)
