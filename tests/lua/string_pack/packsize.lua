-- string.packsize of fixed-size formats, with alignment and hostile sizes.
local function try(fmt)
  print(fmt, pcall(function() return string.packsize(fmt) end))
end
for _, fmt in ipairs({"", " ", "b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "f",
    "d", "n", "x", "i1", "i7", "i16", "I16", "c0", "c1", "c100", "<>=", "!", "!1", "!16",
    "bi8", "!bi8", "!4bi8", "!2bd", "!8bXd", "!8bXi2", "!8Xd", "!8bXxh", "!16bi16",
    "!8bXi16", "!bc3d", "!8b!2h", "bx", "xXi8", "i3i3", "!2i3", ">!4bf<d",
    "c2147483639", "c2147483638b", "c2147483639c1", "c1073741824c1073741823",
    "c1073741824c1073741824", "!8c2147483632d", "!8c2147483633d", "!8c2147483639Xd",
    "c99999999999", "i100", "c00001", "i016", "!016b", "ccc"}) do
  try(fmt)
end
