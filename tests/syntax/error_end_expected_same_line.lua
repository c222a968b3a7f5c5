if x then y() 
