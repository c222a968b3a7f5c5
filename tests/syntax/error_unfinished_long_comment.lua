--[==[ comment

