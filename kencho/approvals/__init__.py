"""Electronic approval (電子決裁): 起案, routes, decisions and the frozen record."""
