# Ruby for WASI has no threads, and the standard timeout library starts one for its timer (`Timeout.timeout` raised
# NotImplementedError here, so Net::HTTP failed before it reached the socket). This one runs the block without a
# timer: the run's own limit is maxDuration, which the languages sandbox enforces by ending the worker.
module Timeout
  VERSION = '0.4.1'

  class ExitException < Exception # rubocop:disable Lint/InheritException
    def exception(*) = self
  end

  class Error < RuntimeError; end

  def self.timeout(sec, klass = nil, message = nil, &block) # rubocop:disable Lint/UnusedMethodArgument
    yield(sec)
  end

  def timeout(...) = Timeout.timeout(...)
  private :timeout
end
