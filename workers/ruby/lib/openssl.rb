# ruby.wasm's OpenSSL has digests, ciphers and keys but no OpenSSL::SSL (there are no sockets to put TLS on). Net::HTTP
# and open-uri name OpenSSL::SSL before they connect to an https URL, which failed with `uninitialized constant
# OpenSSL::SSL`; with the little of it defined here they reach the connection and say there is no network.
require 'rbconfig'
require File.join(RbConfig::CONFIG['rubylibdir'], 'openssl')
require 'socket'

module OpenSSL
  module SSL
    VERIFY_NONE = 0
    VERIFY_PEER = 1
    VERIFY_FAIL_IF_NO_PEER_CERT = 2
    VERIFY_CLIENT_ONCE = 4
    class SSLError < OpenSSLError; end

    class SSLContext
      DEFAULT_PARAMS = {}.freeze
      def initialize(*) = raise(SocketError, VercelPlayground::NO_NETWORK)
    end

    class SSLSocket
      def initialize(*) = raise(SocketError, VercelPlayground::NO_NETWORK)
    end
  end
end unless defined?(OpenSSL::SSL::SSLContext)
