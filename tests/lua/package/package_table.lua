-- The package table's fields.
print("types", type(package), type(package.loaded), type(package.preload), type(package.searchers),
  type(package.path), type(package.searchpath), type(require))
print("config", package.config)
print("loaded package", package.loaded.package == package)
print("loaded _G", package.loaded._G == _G)
print("global require", _G.require == require)
