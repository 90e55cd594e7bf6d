// The Python memory snapshot: Pyodide's wasm memory after CPython started and imported what every handler needs,
// made at build time in Node (src/server/python-snapshot.ts) from the very pyodide files the page serves, and loaded
// by the worker instead of starting CPython afresh. One table for both sides: what the snapshot holds must match
// what the worker would have done without it.

/** Served at /languages/python/<file>, gzip-compressed (31 MB of memory → about 7 MB). `.gzip`, not `.gz`: servers
 * announce a `.gz` as `Content-Encoding: gzip` and the browser would inflate it before the worker sees it. */
export const PYTHON_SNAPSHOT_FILE = 'python-snapshot.bin.gzip';

/** loadPyodide's environment, the same with and without the snapshot (os.environ is in the snapshot's memory). */
export const PYTHON_ENV: Record<string, string> = { HOME: '/tmp' };

/** Where the worker writes the runner (workers/python/runner-py.ts) and imports it from, as the module `_vc_runner`. */
export const RUNNER_FILE = '/lib/playground/_vc_runner.py';

/** Imports the runner from RUNNER_FILE, unless the one already imported (from the snapshot) has that very source: a
 * snapshot made with another runner (a stale file on a static host) still runs the runner of this build. Run where
 * the snapshot is made and by the worker after every start. */
export const PYTHON_RUNNER_SETUP = `
def _setup():
    import sys
    folder, _, _ = ${JSON.stringify(RUNNER_FILE)}.rpartition('/')
    if folder not in sys.path:
        sys.path.insert(0, folder)
    with open(${JSON.stringify(RUNNER_FILE)}, encoding='utf-8') as f:
        source = f.read()
    runner = sys.modules.get('_vc_runner')
    if runner is None or getattr(runner, '_source', None) != source:
        sys.modules.pop('_vc_runner', None)
        import _vc_runner as runner
        runner._source = source
_setup()
del _setup
`;

/** Imported before the memory is saved: the runner's own imports and the standard library a handler most often uses.
 * Flask stays lazy: it comes from site-packages.zip, which is not on sys.path until the worker writes it. */
export const PYTHON_SNAPSHOT_PRELOAD = `
import asyncio, importlib, importlib.util, inspect, io, json, os, re, sys, traceback
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote
from pyodide.ffi import to_js
import base64, dataclasses, datetime, hashlib, html, logging, pathlib, typing, uuid, wsgiref.headers, wsgiref.util
`;

/** Run after a start from the snapshot: state the snapshot would otherwise share between every session. `random`
 * was seeded when the snapshot was made, so each start would draw the same numbers. */
export const PYTHON_AFTER_SNAPSHOT = `
import random
random.seed()
`;

/** Said in the worker's `ready` version when it started from the snapshot (the UI and the tests read it). */
export const FROM_SNAPSHOT = 'from a memory snapshot';

/** Run where the snapshot is made, after PYTHON_RUNNER_SETUP (with runPythonAsync): a request of each handler form
 * through the runner with a bridge that drops everything, so what a first request imports and caches (the
 * standard library's lazy imports, compiled regular expressions) is in the snapshot rather than done on every cold
 * start. Then the runner is left as a fresh start leaves it: nothing loaded, no bridge, the files gone. */
export const PYTHON_SNAPSHOT_WARMUP = `
async def _warm_up():
    import contextlib, gc, io, os, sys, _vc_runner as runner

    class Drop:
        def head(self, *args): pass
        def chunk(self, *args): pass
        def head_sent(self): return False
        def flush(self): pass
        def no_response(self): pass
        def error(self, code, message, *args): raise RuntimeError(code + ': ' + message)

    handlers = {
        'http.py': (
            'from http.server import BaseHTTPRequestHandler\\n'
            'class handler(BaseHTTPRequestHandler):\\n'
            '    def do_GET(self):\\n'
            '        self.send_response(200)\\n'
            '        self.send_header("Content-type", "text/plain")\\n'
            '        self.end_headers()\\n'
            '        self.wfile.write(self.path.encode())\\n'
            '    def do_POST(self):\\n'
            '        body = self.rfile.read(int(self.headers.get("content-length", 0)))\\n'
            '        self.send_response(201)\\n'
            '        self.end_headers()\\n'
            '        self.wfile.write(body)\\n'
        ),
        'wsgi.py': (
            'def app(environ, start_response):\\n'
            '    start_response("200 OK", [("Content-Type", "text/plain")])\\n'
            '    return [environ["PATH_INFO"].encode()]\\n'
        ),
        'asgi.py': (
            'async def app(scope, receive, send):\\n'
            '    await receive()\\n'
            '    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})\\n'
            '    await send({"type": "http.response.body", "body": scope["path"].encode()})\\n'
        ),
    }
    folder = runner.ROOT + '/api'
    os.makedirs(folder, exist_ok=True)
    headers = '[["host", "localhost"], ["user-agent", "warm-up"], ["accept", "*/*"], ["content-type", "text/plain"]]'
    runner.connect(Drop())
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for name, source in handlers.items():
                with open(folder + '/' + name, 'w', encoding='utf-8') as f:
                    f.write(source)
                runner.files_changed()
                for method in ('GET', 'POST'):
                    pending = runner.invoke('api/' + name, method, '/api/warm?a=1&b=%20', headers, None)
                    if pending is not None:
                        await pending
    finally:
        for name in handlers:
            os.remove(folder + '/' + name)
        os.rmdir(folder)
        runner.files_changed()
        runner._set_env({})
        runner.connect(None)
    gc.collect()
await _warm_up()
del _warm_up
`;
