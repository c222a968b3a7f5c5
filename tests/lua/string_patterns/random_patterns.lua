-- Random patterns and subjects from small alphabets (fixed seed), through every function:
-- a differential test of the whole pattern language, including malformed patterns.
local seed = 20240131
local function rnd(n)
  seed = seed * 6364136223846793005 + 1442695040888963407
  return (seed >> 33) % n + 1
end
local pattern_pieces = {"a", "b", ".", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "(", ")",
  "()", "*", "+", "-", "?", "^", "$", "%b()", "%f[a]", "%f[%s]", "%1", "%2", "%", "[", "]",
  "x", "1", " ", "%w", "[%d]", "%B", "%z"}
local subject_pieces = {"a", "b", "c", "1", "2", " ", "(", ")", "x", "ab", "\0", "aa"}
local function generate(pieces, max)
  local t = {}
  for _ = 1, rnd(max) - 1 do t[#t + 1] = pieces[rnd(#pieces)] end
  return table.concat(t)
end
local function quote(s)
  local out = {}
  for i = 1, #s do
    local b = s:byte(i)
    out[i] = (b < 32 or b > 126) and ("\\" .. b) or string.char(b)
  end
  return '"' .. table.concat(out) .. '"'
end
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = type(v) == "string" and quote(v) or tostring(v)
  end
  return table.concat(out, " ")
end
local function all_matches(s, p, init)
  local out = {}
  for a, b in string.gmatch(s, p, init) do out[#out + 1] = tostring(a) .. "," .. tostring(b) end
  return table.concat(out, ";")
end
for i = 1, 400 do
  local s, p = generate(subject_pieces, 12), generate(pattern_pieces, 8)
  local init = rnd(14) - 5
  print(i, quote(s), quote(p), init)
  print("", "find", show(pcall(string.find, s, p, init)))
  print("", "match", show(pcall(string.match, s, p, init)))
  print("", "gsub", show(pcall(string.gsub, s, p, "<%0>")))
  print("", "gsub %1", show(pcall(string.gsub, s, p, "%1", 2)))
  print("", "gmatch", show(pcall(all_matches, s, p, init)))
end
