// The Python memory snapshot: Pyodide's wasm memory after CPython started and imported what every handler needs,
// made at build time in Node (src/server/python-snapshot.ts) from the very pyodide files the page serves, and loaded
// by the worker instead of starting CPython afresh. One table for both sides: what the snapshot holds must match
// what the worker would have done without it.

/** Served at /languages/python/<file>, gzip-compressed (31 MB of memory → about 7 MB). `.gzip`, not `.gz`: servers
 * announce a `.gz` as `Content-Encoding: gzip` and the browser would inflate it before the worker sees it. */
export const PYTHON_SNAPSHOT_FILE = 'python-snapshot.bin.gzip';

/** loadPyodide's environment, the same with and without the snapshot (os.environ is in the snapshot's memory). */
export const PYTHON_ENV: Record<string, string> = { HOME: '/tmp' };

/** Imported before the memory is saved: the runner's own imports (workers/python/runner-py.ts, which itself needs the
 * worker's JS bridge and so is imported after a start) and the standard library a handler most often uses. Flask
 * stays lazy: it comes from site-packages.zip, which is not on sys.path until the worker writes it. */
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
