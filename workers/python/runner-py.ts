// The Python side of the Python worker, as Vercel's runtime (vc_init.py) does it: the project at /var/task (the
// current directory), the handler found in Vercel's order, one request per call. Talks to the worker through the
// `_vc_bridge` module the worker registers (head, chunk, error) and hands to connect(). Imported into the memory
// snapshot (workers/python/snapshot.ts), made where that module does not exist: so it holds no bridge until then.
export const RUNNER_PY = String.raw`
import asyncio, functools, importlib, importlib.util, inspect, io, json, os, re, sys, time, traceback
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote
from pyodide.ffi import to_js

ROOT = '/var/task'
bridge = None


def connect(worker_bridge):
    """The worker's _vc_bridge, or (for a warm-up where the snapshot is made) any object with the same methods."""
    global bridge
    bridge = worker_bridge


_sleep = time.sleep


@functools.wraps(_sleep)
def _sleep_after_flush(seconds):
    """time.sleep holds the thread with no Python running, so the worker's periodic flush cannot run in it: what the
    run's reply holds goes first (a print before a sleep past maxDuration must reach the page)."""
    if bridge is not None:
        bridge.flush()
    return _sleep(seconds)


time.sleep = _sleep_after_flush

sys.dont_write_bytecode = True  # files are rewritten within the same second: a stale .pyc must never be read

# What a requirements.txt may name: the pure-Python packages shipped with the playground (scripts/build-python-assets.sh).
SHIPPED = {'flask': 'Flask', 'werkzeug': 'Werkzeug', 'jinja2': 'Jinja2', 'markupsafe': 'MarkupSafe',
           'itsdangerous': 'itsdangerous', 'click': 'click', 'blinker': 'blinker'}

_loaded = {'entry': None, 'module': None, 'handler': None, 'missing': None}
_env_keys = set()
HOP_BY_HOP = {'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade'}


def _user_frames_only(exc):
    te = traceback.TracebackException.from_exception(exc)
    frames = [f for f in te.stack if f.filename.startswith(ROOT + '/')]
    te.stack = traceback.StackSummary.from_list(frames)
    text = ''.join(te.format()).replace(ROOT + '/', '')
    where = None
    if frames:
        where = '%s:%d' % (frames[-1].filename[len(ROOT) + 1:], frames[-1].lineno)
    elif isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(ROOT + '/'):
        where = '%s:%d' % (exc.filename[len(ROOT) + 1:], exc.lineno or 0)
    return text, where


def _fail(exc, head_sent):
    stack, where = _user_frames_only(exc)
    message = ''.join(traceback.format_exception_only(exc)).strip().replace(ROOT + '/', '')
    if where and where not in message:
        message += ' (' + where + ')'
    sys.stderr.write(stack)
    bridge.error('FUNCTION_INVOCATION_FAILED', message, stack, head_sent)


def _normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def _missing_requirements():
    path = os.path.join(ROOT, 'requirements.txt')
    if not os.path.exists(path):
        return []
    missing = []
    for line in open(path, encoding='utf-8'):
        line = line.split('#', 1)[0].strip()
        if not line or line.startswith('-'):
            continue
        name = re.split(r'[\s\[<>=!~;@]', line, 1)[0]
        if _normalize(name).replace('-', '') not in {k.replace('-', '') for k in SHIPPED}:
            missing.append(name)
    return missing


def _from_project(mod):
    f = getattr(mod, '__file__', None) or ''
    if f.startswith(ROOT + '/'):
        return True
    # A namespace package (a folder without __init__.py, such as api/) has no file, only its folders.
    paths = getattr(mod, '__path__', None)
    return not f and paths is not None and any(str(p).startswith(ROOT + '/') for p in list(paths))


def files_changed():
    """The worker rewrote /var/task: the next request imports the entry afresh (a new deployment)."""
    for name, mod in list(sys.modules.items()):
        if _from_project(mod):
            del sys.modules[name]
    # The project's folders' finders only (they remember listings, and files are rewritten within one mtime second).
    # Not importlib.invalidate_caches(): it also imports importlib.metadata (email, zipfile, csv, …) for a cache of its
    # own, most of a second on the first run.
    for path in list(sys.path_importer_cache):
        if path == ROOT or path.startswith(ROOT + '/'):
            del sys.path_importer_cache[path]
    _loaded.update(entry=None, module=None, handler=None, missing=None)


def _load(entry):
    if _loaded['entry'] == entry:
        return _loaded['module']
    path = os.path.join(ROOT, entry)
    # The project root only (the current directory, as on Vercel): not the entry's folder, so api/flask.py does not
    # shadow the flask package.
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    name = entry[:-3].replace('/', '.')
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    _loaded.update(entry=entry, module=module, handler=None)
    return module


class HandlerMissing(Exception):
    pass


def _is_async_callable(obj):
    return inspect.iscoroutinefunction(obj) or inspect.iscoroutinefunction(getattr(obj, '__call__', None))


class _VercelLog(BaseHTTPRequestHandler):
    """As Vercel's runtime (vc_init.py's BaseHandler, put before the user's class): the request line goes to stdout,
    an ordinary log line, not to stderr."""

    def log_message(self, format, *args):
        message = format % args
        sys.stdout.write('%s - - [%s] %s\n' % (self.address_string(), self.log_date_time_string(),
                                               message.translate(self._control_char_table)))


def _find_handler(module, entry):
    """Vercel's order: a BaseHTTPRequestHandler subclass named handler/Handler, else app/application/handler as ASGI
    (an async callable, or one with an .asgi attribute) or WSGI."""
    v = vars(module)
    for name in ('handler', 'Handler'):
        h = v.get(name)
        if inspect.isclass(h):
            if issubclass(h, BaseHTTPRequestHandler):
                return 'http', type(h.__name__, (_VercelLog, h), {'__module__': h.__module__, '__qualname__': h.__qualname__})
            raise HandlerMissing('Handler must inherit from BaseHTTPRequestHandler')
    for name in ('app', 'application', 'handler'):
        h = v.get(name)
        if h is None or not callable(h):
            continue
        if hasattr(h, 'asgi') and callable(getattr(h, 'asgi')) and not _is_async_callable(h):
            return 'asgi', h.asgi
        return ('asgi' if _is_async_callable(h) else 'wsgi'), h
    raise HandlerMissing('Could not find a top-level "app", "application", or "handler" in "%s".' % entry)


def _set_env(env):
    for k in _env_keys - set(env):
        os.environ.pop(k, None)
    os.environ.update(env)
    _env_keys.clear()
    _env_keys.update(env)


class _Server:
    server_name = 'localhost'
    server_port = 443


def _run_http(cls, method, target, headers, body):
    raw = ('%s %s HTTP/1.1\r\n' % (method, target)).encode('latin-1')
    for k, v in headers:
        raw += ('%s: %s\r\n' % (k, v)).encode('latin-1')
    raw += b'\r\n' + body
    h = cls.__new__(cls)
    h.request = None
    h.client_address = ('127.0.0.1', 0)
    h.server = _Server()
    h.rfile = io.BytesIO(raw)
    h.wfile = io.BytesIO()
    h.close_connection = True
    h.handle_one_request()
    out = h.wfile.getvalue()
    if not out:
        bridge.no_response()
        return
    head, _, payload = out.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    parts = lines[0].split(' ', 2)
    status = int(parts[1])
    reason = parts[2] if len(parts) > 2 else ''
    hs = []
    for line in lines[1:]:
        k, _, val = line.partition(':')
        if k.strip().lower() not in HOP_BY_HOP:
            hs.append([k.strip(), val.strip()])
    bridge.head(status, reason, json.dumps(hs))
    if payload and method != 'HEAD':
        bridge.chunk(to_js(payload))


def _run_wsgi(app, method, target, headers, body):
    path, _, query = target.partition('?')
    environ = {
        'REQUEST_METHOD': method, 'SCRIPT_NAME': '', 'PATH_INFO': unquote(path, 'latin-1'), 'QUERY_STRING': query,
        'SERVER_NAME': 'localhost', 'SERVER_PORT': '443', 'SERVER_PROTOCOL': 'HTTP/1.1', 'REMOTE_ADDR': '127.0.0.1',
        'wsgi.version': (1, 0), 'wsgi.url_scheme': 'https', 'wsgi.input': io.BytesIO(body), 'wsgi.errors': sys.stderr,
        'wsgi.multithread': False, 'wsgi.multiprocess': False, 'wsgi.run_once': False,
    }
    for k, v in headers:
        key = k.upper().replace('-', '_')
        if key in ('CONTENT_TYPE', 'CONTENT_LENGTH'):
            environ[key] = v
        else:
            name = 'HTTP_' + key
            environ[name] = environ[name] + ',' + v if name in environ else v
    if body and 'CONTENT_LENGTH' not in environ:
        environ['CONTENT_LENGTH'] = str(len(body))
    started = {}
    written = []

    def start_response(status, response_headers, exc_info=None):
        if exc_info and started.get('sent'):
            raise exc_info[1].with_traceback(exc_info[2])
        started['status'] = status
        started['headers'] = response_headers
        return written.append

    result = app(environ, start_response)
    try:
        chunks = list(written)
        for data in result:
            if data:
                chunks.append(data)
    finally:
        if hasattr(result, 'close'):
            result.close()
    if 'status' not in started:
        raise RuntimeError('The WSGI application did not call start_response.')
    code, _, reason = started['status'].partition(' ')
    hs = [[k, v] for k, v in started['headers'] if k.lower() not in HOP_BY_HOP]
    started['sent'] = True
    bridge.head(int(code), reason, json.dumps(hs))
    payload = b''.join(chunks)
    if payload and method != 'HEAD':
        bridge.chunk(to_js(payload))


async def _run_asgi(app, method, target, headers, body):
    path, _, query = target.partition('?')
    scope = {
        'type': 'http', 'asgi': {'version': '3.0', 'spec_version': '2.3'}, 'http_version': '1.1',
        'method': method, 'scheme': 'https', 'path': unquote(path), 'raw_path': path.encode('latin-1'),
        'query_string': query.encode('latin-1'), 'root_path': '',
        'headers': [(k.lower().encode('latin-1'), v.encode('latin-1')) for k, v in headers],
        'client': ('127.0.0.1', 0), 'server': ('localhost', 443), 'state': {},
    }
    done = asyncio.get_running_loop().create_future()
    state = {'received': False, 'started': False}

    async def receive():
        if not state['received']:
            state['received'] = True
            return {'type': 'http.request', 'body': body, 'more_body': False}
        await done
        return {'type': 'http.disconnect'}

    async def send(message):
        kind = message['type']
        if kind == 'http.response.start':
            state['started'] = True
            hs = [[k.decode('latin-1'), v.decode('latin-1')] for k, v in message.get('headers', [])]
            hs = [h for h in hs if h[0].lower() not in HOP_BY_HOP]
            bridge.head(int(message['status']), '', json.dumps(hs))
        elif kind == 'http.response.body':
            data = message.get('body', b'')
            if data and method != 'HEAD':
                bridge.chunk(to_js(data))
            if not message.get('more_body', False) and not done.done():
                done.set_result(None)
        bridge.flush()  # the app's code runs on after this: what it sent goes now

    try:
        await app(scope, receive, send)
    finally:
        if not done.done():
            done.set_result(None)
    if not state['started']:
        bridge.no_response()


def invoke(entry, method, target, headers_json, body, env_json='{}'):
    """One request. A BaseHTTPRequestHandler or WSGI app runs here and now; for an ASGI app the coroutine that runs it
    is returned, for the worker to await: a request that awaits nothing costs no turn of the event loop."""
    os.chdir(ROOT)
    _set_env(json.loads(env_json))
    headers = json.loads(headers_json)
    body = body.to_bytes() if body is not None else b''
    # Read once per deployment (files_changed resets it).
    if _loaded['missing'] is None:
        _loaded['missing'] = _missing_requirements()
    missing = _loaded['missing']
    if missing:
        shipped = ', '.join(SHIPPED.values())
        names = ', '.join(missing)
        bridge.error('PACKAGE_NOT_AVAILABLE',
                     'requirements.txt asks for %s, which the playground does not ship: it runs offline and installs '
                     'nothing. It has the standard library and %s.' % (names, shipped), '', False)
        return
    try:
        module = _load(entry)
        # Found once per import, as Vercel does at its start.
        if _loaded['handler'] is None:
            _loaded['handler'] = _find_handler(module, entry)
        kind, handler = _loaded['handler']
    except HandlerMissing as e:
        print(str(e), file=sys.stderr)
        bridge.error('FUNCTION_INVOCATION_FAILED', str(e), '', False)
        return
    except BaseException as e:
        _fail(e, False)
        return
    if kind == 'asgi':
        return _invoke_asgi(handler, method, target, headers, body)
    try:
        if kind == 'http':
            _run_http(handler, method, target, headers, body)
        else:
            _run_wsgi(handler, method, target, headers, body)
    except BaseException as e:
        _fail(e, bridge.head_sent())
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


async def _invoke_asgi(app, method, target, headers, body):
    try:
        await _run_asgi(app, method, target, headers, body)
    except BaseException as e:
        _fail(e, bridge.head_sent())
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
`;
