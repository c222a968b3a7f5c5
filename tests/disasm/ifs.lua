local a, b, c = ...
if a then f(1) end
if a then f(1) else f(2) end
if a then f(1) elseif b then f(2) elseif c then f(3) else f(4) end
if a and b then f(1) end
if a or b then f(1) end
if not (a or b) then f(1) end
if a == 1 and b ~= "x" or c < 3 then f(1) end
if true then f(1) end
if false then f(1) end
if a then else f(2) end
if a.x then f(1) end
