// Examples from Vercel's Python, Ruby and Go runtime docs ("Using the Python Runtime", "Using the Ruby Runtime",
// "Using the Go Runtime"): each docs sample as written, and where it needs a third-party package the playground
// cannot ship (cowpy, cowsay), the sample as written with the message it gets here plus a variant that runs.
import type { Example } from './types';

const GROUP = 'Python, Ruby and Go' as const;

/** The docs' first Python function: a `handler` class over `BaseHTTPRequestHandler`. */
const PY_HELLO = `from http.server import BaseHTTPRequestHandler

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        self.wfile.write('Hello, world!'.encode('utf-8'))
        return
`;

const PY_COWPY = `from http.server import BaseHTTPRequestHandler
from cowpy import cow

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        message = cow.Cowacter().milk('Hello from Python from a Serverless Function!')
        self.wfile.write(message.encode())
        return
`;

/** The same handler with the cow drawn by the standard library. */
const PY_COW_STDLIB = String.raw`from http.server import BaseHTTPRequestHandler

COW = r"""
        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||
"""

def milk(message):
    line = '-' * (len(message) + 2)
    return ' ' + line + '\n< ' + message + ' >\n ' + line + COW

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type','text/plain')
        self.end_headers()
        message = milk('Hello from Python from a Serverless Function!')
        self.wfile.write(message.encode())
        return
`;

const PY_FLASK = `from flask import Flask, Response
app = Flask(__name__)

@app.route('/', defaults={'path': ''})
@app.route('/<path:path>')
def catch_all(path):
    return Response("<h1>Flask</h1><p>You visited: /%s</p>" % (path), mimetype="text/html")
`;

const PY_ASGI = `import json

async def app(scope, receive, send):
    assert scope['type'] == 'http'
    await send({
        'type': 'http.response.start',
        'status': 200,
        'headers': [(b'content-type', b'application/json')],
    })
    await send({
        'type': 'http.response.body',
        'body': json.dumps({'hello': scope['path']}).encode(),
    })
`;

const PY_FILE_CWD = `from http.server import BaseHTTPRequestHandler
from os.path import join

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type', 'text/plain')
        self.end_headers()
        with open(join('data', 'file.txt'), 'r') as file:
          for line in file:
            self.wfile.write(line.encode())
        return
`;

const PY_FILE_DIRNAME = `from http.server import BaseHTTPRequestHandler
from os.path import abspath, dirname, join

# This file is api/file.py: the project root is one folder up.
ROOT = dirname(dirname(abspath(__file__)))

class handler(BaseHTTPRequestHandler):

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-type', 'text/plain')
        self.end_headers()
        with open(join(ROOT, 'data', 'file.txt'), 'r') as file:
          self.wfile.write(('%s\\n%s' % (ROOT, file.read())).encode())
        return
`;

const RB_HANDLER = `Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'

  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = "Hello #{name}"
end
`;

const RB_SERVLET = `class Handler < WEBrick::HTTPServlet::AbstractServlet
  def do_GET(request, response)
    name = request.query['name'] || 'World'

    response.status = 200
    response['Content-Type'] = 'text/text; charset=utf-8'
    response.body = "Hello #{name}, from a servlet"
  end
end
`;

const RB_COWSAY = `require 'cowsay'

Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'

  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = Cowsay.say("Hello #{name}", 'cow')
end
`;

/** The docs' Gemfile for the cowsay example. */
const RB_GEMFILE = `source "https://rubygems.org"

gem "cowsay", "~> 0.3.0"
`;

const RB_COW_STDLIB = String.raw`COW = <<'COW'
        \   ^__^
         \  (oo)\_______
            (__)\       )\/\
                ||----w |
                ||     ||
COW

def say(message)
  line = '-' * (message.length + 2)
  " #{line}\n< #{message} >\n #{line}\n#{COW}"
end

Handler = Proc.new do |request, response|
  name = request.query['name'] || 'World'

  response.status = 200
  response['Content-Type'] = 'text/text; charset=utf-8'
  response.body = say("Hello #{name}")
end
`;

const GO_HANDLER = `package handler

import (
  "fmt"
  "net/http"
)

func Handler(w http.ResponseWriter, r *http.Request) {
  fmt.Fprintf(w, "<h1>Hello from Go!</h1>")
}
`;

/** The docs' Python hello as a Node.js function of the same route, to compare the two. */
const JS_HELLO = `export default function handler(req, res) {
  res.setHeader('Content-type', 'text/plain');
  res.end('Hello, world!');
}
`;

export const LANGUAGE_EXAMPLES: Example[] = [
  {
    id: 'python-hello',
    title: 'Python: a `BaseHTTPRequestHandler` hello',
    group: GROUP,
    look: 'A `handler` class in `api/index.py` is a Vercel function on the Python runtime, so `/api` answers `Hello, world!` in plain text. The first run downloads and starts Python in this tab (a progress bar), and the line beside the chip says what differs from Vercel.',
    source: 'Vercel docs, Using the Python Runtime (§2.5)',
    files: { 'api/index.py': PY_HELLO },
    open: 'api/index.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
  {
    id: 'python-cowpy',
    title: 'Python: `from cowpy import cow` (not shipped here)',
    group: GROUP,
    look: 'The docs install cowpy from `requirements.txt`, but the playground runs offline and ships only the standard library and Flask, so this answers `PACKAGE_NOT_AVAILABLE` naming cowpy. Delete the `requirements.txt` line and the import itself fails with `ModuleNotFoundError`; the next example draws the cow without it.',
    source: 'Vercel docs, Using the Python Runtime: dependencies (§2.5)',
    files: { 'api/index.py': PY_COWPY, 'requirements.txt': 'cowpy==1.0.3\n' },
    open: 'api/index.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
  {
    id: 'python-cow-stdlib',
    title: 'Python: the cowpy example without cowpy',
    group: GROUP,
    look: 'The same handler draws its cow with plain strings, so it needs no package and answers the speech bubble and the cow. Compare it with the cowpy example to see that only the import differed.',
    source: 'Vercel docs, Using the Python Runtime, adapted to the standard library (§2.5)',
    files: { 'api/index.py': PY_COW_STDLIB },
    open: 'api/index.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
  {
    id: 'python-flask',
    title: 'Python: a Flask `app` (WSGI)',
    group: GROUP,
    look: 'A top-level `app` that is a WSGI application is served as Vercel serves it, and Flask ships with the playground: the page says `You visited: /api`. Flask sees the whole URL path, so its catch-all route gets `api`.',
    source: 'Vercel docs, Using the Python Runtime: Web Server Gateway Interface (§2.5)',
    files: { 'api/index.py': PY_FLASK },
    open: 'api/index.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
  {
    id: 'python-asgi',
    title: 'Python: an ASGI `app`',
    group: GROUP,
    look: 'An `app` that is an async callable is run as ASGI: it gets the scope and sends the start and body messages, here `{"hello": "/api/asgi"}`. Vercel tells ASGI from WSGI the same way, by whether `app` is a coroutine function.',
    source: 'Vercel docs, Using the Python Runtime: Asynchronous Server Gateway Interface (§2.5)',
    files: { 'api/asgi.py': PY_ASGI },
    open: 'api/asgi.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api/asgi' }],
  },
  {
    id: 'python-relative-file',
    title: 'Python: reading `data/file.txt` from the project',
    group: GROUP,
    look: 'The function runs in the project root (`/var/task`, as on Vercel), so `open(join(\'data\', \'file.txt\'))` finds the file. The second request reads it through `dirname(abspath(__file__))` instead and shows that root.',
    source: 'Vercel docs, Using the Python Runtime: reading relative files (§2.5)',
    files: { 'api/index.py': PY_FILE_CWD, 'api/file.py': PY_FILE_DIRNAME, 'data/file.txt': 'Hello from data/file.txt\n' },
    open: 'api/index.py',
    requests: [
      { label: 'join(data, file.txt)', method: 'GET', url: '/api' },
      { label: 'dirname(abspath(__file__))', method: 'GET', url: '/api/file' },
    ],
  },
  {
    id: 'python-node-compare',
    title: 'Python against Node.js: the same hello, compared',
    group: GROUP,
    look: 'A Python function runs on Python only, so **Compare runtimes** sets `api/hello.py` against `api/hello.js`, the same route in Node.js, and shows both answers side by side: the same body, and the headers each runtime adds of its own. Vercel would not deploy the two files together (the compare view quotes its conflicting-paths error), so the project you deploy keeps one.',
    source: 'Vercel docs, Using the Python Runtime, beside the Node.js runtime (§2.5)',
    files: { 'api/hello.py': PY_HELLO, 'api/hello.js': JS_HELLO },
    open: 'api/hello.py',
    requests: [{ label: 'GET', method: 'GET', url: '/api/hello' }],
  },
  {
    id: 'ruby-handler',
    title: 'Ruby: a `Handler` Proc',
    group: GROUP,
    look: 'A `Handler` Proc in `api/index.rb` is called with WEBrick\'s request and response, so `request.query` reads `?name=Ada` and the body is `Hello Ada`. Ruby starts in this tab on the first run, and the line beside the chip says what differs from Vercel.',
    source: 'Vercel docs, Using the Ruby Runtime (§2.5)',
    files: { 'api/index.rb': RB_HANDLER },
    open: 'api/index.rb',
    requests: [{ label: 'GET', method: 'GET', url: '/api?name=Ada' }],
  },
  {
    id: 'ruby-servlet',
    title: 'Ruby: a WEBrick servlet `Handler`',
    group: GROUP,
    look: 'A `Handler` class that inherits from `WEBrick::HTTPServlet::AbstractServlet` is mounted like the Proc, and its `do_GET` answers `Hello Ada, from a servlet`. A method it does not define, such as POST, gets WEBrick\'s own 405.',
    source: 'Vercel docs, Using the Ruby Runtime: Handler class (§2.5)',
    files: { 'api/index.rb': RB_SERVLET },
    open: 'api/index.rb',
    requests: [
      { label: 'GET', method: 'GET', url: '/api?name=Ada' },
      { label: 'POST', method: 'POST', url: '/api', bodyType: 'text', body: 'hi' },
    ],
  },
  {
    id: 'ruby-cowsay',
    title: "Ruby: `require 'cowsay'` (not shipped here)",
    group: GROUP,
    look: 'Vercel installs the cowsay gem from the `Gemfile` at build time, but the playground runs offline with the standard library and WEBrick only. So the require fails with `cannot load such file -- cowsay` and a line saying the gem is not available here; the next example runs without it.',
    source: 'Vercel docs, Using the Ruby Runtime (§2.5)',
    files: { 'api/index.rb': RB_COWSAY, Gemfile: RB_GEMFILE },
    open: 'api/index.rb',
    requests: [{ label: 'GET', method: 'GET', url: '/api?name=Ada' }],
  },
  {
    id: 'ruby-cow-stdlib',
    title: 'Ruby: the cowsay example without the gem',
    group: GROUP,
    look: 'The same `Handler` draws its cow with a heredoc instead of `Cowsay.say`, so it needs no gem and answers `< Hello Ada >` above the cow. Compare it with the cowsay example to see that only the require differed.',
    source: 'Vercel docs, Using the Ruby Runtime, adapted to the standard library (§2.5)',
    files: { 'api/index.rb': RB_COW_STDLIB },
    open: 'api/index.rb',
    requests: [{ label: 'GET', method: 'GET', url: '/api?name=Ada' }],
  },
  {
    id: 'go-handler',
    title: 'Go: an exported `Handler`',
    group: GROUP,
    look: 'Any exported `func(w http.ResponseWriter, r *http.Request)` in `package handler` is a Vercel function on the Go runtime, and this one answers `<h1>Hello from Go!</h1>` as HTML. Here the file is interpreted by yaegi in this tab rather than compiled, as the line beside the chip says.',
    source: 'Vercel docs, Using the Go Runtime (§2.5)',
    files: { 'api/index.go': GO_HANDLER },
    open: 'api/index.go',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
];
