::l::
function f()
  goto l
end

x = 1
