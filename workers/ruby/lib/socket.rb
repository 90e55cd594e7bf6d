# Ruby for WASI has no socket extension. WEBrick asks it only for the host name while it loads; a request reaches
# the handler without a socket (vercel_playground.rb), so nothing else is defined and a handler that opens a
# connection gets a NameError (the playground runs no network from Ruby).
class SocketError < StandardError; end

class Socket
  def self.gethostname = 'localhost'
end
