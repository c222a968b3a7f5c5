-- gsub with string, function and table replacements, and gmatch/find over a text.
local words = {}
for i = 1, 2000 do
  words[i] = "word" .. (i % 97) .. " value=" .. i .. ";"
end
local text = table.concat(words, " ")
local total = 0
for _ = 1, 10 do
  local a, n1 = text:gsub("(%w+)=(%d+)", "%2=%1")
  local b, n2 = text:gsub("%d+", function(d) return #d end)
  local c, n3 = text:gsub("word(%d)", {["1"] = "one", ["2"] = "two"})
  total = total + #a + #b + #c + n1 + n2 + n3
  for w in text:gmatch("%a+") do total = total + #w end
  local i = 1
  while true do
    local s, e = text:find("value=%d+;", i)
    if not s then break end
    total = total + 1
    i = e + 1
  end
end
print(total)
