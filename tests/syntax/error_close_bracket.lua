x = a[1
