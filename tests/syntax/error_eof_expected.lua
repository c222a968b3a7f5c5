function f() end end
