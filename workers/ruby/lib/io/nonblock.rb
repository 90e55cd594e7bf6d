# Ruby for WASI lacks io/nonblock; WEBrick uses it only on listening sockets, which the playground never opens.
