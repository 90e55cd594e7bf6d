# Ruby for WASI has no socket extension, and the playground's Ruby has no network. WEBrick asks only for the host
# name while it loads; a request reaches the handler without a socket (vercel_playground.rb). Every way to a
# connection (TCPSocket, Socket.tcp, Addrinfo, … and so Net::HTTP, open-uri) raises SocketError saying so, a
# StandardError a handler may rescue as it would a refused connection.
class SocketError < StandardError; end

module VercelPlayground
  NO_NETWORK = "The playground's Ruby has no network: CRuby for WebAssembly (WASI) has no sockets, so no " \
               'connection can be opened (Net::HTTP, open-uri, TCPSocket, …). On Vercel the function could connect.'

  # Raises the no-network SocketError for whatever is called (new, open, tcp, getaddrinfo, …).
  module NoNetwork
    def method_missing(*) = raise(SocketError, NO_NETWORK)
    def new(*) = raise(SocketError, NO_NETWORK)
    def open(*) = raise(SocketError, NO_NETWORK)
  end
end

class BasicSocket < IO
  extend VercelPlayground::NoNetwork
end

class Socket < BasicSocket
  def self.gethostname = 'localhost'
end

class IPSocket < BasicSocket; end
class TCPSocket < IPSocket; end
class TCPServer < TCPSocket; end
class UDPSocket < IPSocket; end
class UNIXSocket < BasicSocket; end
class UNIXServer < UNIXSocket; end

class Addrinfo
  extend VercelPlayground::NoNetwork
end
