-- Coroutine resume chains nested until the C-stack limit.
local function w() return coroutine.wrap(w)() end
local ok, e = pcall(w)
print("wrap", ok, string.sub(e, -20))
local function r() local co = coroutine.create(r); local ok, e = coroutine.resume(co); if not ok then error(e, 0) end end
print("resume", pcall(r))
