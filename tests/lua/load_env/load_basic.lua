-- load with string chunks: results, varargs, syntax errors as values.
local f = load("return 1 + 2")
print("simple", f())
print("type", type(f))

local g = load("local a, b = ... return b, a, select('#', ...)")
print("varargs", g("x", "y", "z"))

-- each call of the loaded function runs the chunk again
local counter = load("n = (n or 0) + 1 return n")
print("runs", counter(), counter(), counter())

-- syntax errors are returned, not raised
print(load("return +"))
print(load("x = = 1"))
print(load("for i = 1 do end"))
print(load("local 1 = 2"))
print(load("return 'unfinished"))
print(load("return [[unfinished"))
print(load("f("))
print(load("break"))
print(load("return 1 .. 2 ..", "=custom name"))
print(load("\n\nreturn )", "@virtual.lua"))
print(load("x = }", "no prefix"))

-- a long chunk name is truncated in messages
print(load("return )", string.rep("x", 100)))
print(load("line1\nline2 )", "return 1\nsecond line"))

-- errors at run time use the chunk name
print(pcall(load("local t = nil; return t.x", "=runtime")))
print(pcall(load("error('raised')", "@file.lua")))

-- an empty chunk is valid and returns nothing
local e = load("")
print("empty chunk", type(e), select("#", e()))
print("comment only", select("#", load("-- nothing here")()))
print("shebang-like", load("# not a comment in load"))
