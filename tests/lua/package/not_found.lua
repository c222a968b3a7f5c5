-- require failures: the message lists what each searcher tried.
package.searchers[3] = nil
package.searchers[4] = nil
local function try(label, f) print(label, pcall(f)) end

package.path = "./?.lua;./?/init.lua"
try("dotted name", function() return require("nomod.sub") end)
package.path = "a;;b?c"
try("empty template", function() return require("m") end)
package.path = ""
try("empty path", function() return require("m") end)
package.path = "./?.lua;"
try("trailing separator", function() return require("m") end)
package.path = "??"
try("two marks", function() return require("ab") end)
package.path = 5
try("number path", function() return require("m") end)
package.path = {}
try("table path", function() return require("m") end)
package.path = nil
try("nil path", function() return require("m") end)
package.path = "./?.lua"
try("direct call", function() return select(2, pcall(require, "m")) end)
