// Examples from Vercel's Node.js runtime docs: the helpers (`req.query`, `req.cookies`, `req.body`), TypeScript types,
// the request-body table, legacy handler forms (callback, AWS Lambda, serverful), a build step, included files,
// `NODEJS_HELPERS=0` and `engines.node`.
import type { Example } from './types';

const GROUP = 'Vercel Node.js functions' as const;

export const VERCEL_NODE_EXAMPLES: Example[] = [
  {
    id: 'vercel-hello',
    title: "Vercel's `req.query` hello",
    group: GROUP,
    look: 'A default export `(req, res)` in `api/` is a Vercel function on Node.js, and `req.query` is a helper Vercel adds: the body is `Hello Ada!`. Remove `?name=Ada` from the URL and it says `Hello World!`.',
    source: 'Vercel docs, Official Runtimes: Node.js (H01, H12)',
    files: { 'api/hello.js': "module.exports = (req, res) => {\n  const { name = 'World' } = req.query;\n  res.send(`Hello ${name}!`);\n};\n" },
    open: 'api/hello.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/hello?name=Ada' }],
  },
  {
    id: 'vercel-helpers',
    title: '`req.body`, `req.query` and `req.cookies`',
    group: GROUP,
    look: 'The handler takes `who` from the JSON body, else the query, else a cookie: each of the three requests answers `Hello Ada!`, `Hello Grace!` or `Hello Linus!` from a different helper. The helpers are parsed lazily, on first read, and only on Node.js: an edge function reads the Web `Request` instead.',
    source: 'Vercel docs, Node.js runtime: Node.js helpers (H01, H03, H05)',
    files: {
      'api/who.js': `module.exports = (request, response) => {
  let who = 'anonymous';
  if (request.body && request.body.who) {
    who = request.body.who;
  } else if (request.query.who) {
    who = request.query.who;
  } else if (request.cookies.who) {
    who = request.cookies.who;
  }
  response.status(200).send(\`Hello \${who}!\`);
};
`,
    },
    open: 'api/who.js',
    requests: [
      { label: 'JSON body', method: 'POST', url: '/api/who', bodyType: 'json', body: '{"who":"Ada"}' },
      { label: 'query', method: 'GET', url: '/api/who?who=Grace' },
      { label: 'cookie', method: 'GET', url: '/api/who', cookies: [['who', 'Linus']] },
    ],
  },
  {
    id: 'vercel-typescript',
    title: 'TypeScript: `VercelRequest` and `VercelResponse`',
    group: GROUP,
    look: 'The types come from `@vercel/node` and are erased at build, so nothing is installed and the function runs as the JavaScript one does: `Hello Ada!`. Hover `request.query` in the editor to see the helper it types.',
    source: 'Vercel docs, Node.js runtime: Using TypeScript',
    files: {
      'api/hello.ts': `import type { VercelRequest, VercelResponse } from '@vercel/node';

export default function handler(request: VercelRequest, response: VercelResponse) {
  const { name = 'World' } = request.query;
  response.send(\`Hello \${name}!\`);
}
`,
    },
    open: 'api/hello.ts',
    requests: [{ label: 'GET', method: 'GET', url: '/api/hello?name=Ada' }],
  },
  {
    id: 'vercel-malformed-json',
    title: 'Malformed JSON caught with `try…catch`',
    group: GROUP,
    look: 'The request claims `application/json` but its body is broken, so reading `request.body` throws and the handler answers its own 400 `My custom 400 error`. Without the `try…catch` the throw is uncaught and Vercel answers 500 `FUNCTION_INVOCATION_FAILED`.',
    source: 'Vercel docs, Node.js runtime: request body (H06, H07)',
    files: {
      'api/parse.js': `module.exports = (request, response) => {
  let body;
  try {
    body = request.body;
  } catch (error) {
    return response.status(400).json({ error: 'My custom 400 error' });
  }
  response.status(200).json({ body });
};
`,
    },
    open: 'api/parse.js',
    requests: [{ label: 'broken JSON', method: 'POST', url: '/api/parse', headers: [['content-type', 'application/json']], bodyType: 'text', body: '{"who": "Ada"' }],
  },
  {
    id: 'vercel-request-body',
    title: '`req.body` by content type (one request each)',
    group: GROUP,
    look: 'Send each request in turn: JSON becomes an object, a form an object of strings, `text/plain` a string and `application/octet-stream` a Buffer. A request without a content type gets `undefined` (shown as `null` in the JSON), as does any type the helpers do not parse, such as `application/xml`.',
    source: 'Vercel docs, Node.js runtime: the request body table (H04, H05, H08, H09, H10)',
    files: {
      'api/body.js': `module.exports = (req, res) => {
  const body = req.body;
  res.json({
    contentType: req.headers['content-type'] ?? null,
    type: Buffer.isBuffer(body) ? 'Buffer' : typeof body,
    body: Buffer.isBuffer(body) ? [...body] : body ?? null,
  });
};
`,
    },
    open: 'api/body.js',
    requests: [
      { label: 'application/json', method: 'POST', url: '/api/body', bodyType: 'json', body: '{"x":1}' },
      { label: 'x-www-form-urlencoded', method: 'POST', url: '/api/body', bodyType: 'form', body: 'a=1&a=2&b=x+y' },
      { label: 'text/plain', method: 'POST', url: '/api/body', headers: [['content-type', 'text/plain']], bodyType: 'text', body: 'hello' },
      { label: 'octet-stream', method: 'POST', url: '/api/body', bodyType: 'binary', body: '01 02 ff' },
      { label: 'no content type', method: 'POST', url: '/api/body' },
      { label: 'application/xml', method: 'POST', url: '/api/body', headers: [['content-type', 'application/xml']], bodyType: 'text', body: '<a>1</a>' },
    ],
  },
  {
    id: 'vercel-callback',
    title: 'The old callback-style handler',
    group: GROUP,
    look: "Vercel's old Node.js docs showed `module.exports = (request, callback) => …`, but today's runtime calls every default export as `(req, res)`. So `callback` is the response object and the call fails: 500 `FUNCTION_INVOCATION_FAILED` with `TypeError: callback is not a function`.",
    source: 'Vercel docs (legacy), Official Runtimes: Callback Function',
    files: {
      'api/callback.js': `module.exports = (request, callback) => {
  Promise.resolve('done').then((result) => callback(null, result));
};
`,
    },
    open: 'api/callback.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/callback' }],
  },
  {
    id: 'aws-lambda-handler',
    title: 'AWS Lambda handler with `NODEJS_AWS_HANDLER_NAME`',
    group: GROUP,
    look: 'The environment variable `NODEJS_AWS_HANDLER_NAME=handler` (Env tab) makes Vercel call `exports.handler(event, context)` as AWS Lambda does: status 201, the `x-handler` header and the body come from the object it returns. Such a function does not stream: the whole body arrives as one chunk.',
    source: 'Vercel docs, Node.js runtime: AWS Lambda API (H24)',
    files: {
      'api/lambda.js': `exports.handler = async (event, context) => {
  return {
    statusCode: 201,
    headers: { 'x-handler': context.functionName },
    body: JSON.stringify({ method: event.httpMethod, path: event.path }),
  };
};
`,
    },
    open: 'api/lambda.js',
    env: { NODEJS_AWS_HANDLER_NAME: 'handler' },
    requests: [{ label: 'GET', method: 'GET', url: '/api/lambda' }],
  },
  {
    id: 'serverful-export',
    title: 'Serverful: export an `http.createServer` server',
    group: GROUP,
    look: 'The module exports a Node `http.Server` instead of a handler, and Vercel hands each request to it: the body says `served by http.Server: /api/server?x=1`. No helpers here: `req` and `res` are plain Node objects, so `req.query` is undefined.',
    source: 'Vercel Node.js runtime, legacy serverful mode (H23, H25)',
    files: {
      'api/server.js': `const http = require('http');

module.exports = http.createServer((req, res) => {
  res.end(\`served by http.Server: \${req.url}, req.query is \${typeof req.query}\`);
});
`,
    },
    open: 'api/server.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/server?x=1' }],
  },
  {
    id: 'serverful-listen',
    title: 'Serverful: `http.createServer(h).listen(3000)`',
    group: GROUP,
    look: 'The module starts its own server on port 3000 at load time, and Vercel stubs `listen`, ignores the port and routes requests to that server: the body is `listening: /api/listen`. Change 3000 to any other port: the answer stays the same.',
    source: 'Vercel Node.js runtime, legacy serverful mode (H25)',
    files: {
      'api/listen.js': `const http = require('http');

http.createServer((req, res) => res.end('listening: ' + req.url)).listen(3000);
`,
    },
    open: 'api/listen.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/listen' }],
  },
  {
    id: 'build-step',
    title: 'A build step writes `built-time.js`',
    group: GROUP,
    look: "`package.json`'s `vercel-build` script runs `node build.js` before the function is built, and the console shows its output. The function reads the `built-time.js` it wrote: the body says when it was built, and stays the same until you change a file.",
    source: 'Vercel docs, Node.js runtime: Using a build step',
    files: {
      'package.json': JSON.stringify({ scripts: { 'vercel-build': 'node ./build.js' } }, null, 2) + '\n',
      'build.js': `const fs = require('fs');

fs.writeFileSync('built-time.js', \`module.exports = '\${new Date().toISOString()}';\\n\`);
console.log('Build time file created successfully!');
`,
      'api/index.js': `const fs = require('fs');
const path = require('path');

module.exports = (request, response) => {
  // built-time.js exists only after the build step: read it at run time.
  const source = fs.readFileSync(path.join(__dirname, '..', 'built-time.js'), 'utf8');
  const builtAt = source.match(/'(.+)'/)[1];
  response.setHeader('content-type', 'text/plain');
  response.send(\`This Serverless Function was built at \${new Date(builtAt).toISOString()}\`);
};
`,
    },
    open: 'api/index.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api' }],
  },
  {
    id: 'dirname-include-files',
    title: 'Read a file beside the function: `__dirname` and `includeFiles`',
    group: GROUP,
    look: '`__dirname` is the function\'s own folder, and the file it reads is in the function only because `vercel.json` lists `data/**` in `includeFiles` (its name is not a literal, so Vercel cannot see it): the body is `Hello from data/greeting.txt`. Remove `includeFiles` and the read fails with `ENOENT`.',
    source: 'Vercel docs, Node.js runtime: reading relative files; vercel.json functions.includeFiles',
    files: {
      'vercel.json': JSON.stringify({ functions: { 'api/read.js': { includeFiles: 'data/**' } } }, null, 2) + '\n',
      'data/greeting.txt': 'Hello from data/greeting.txt\n',
      'api/read.js': `const { readFileSync } = require('fs');
const { join } = require('path');

module.exports = (req, res) => {
  const name = req.query.file || 'greeting.txt';
  res.setHeader('content-type', 'text/plain');
  res.send(readFileSync(join(__dirname, '..', 'data', name), 'utf8'));
};
`,
    },
    open: 'api/read.js',
    requests: [{ label: 'GET', method: 'GET', url: '/api/read' }],
  },
  {
    id: 'nodejs-helpers-off',
    title: '`NODEJS_HELPERS=0`: no helpers',
    group: GROUP,
    look: 'With `NODEJS_HELPERS=0` in the Env tab, `req` and `res` are plain Node objects: the body shows `req.query` and `res.status` as undefined. Delete the variable and run again: both are there.',
    source: 'Vercel docs, Node.js runtime: disabling helpers (H22)',
    files: {
      'api/plain.js': `module.exports = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ query: typeof req.query, status: typeof res.status }));
};
`,
    },
    open: 'api/plain.js',
    env: { NODEJS_HELPERS: '0' },
    requests: [{ label: 'GET', method: 'GET', url: '/api/plain?a=1' }],
  },
  {
    id: 'engines-node',
    title: '`engines.node` picks the Node.js version',
    group: GROUP,
    look: '`"engines": { "node": "22.x" }` in package.json makes Vercel build with Node.js 22.x, and the badge says so after the run. Try `"20.x"` (discontinued on 2026-10-01, so the build fails) or `">=22"` (a warning that it upgrades by itself).',
    source: 'Vercel docs, Supported Node.js versions (2026 addendum §2.4)',
    files: {
      'package.json': JSON.stringify({ engines: { node: '22.x' } }, null, 2) + '\n',
      'api/version.js': "module.exports = (req, res) => res.send(`Running on Node.js ${process.version}`);\n",
    },
    open: 'package.json',
    requests: [{ label: 'GET', method: 'GET', url: '/api/version' }],
  },
];
