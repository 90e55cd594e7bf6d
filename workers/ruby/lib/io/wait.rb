# Ruby for WASI lacks io/wait; WEBrick uses it only to wait on a client socket, which the playground never opens.
