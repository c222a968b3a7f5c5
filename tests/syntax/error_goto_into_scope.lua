goto l
local x
::l::

print(x)
