// The host-page helper: RuntimePlayground.embed(target, options) frames the playground and drives its embed API
// (version 1) with promises. Plain JS, no dependencies; served as /embed.js.
(() => {
  const script = document.currentScript;
  const scriptOrigin = script && script.src ? new URL(script.src).origin : null;
  /** URL options of the embed page: option name → how it is written (presence flags are written bare). */
  const URL_OPTIONS = { view: 'value', theme: 'value', runtime: 'value', file: 'value', example: 'value', readonly: 'flag', clickToLoad: 'flag' };
  const LOAD_KEYS = ['files', 'path', 'plan', 'nextVersion', 'platform', 'env', 'limits'];
  let embeds = 0;

  function answerError(error) {
    const e = new Error((error && error.message) || 'The playground refused the request');
    e.code = (error && error.code) || 'PLAYGROUND_ERROR';
    return e;
  }

  function embedUrl(origin, options) {
    const url = new URL('/', origin);
    let search = 'embed';
    for (const [name, kind] of Object.entries(URL_OPTIONS)) {
      const value = options[name];
      if (value === undefined || value === null || value === false) continue;
      search += '&' + encodeURIComponent(name) + (kind === 'flag' ? '' : '=' + encodeURIComponent(value));
    }
    for (const [name, value] of Object.entries(options.params || {})) search += '&' + encodeURIComponent(name) + '=' + encodeURIComponent(value);
    url.search = search;
    return url.href;
  }

  function embed(target, options = {}) {
    const container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) return Promise.reject(new Error('RuntimePlayground.embed: no element matches ' + target));
    const origin = options.origin ? new URL(options.origin).origin : scriptOrigin;
    if (!origin) return Promise.reject(new Error('RuntimePlayground.embed: pass `origin` (the playground it frames)'));

    const prefix = 'rp' + ++embeds + '-' + Math.random().toString(36).slice(2, 8) + '-';
    let seq = 0;
    const pending = new Map(); // 'answer type id' → { id, answer, promise, resolve, reject }
    const listeners = { resize: new Set(), result: new Set(), ready: new Set() };
    let destroyed = false;
    // Where messages go: the playground's origin, or any when the frame is sandboxed without allow-same-origin (its
    // origin is then opaque, so its replies come from 'null' and a targeted post would be dropped).
    let frameOrigin = origin;

    const iframe = document.createElement('iframe');
    iframe.src = embedUrl(origin, options);
    iframe.title = options.title || 'Runtime Playground';
    iframe.allow = 'cross-origin-isolated';
    iframe.style.cssText = 'display:block;width:100%;border:0';
    iframe.style.height = options.height ? (typeof options.height === 'number' ? options.height + 'px' : options.height) : '480px';

    const emit = (event, value) => {
      for (const fn of listeners[event]) {
        try {
          fn(value);
        } catch (e) {
          setTimeout(() => { throw e; });
        }
      }
    };

    /** Posts `message` and waits for its answer; `id` defaults to a fresh one (a stop carries the run's). */
    function send(message, answer, id = prefix + ++seq) {
      if (destroyed) return Promise.reject(new Error('This playground embed was destroyed'));
      const key = answer + ' ' + id;
      if (pending.has(key)) return pending.get(key).promise;
      const entry = { id, answer };
      entry.promise = new Promise((resolve, reject) => Object.assign(entry, { resolve, reject }));
      entry.promise.id = id; // run(…).id names the run for stop(id)
      pending.set(key, entry);
      iframe.contentWindow.postMessage({ ...message, id }, frameOrigin);
      return entry.promise;
    }

    let onReady;
    const ready = new Promise((resolve) => (onReady = resolve));

    function onMessage(event) {
      if (event.source !== iframe.contentWindow || (event.origin !== origin && event.origin !== 'null')) return;
      const data = event.data;
      if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
      if (data.type === 'playground:ready') {
        frameOrigin = event.origin === 'null' ? '*' : origin;
        onReady();
        return emit('ready', { version: data.version });
      }
      if (data.type === 'playground:resize') {
        if (typeof data.height !== 'number' || !(data.height >= 0)) return;
        if (!options.height) iframe.style.height = data.height + 'px';
        return emit('resize', { height: data.height });
      }
      const key = data.type + ' ' + data.id;
      const waiting = pending.get(key);
      if (!waiting) return;
      pending.delete(key);
      if (data.type === 'playground:loaded' || data.type === 'playground:fileSet') {
        if (data.ok) waiting.resolve(data.type === 'playground:loaded' ? { profile: data.profile } : undefined);
        else waiting.reject(answerError(data.error));
      } else if (data.type === 'playground:result') {
        if (!Array.isArray(data.results)) return waiting.reject(answerError({ code: 'INVALID_MESSAGE', message: 'The playground answered without results' }));
        waiting.resolve(data.results);
        emit('result', data.results);
      } else if (data.type === 'playground:state') {
        waiting.resolve({ files: data.files, path: data.path });
      } else {
        waiting.resolve(data.stopped);
      }
    }
    window.addEventListener('message', onMessage);

    /** `playground:load` of { files, path?, plan?, nextVersion?, platform?, env?, limits? }; resolves to { profile }. */
    const load = (project) => {
      const message = { type: 'playground:load' };
      for (const key of LOAD_KEYS) if (project[key] !== undefined) message[key] = project[key];
      return send(message, 'playground:loaded');
    };

    const api = {
      iframe,
      load,
      /** `{ method, url, headers?, body?, path?, runtime? }` → the `results` array (a failed run is a result with `error`). */
      run(request) {
        const { path, runtime, ...req } = request;
        if (req.headers && !Array.isArray(req.headers)) req.headers = Object.entries(req.headers);
        return send({ type: 'playground:run', path, runtime, request: req }, 'playground:result');
      },
      getState: () => send({ type: 'playground:getState' }, 'playground:state'),
      setFile: (path, source) => send({ type: 'playground:setFile', path, source }, 'playground:fileSet'),
      /** Stops the run with that id (or the promise run returned), or every run in flight. */
      stop(id) {
        if (id && typeof id === 'object') id = id.id;
        const ids = id !== undefined ? [id] : [...pending.values()].filter((p) => p.answer === 'playground:result').map((p) => p.id);
        return Promise.all(ids.map((runId) => send({ type: 'playground:stop' }, 'playground:stopped', runId).catch(() => false)));
      },
      on(event, fn) {
        if (!listeners[event]) throw new Error('RuntimePlayground: unknown event ' + event + ' (resize, result, ready)');
        listeners[event].add(fn);
        return () => listeners[event].delete(fn);
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        window.removeEventListener('message', onMessage);
        iframe.remove();
        for (const p of pending.values()) p.reject(new Error('This playground embed was destroyed'));
        pending.clear();
      },
    };

    container.appendChild(iframe);
    // A playground that never says ready (a wrong origin, a host that may not frame it, no network) rejects after
    // `timeout` ms and leaves no frame behind. The embed page answers ready at once, before anything heavy loads.
    const timeoutMs = options.timeout === undefined ? 30000 : options.timeout;
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => {
        api.destroy();
        reject(answerError({ code: 'EMBED_TIMEOUT', message: 'The playground at ' + origin + ' did not answer within ' + timeoutMs + ' ms' }));
      }, timeoutMs);
    });
    // Resolves on ready, not on the load: an embed starts when scrolled into view (or clicked, with clickToLoad),
    // and answers its first load then; `loaded` settles with that answer.
    return Promise.race([ready, timedOut]).then(() => {
      clearTimeout(timer);
      if (options.files) {
        api.loaded = load(options);
        api.loaded.catch(() => {}); // rejects for whoever awaits it, never unhandled
      } else api.loaded = Promise.resolve(null);
      return api;
    });
  }

  window.RuntimePlayground = { embed, version: 1 };
})();
