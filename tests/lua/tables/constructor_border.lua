print(#{1,2,3,nil,5}, #{nil,nil,3}, #{1,nil}, #{n=1, 1, nil, 3}, #{[3]=1, 1, 2})
local t = {1, nil, 3} t[4] = 4 print(#t)
local function f() return 1, nil, 3 end
print(#{f()}, #{f(), f()}, select('#', table.unpack({1,nil,3})))
local u = {[4]=4, 1, nil, 3} print(#u, u[4])
