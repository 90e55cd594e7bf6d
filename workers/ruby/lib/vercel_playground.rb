# The Ruby side of the playground's Ruby runtime: Vercel's vc_init.rb (@vercel/ruby) without sockets.
#
# vc_init.rb requires the entry file, answers `Handler not defined in lambda` (500) when it defines no `Handler`,
# mounts the Handler (a Proc with mount_proc, a servlet class with mount) on a WEBrick::HTTPServer at '/', and sends
# the request to it over a local socket with Net::HTTP. Ruby for WASI has no sockets, so the request is parsed by
# WEBrick::HTTPRequest from an in-memory socket and the server's own request loop (HTTPServer#run) is followed step
# by step; the response WEBrick writes is read back the way Net::HTTP reads it.
#
# The worker (vm.ts) writes /tmp/vercel/invoke.json (entry, request head, env) and /tmp/vercel/request-body, calls
# VercelPlayground.invoke and reads the body from /tmp/vercel/response-body; the answer is one line of JSON.
require 'stringio'
# What vc_init.rb requires before the handler's file, so a handler may use them without a require of its own.
# net/http is loaded on first use of Net (it costs a quarter second at start, and there are no sockets to use it on).
require 'tmpdir'
require 'webrick'
autoload :Net, 'net/http'
require 'base64'
require 'json'

module VercelPlayground
  ROOT = '/var/task'
  IO_DIR = '/tmp/vercel'
  # Vercel's edge answers with its own `server` header; WEBrick's framing headers do not survive the proxy either.
  DROPPED_HEADERS = %w[connection keep-alive transfer-encoding server].freeze
  TOKEN = /\A[!#$%&'*+\-.^_`|~0-9A-Za-z]+\z/

  # What a WEBrick request reads from: the raw request, with the socket methods WEBrick asks for.
  class RequestSocket < StringIO
    # Net::HTTP connects from the same machine in vc_init.rb.
    def peeraddr = ['AF_INET', 0, '127.0.0.1', '127.0.0.1']
    def addr = ['AF_INET', 3000, '0.0.0.0', '0.0.0.0']
  end

  class << self
    # A new deployment in the same process: what the previous project's files defined is taken away (its top-level
    # constants, Handler among them, its loaded files, its server, its environment), so the next require loads the
    # new files as a fresh Lambda would. Starting a new VM instead costs a second or more; what this cannot undo
    # (a core class the old code reopened) is said in the README.
    def redeploy
      Object.constants.each do |name|
        file, = Object.const_source_location(name)
        Object.send(:remove_const, name) if file&.start_with?("#{ROOT}/")
      end
      $LOADED_FEATURES.reject! { |f| f.start_with?("#{ROOT}/") }
      @server = nil
      @env ||= ENV.to_h
      ENV.replace(@env)
      nil
    end

    def invoke
      meta = JSON.parse(File.read(File.join(IO_DIR, 'invoke.json')))
      body = File.binread(File.join(IO_DIR, 'request-body'))
      (meta['env'] || {}).each { |k, v| ENV[k] = v }
      # The handler's current directory is the project root, as on Vercel (a chdir costs the WASI file system a lookup).
      Dir.chdir(ROOT) unless Dir.pwd == ROOT
      entry = File.join(ROOT, meta['entry'])

      begin
        require entry
      rescue LoadError => e
        return failure(e, missing_gem_message(e))
      rescue ScriptError, StandardError => e
        return failure(e)
      end

      unless Object.const_defined?('Handler')
        write_body('Handler not defined in lambda')
        return JSON.generate({ status: 500, statusText: 'Internal Server Error', headers: [] })
      end

      serve(meta['request'], body)
    rescue LoadError => e
      failure(e, missing_gem_message(e))
    rescue ScriptError, StandardError => e
      failure(e)
    end

    private

    def server
      # One server per VM, as one warm Lambda instance keeps its process. Its log goes to stderr as on Vercel (an
      # exception in a handler is logged there, with its backtrace); the access log and start banner are left out.
      @server ||= WEBrick::HTTPServer.new(
        DoNotListen: true, BindAddress: '0.0.0.0', Port: 3000,
        # WEBrick times each socket read with a watcher thread; Ruby for WASI has no threads, and the request is
        # already in memory. 0 turns the timer off (WEBrick::Utils.timeout); maxDuration is the sandbox's.
        RequestTimeout: 0,
        Logger: WEBrick::Log.new($stderr, WEBrick::BasicLog::WARN), AccessLog: [],
      ).tap do |s|
        if Handler.is_a?(Proc)
          s.mount_proc '/', Handler
        else
          s.mount '/', Handler
        end
      end
    end

    def raw_request(request, body)
      raw = +"#{request['method']} #{request['url']} HTTP/1.1\r\n"
      names = {}
      request['headers'].each do |name, value|
        next unless TOKEN.match?(name) && !value.match?(/[\r\n]/)
        next if name.casecmp?('content-length') || name.casecmp?('transfer-encoding')
        names[name.downcase] = true
        raw << "#{name}: #{value}\r\n"
      end
      raw << "Host: localhost:3000\r\n" unless names['host']
      raw << "Connection: close\r\n" unless names['connection']
      raw << "Content-Length: #{body.bytesize}\r\n" unless body.empty? && %w[GET HEAD].include?(request['method'])
      raw << "\r\n"
      raw.b << body
    end

    # HTTPServer#run for one request on an in-memory socket (keep-alive and timeouts have no meaning here).
    def serve(request, body)
      s = server
      config = s.config
      req = WEBrick::HTTPRequest.new(config)
      res = WEBrick::HTTPResponse.new(config)
      begin
        req.parse(RequestSocket.new(raw_request(request, body)))
        res.request_method = req.request_method
        res.request_uri = req.request_uri
        res.request_http_version = req.http_version
        res.keep_alive = req.keep_alive?
        s.service(req, res)
      rescue WEBrick::HTTPStatus::EOFError, WEBrick::HTTPStatus::RequestTimeout => ex
        res.set_error(ex)
      rescue WEBrick::HTTPStatus::Error => ex
        s.logger.error(ex.message)
        res.set_error(ex)
      rescue WEBrick::HTTPStatus::Status => ex
        res.status = ex.code
      rescue StandardError => ex
        s.logger.error(ex)
        res.set_error(ex, true)
      end
      out = StringIO.new(+''.b)
      res.send_response(out)
      read_response(out.string, req.request_method == 'HEAD')
    end

    # The raw response as Net::HTTP reads it: status line, headers (repeated names joined with ", ", as
    # vc_init.rb's `res.each_capitalized.to_h` does), a chunked body decoded.
    def read_response(raw, head)
      head_text, rest = raw.split("\r\n\r\n", 2)
      lines = head_text.split("\r\n")
      _, status, reason = lines.shift.split(' ', 3)
      fields = {}
      lines.each do |line|
        name, value = line.split(':', 2)
        (fields[name.downcase] ||= []) << value.to_s.strip
      end
      body = rest.to_s
      body = dechunk(body) if fields['transfer-encoding']&.any? { |v| v.casecmp?('chunked') }
      body = +'' if head
      write_body(body)
      headers = fields.reject { |k, _| DROPPED_HEADERS.include?(k) }.map { |k, v| [k, v.join(', ')] }
      JSON.generate({ status: status.to_i, statusText: reason.to_s, headers: headers })
    end

    def dechunk(body)
      io = StringIO.new(body)
      out = +''.b
      while (size_line = io.gets("\r\n"))
        size = size_line.to_i(16)
        break if size.zero?
        out << io.read(size)
        io.read(2)
      end
      out
    end

    def write_body(body)
      File.binwrite(File.join(IO_DIR, 'response-body'), body.to_s)
    end

    # An exception outside WEBrick's request loop (loading the entry, a ScriptError): the Lambda itself fails. The
    # message is the line Ruby prints for an uncaught exception (`file:line:in 'where': message (Class)`).
    def failure(e, note = nil)
      frames = user_frames(e)
      text = e.message.chomp
      # A SyntaxError's message already starts with the file:line of the mistake (and shows it with a caret).
      # The frame named is the first in the project (a JSON::ParserError is raised inside json/common.rb, but the
      # line to fix is the caller's); Ruby itself would name the innermost frame.
      where = frames.find { |l| l.start_with?("#{ROOT}/") } || frames.first
      head = where.nil? || e.is_a?(SyntaxError) ? "#{text} (#{e.class})" : "#{where}: #{text} (#{e.class})"
      message = note ? "#{head}. #{note}" : head
      stack = (["#{e.class}: #{text}"] + frames.map { |l| "\tfrom #{l}" }).join("\n")
      JSON.generate({ error: { name: e.class.name, message: message, stack: stack } })
    end

    # The backtrace without the runtime's own frames (this file, WEBrick, the eval that called in).
    def user_frames(e)
      (e.backtrace || []).reject { |l| l.start_with?('/opt/vercel/', '<internal:', 'eval:', '-e:') }
    end

    # Vercel installs the Gemfile's gems at build time; here only the standard library and WEBrick are present.
    def missing_gem_message(e)
      name = e.path.to_s
      return nil if name.empty? || name.start_with?('/', '.')
      gem = name.split('/').first
      "The gem \"#{gem}\" is not available in this playground: it runs Ruby's standard library and WEBrick only, " \
        "and installs no gems (on Vercel, gems come from the Gemfile at build time)."
    end
  end
end
