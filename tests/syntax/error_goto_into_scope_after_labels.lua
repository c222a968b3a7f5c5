goto l
local x
::l::
;;
::m::

print(x)
