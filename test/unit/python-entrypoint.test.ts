// Vercel's zero-config Python app (runtime-spec-2026 §2.5): the preset, the entrypoint search order, the top-level
// names it accepts, and how requests are routed to it.
import { describe, expect, it } from 'vitest';
import { findAppOrHandler, missingEntrypoint, PYTHON_CANDIDATE_ENTRYPOINTS, pythonApp, pythonPreset } from '../../src/lib/project/python-entrypoint';
import { matchRoute } from '../../src/lib/project/routes';
import { resolveRuntime } from '../../src/lib/project/resolve-runtime';
import { formatReason } from '../../src/lib/project/runtime-reason';

const FLASK = "from flask import Flask\napp = Flask(__name__)\n";
const REQ = { 'requirements.txt': 'Flask==3.0.3\n' };

describe('§2.5 the Python preset', () => {
  it('Flask or FastAPI by a dependency in requirements.txt, pyproject.toml or Pipfile; FastAPI first in the list', () => {
    expect(pythonPreset({ 'requirements.txt': 'flask\n' })).toBe('flask');
    expect(pythonPreset({ 'pyproject.toml': '[project]\ndependencies = ["Flask>=3"]\n' })).toBe('flask');
    expect(pythonPreset({ Pipfile: '[packages]\nfastapi = "*"\n' })).toBe('fastapi');
    expect(pythonPreset({ 'requirements.txt': 'flask\nfastapi\n' })).toBe('fastapi');
  });

  it('the generic Python preset for any manifest; none without one, for a Next.js project, or for Django', () => {
    expect(pythonPreset({ 'requirements.txt': 'cowpy\n' })).toBe('python');
    expect(pythonPreset({ 'app.py': FLASK })).toBeNull();
    expect(pythonPreset({ ...REQ, 'package.json': '{"dependencies":{"next":"15.1.12"}}' })).toBeNull();
    expect(pythonPreset({ 'requirements.txt': 'Django==5\n' })).toBeNull();
  });

  it('vercel.json `framework` wins: a Python preset named there, null ("Other") turns it off', () => {
    expect(pythonPreset({ 'vercel.json': '{"framework":"flask"}' })).toBe('flask');
    expect(pythonPreset({ ...REQ, 'vercel.json': '{"framework":null}' })).toBeNull();
    expect(pythonPreset({ ...REQ, 'vercel.json': '{"framework":"nextjs"}' })).toBeNull();
  });
});

describe('§2.5 the entrypoint search', () => {
  it("searches ['', 'src', 'app', 'api'] × app, index, server, main, wsgi, asgi, in that order", () => {
    expect(PYTHON_CANDIDATE_ENTRYPOINTS.slice(0, 7)).toEqual(['app.py', 'index.py', 'server.py', 'main.py', 'wsgi.py', 'asgi.py', 'src/app.py']);
    expect(PYTHON_CANDIDATE_ENTRYPOINTS).toHaveLength(24);
    expect(PYTHON_CANDIDATE_ENTRYPOINTS.at(-1)).toBe('api/asgi.py');
    // A file name beats a folder: root main.py before src/app.py; src/ before api/.
    expect(pythonApp({ ...REQ, 'src/app.py': FLASK, 'main.py': FLASK })?.entrypoint).toBe('main.py');
    expect(pythonApp({ ...REQ, 'api/index.py': FLASK, 'src/main.py': FLASK })?.entrypoint).toBe('src/main.py');
  });

  it('a candidate without a top-level app is skipped; a file outside the list is never the app', () => {
    const files = { ...REQ, 'app.py': 'def helper():\n    return 1\n', 'src/server.py': FLASK, 'web/app.py': FLASK };
    expect(pythonApp(files)).toEqual({ preset: 'flask', entrypoint: 'src/server.py', variable: 'app', how: 'search' });
    expect(pythonApp({ ...REQ, 'web/app.py': FLASK })).toBeNull();
  });

  it('pyproject.toml [tool.vercel] entrypoint first, [project.scripts] app last', () => {
    const tool = '[project]\ndependencies = ["flask"]\n\n[tool.vercel]\nentrypoint = "web.site:server"\n';
    expect(pythonApp({ 'pyproject.toml': tool, 'web/site.py': 'server = 1\n', 'app.py': FLASK })).toMatchObject({ entrypoint: 'web/site.py', variable: 'server', how: 'tool.vercel.entrypoint' });
    const scripts = '[project]\ndependencies = ["flask"]\n\n[project.scripts]\napp = "web:application"\n';
    expect(pythonApp({ 'pyproject.toml': scripts, 'web/__init__.py': 'application = 1\n' })).toMatchObject({ entrypoint: 'web/__init__.py', how: 'project.scripts' });
    expect(pythonApp({ 'pyproject.toml': scripts, 'web/__init__.py': 'application = 1\n', 'index.py': FLASK })?.entrypoint).toBe('index.py');
  });

  it.each([
    ['app = Flask(__name__)', 'app'],
    ['app: FastAPI = FastAPI()', 'app'],
    ['application = get_wsgi_application()', 'application'],
    ['async def app(scope, receive, send):\n    pass', 'app'],
    ['def application(environ, start_response):\n    pass', 'application'],
    ['from server import app', 'app'],
    ['from server import application as app', 'app'],
    ['from web import (\n    make,\n    app,\n)', 'app'],
    ['class handler(BaseHTTPRequestHandler):\n    pass', 'handler'],
    ['class Handler(BaseHTTPRequestHandler):\n    pass', 'Handler'],
  ])('a top-level entrypoint: %s', (source, name) => {
    expect(findAppOrHandler(source)).toBe(name);
  });

  it.each([
    ['def make():\n    app = Flask(__name__)\n    return app'],
    ['if app == 1:\n    pass'],
    ['import app'],
    ['apps = []'],
    ['my_app = Flask(__name__)'],
  ])('not an entrypoint: %s', (source) => {
    expect(findAppOrHandler(source)).toBeNull();
  });
});

describe('§2.5 routing to the app', () => {
  const files = { ...REQ, 'app.py': FLASK, 'api/hello.py': 'class handler: pass\n', 'api/time.js': 'export default (req, res) => res.end()' };

  it('every path the other functions do not answer goes to the app; api/*.py are not functions of their own', () => {
    expect(matchRoute(files, '/')).toBe('app.py');
    expect(matchRoute(files, '/users/42?x=1')).toBe('app.py');
    expect(matchRoute(files, '/api/hello')).toBe('app.py');
    expect(matchRoute(files, '/api/time')).toBe('api/time.js');
  });

  it('without a preset a root app.py is nothing and api/*.py route by their path, as before', () => {
    const bare = { 'app.py': FLASK, 'api/hello.py': 'class handler: pass\n' };
    expect(matchRoute(bare, '/')).toBeNull();
    expect(matchRoute(bare, '/api/hello')).toBe('api/hello.py');
  });

  it('the app runs on Python and says why; an api/*.py beside it is warned about', () => {
    const app = resolveRuntime(files, 'app.py');
    expect(app.ok && app.runtime).toBe('python');
    expect(app.ok && formatReason(app.because)).toBe(
      "app.py is the project's Flask app (top-level \"app\", the first of Vercel's Python entrypoints: app, index, server, main, wsgi, asgi .py in the root, then src/, app/, api/): it serves every path no other function answers",
    );
    // app/main.py is the app, not a Next.js App Router file.
    const nested = resolveRuntime({ ...REQ, 'app/main.py': FLASK }, 'app/main.py');
    expect(nested.ok && nested.runtime).toBe('python');
    const hello = resolveRuntime(files, 'api/hello.py');
    expect(hello.ok && hello.warnings).toEqual(['Under the Flask preset Vercel builds no function from api/hello.py: app.py serves every path.']);
  });

  it("a preset without an entrypoint: Vercel's build error, with the file elsewhere it suggests", () => {
    const files = { ...REQ, 'api/flask.py': FLASK };
    expect(missingEntrypoint(files)).toEqual({
      code: 'FLASK_ENTRYPOINT_NOT_FOUND',
      message:
        'No Flask entrypoint found in default locations, but found potential entrypoints:\n  api/flask.py (variable: app)\n\nAdd this to your pyproject.toml:\n\n[tool.vercel]\nentrypoint = "api.flask:app"',
    });
    expect(missingEntrypoint({ ...REQ, 'main.py': 'print(1)\n' })?.message).toBe('Found main.py but it does not define a top-level "app" Flask instance.');
    expect(missingEntrypoint({ 'requirements.txt': 'cowpy\n' })?.message).toMatch(/^No python entrypoint found\. Set "tool\.vercel\.entrypoint" in pyproject\.toml or define an entrypoint in one of: app\.py, index\.py, /);
    expect(missingEntrypoint({ ...REQ, 'app.py': FLASK })).toBeNull();
    const warned = resolveRuntime(files, 'api/flask.py');
    expect(warned.ok && warned.warnings[0]).toContain('then its build fails: FLASK_ENTRYPOINT_NOT_FOUND');
  });
});
