for k, v in pairs(t) x() end
