local c <const> = {}
function c()
end

x = 1
