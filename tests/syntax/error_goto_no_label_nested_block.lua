do
  goto l
end

