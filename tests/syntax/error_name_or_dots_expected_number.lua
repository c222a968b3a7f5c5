local f = function(1) end
