// Vercel's zero-config Python app: under a Python framework preset (Flask, FastAPI, the generic Python preset), one
// file with a top-level `app` serves every path of the deployment. The preset's detectors and the entrypoint search as
// vercel/vercel reads them (@17d9eba): packages/frameworks/src/frameworks.ts (detectors, `supersedes`, `ignoreRuntimes`),
// packages/fs-detectors/src/detect-builders.ts, packages/python/src/entrypoint.ts (`detectPythonEntrypoint`) and
// packages/python-analysis/crates/vercel_python_analysis/src/entrypoint.rs (`find_app_or_handler`). Pure: no I/O.
import type { Files } from '../../../workers/protocol';

export const PYTHON_ENTRYPOINT_DIRS = ['', 'src', 'app', 'api'] as const;
export const PYTHON_ENTRYPOINT_FILENAMES = ['app', 'index', 'server', 'main', 'wsgi', 'asgi'] as const;
/** Searched in this order: every file name in the root, then in src/, app/, api/. */
export const PYTHON_CANDIDATE_ENTRYPOINTS: readonly string[] = PYTHON_ENTRYPOINT_DIRS.flatMap((dir) => PYTHON_ENTRYPOINT_FILENAMES.map((name) => (dir ? `${dir}/` : '') + `${name}.py`));

/** The presets whose app the playground can run (Django is not shipped here, FastHTML's preset names main.py itself). */
export type PythonPreset = 'fastapi' | 'flask' | 'python';

/** As the playground names them. */
export const PRESET_LABELS: Record<PythonPreset, string> = { fastapi: 'FastAPI', flask: 'Flask', python: 'Python' };
/** As Vercel's messages name them (`getFrameworkDisplayName`: the generic preset keeps its slug). */
export const PRESET_NAMES: Record<PythonPreset, string> = { fastapi: 'FastAPI', flask: 'Flask', python: 'python' };

/** Where the dependencies are declared, as the presets' detectors read them (root only). */
const MANIFESTS = ['requirements.txt', 'pyproject.toml', 'Pipfile'] as const;

/** Detectors in the frameworks list's order; the first that matches wins, and each supersedes the generic `python`. */
const DETECTORS: [PythonPreset, RegExp][] = [
  ['fastapi', /fastapi/],
  ['flask', /[Ff]lask/],
];

function readJson(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The project's Python framework preset, as a first deployment detects it: `framework` in vercel.json when set (null
 * there is "Other"); else none for a Next.js project (detected before any Python preset); else FastAPI or Flask by a
 * dependency in requirements.txt, pyproject.toml or Pipfile; else the generic Python preset when one of those exists.
 */
export function pythonPreset(files: Files): PythonPreset | null {
  const vercel = readJson(files['vercel.json']);
  if (vercel && 'framework' in vercel) {
    const framework = vercel.framework;
    return framework === 'fastapi' || framework === 'flask' || framework === 'python' ? framework : null;
  }
  const pkg = readJson(files['package.json']);
  const deps = { ...(pkg?.dependencies as object | undefined), ...(pkg?.devDependencies as object | undefined) };
  if ('next' in deps) return null;
  const manifests = MANIFESTS.map((m) => files[m]).filter((text) => text !== undefined);
  if (manifests.length === 0) return null;
  for (const [preset, detector] of DETECTORS) if (manifests.some((text) => detector.test(text))) return preset;
  // Django (by its dependency or manage.py) comes before the generic preset: not modelled, Django is not shipped.
  if (manifests.some((text) => /[Dd]jango/.test(text)) || /DJANGO_SETTINGS_MODULE/.test(files['manage.py'] ?? '')) return null;
  return 'python';
}

/** The top-level name an entrypoint exposes (`app`, `application`, `handler`, `Handler`), or null. */
export function findAppOrHandler(source: string): string | null {
  if (!/app|application|handler|Handler/.test(source)) return null;
  // Top-level statements start in column 0; a parenthesised import continues over lines.
  const statements = source.replace(/\(([^()]*)\)/g, (m) => m.replace(/\n/g, ' ')).split('\n');
  for (const line of statements) {
    let m = /^(?:[A-Za-z_]\w*\s*=\s*)*(app|application)\s*(?::[^=]+)?=(?!=)/.exec(line);
    if (m) return m[1];
    m = /^(?:async\s+)?def\s+(app|application)\s*\(/.exec(line);
    if (m) return m[1];
    m = /^class\s+([Hh][Aa][Nn][Dd][Ll][Ee][Rr])\b/.exec(line);
    if (m) return m[1];
    m = /^from\s+\S+\s+import\s+\(?(.*?)\)?\s*(#.*)?$/.exec(line);
    if (m) {
      for (const alias of m[1].split(',')) {
        const [name, as] = alias.trim().split(/\s+as\s+/);
        const bound = (as ?? name).trim();
        if (bound === 'app' || bound === 'application') return bound;
      }
    }
  }
  return null;
}

/** A `[section]`'s `key = "value"` in a pyproject.toml (the two keys Vercel reads; not a TOML parser). */
function tomlString(text: string, section: string, key: string): string | null {
  let inside = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) inside = header[1].trim() === section;
    else if (inside) {
      const m = new RegExp(`^${key}\\s*=\\s*["']([^"']*)["']`).exec(line);
      if (m) return m[1];
    }
  }
  return null;
}

/** `"pkg.module:app"` → the module's file in the project (`pkg/module.py`, else `pkg/module/__init__.py`). */
function moduleAttr(files: Files, value: string): { entrypoint: string; variable: string } | null {
  const m = /([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_]\w*)/.exec(value);
  if (!m) return null;
  const rel = m[1].replace(/\./g, '/');
  const entrypoint = [`${rel}.py`, `${rel}/__init__.py`].find((c) => c in files);
  return entrypoint ? { entrypoint, variable: m[2] } : null;
}

export interface PythonApp {
  preset: PythonPreset;
  /** The file that serves every path (`app.py`, `src/main.py`, `api/index.py`). */
  entrypoint: string;
  /** Its top-level name (`app`, `application`, `handler`). */
  variable: string;
  /** How Vercel found it. */
  how: 'tool.vercel.entrypoint' | 'search' | 'project.scripts';
}

/**
 * The project's Python app, when a preset applies and an entrypoint is found: pyproject's `[tool.vercel] entrypoint`,
 * else the first of PYTHON_CANDIDATE_ENTRYPOINTS with a top-level app or handler, else `[project.scripts] app`.
 * Null otherwise: then each `api/*.py` is a function of its own (on Vercel a preset without an entrypoint fails the
 * build with `<PRESET>_ENTRYPOINT_NOT_FOUND`; see `missingEntrypoint`).
 */
export function pythonApp(files: Files): PythonApp | null {
  const preset = pythonPreset(files);
  if (!preset) return null;
  const pyproject = files['pyproject.toml'] ?? '';
  const declared = tomlString(pyproject, 'tool.vercel', 'entrypoint');
  const fromTool = declared !== null ? moduleAttr(files, declared) : null;
  if (fromTool) return { preset, ...fromTool, how: 'tool.vercel.entrypoint' };
  for (const candidate of PYTHON_CANDIDATE_ENTRYPOINTS) {
    const source = files[candidate];
    const variable = source === undefined ? null : findAppOrHandler(source);
    if (variable) return { preset, entrypoint: candidate, variable, how: 'search' };
  }
  const script = tomlString(pyproject, 'project.scripts', 'app');
  const fromScript = script !== null ? moduleAttr(files, script) : null;
  return fromScript ? { preset, ...fromScript, how: 'project.scripts' } : null;
}

const SKIPPED = /(^|\/)(\.[^/]*|__pycache__|node_modules)\//;

/**
 * Vercel's build error for a preset with no entrypoint (`makeDiagnosticError`), or null: the candidates that exist
 * without an app, then the files elsewhere that have one (Vercel suggests the first as `tool.vercel.entrypoint`).
 */
export function missingEntrypoint(files: Files): { code: string; message: string } | null {
  const preset = pythonPreset(files);
  if (!preset || pythonApp(files)) return null;
  const name = PRESET_NAMES[preset];
  const without = PYTHON_CANDIDATE_ENTRYPOINTS.filter((c) => c in files);
  const elsewhere = Object.keys(files)
    .filter((p) => p.endsWith('.py') && !SKIPPED.test(p))
    .sort()
    .flatMap((p) => {
      const variable = findAppOrHandler(files[p]);
      return variable ? [{ entrypoint: p, variable }] : [];
    });
  const suggestion = elsewhere.length
    ? `but found potential entrypoints:\n${elsewhere.map((c) => `  ${c.entrypoint} (variable: ${c.variable})`).join('\n')}\n\nAdd this to your pyproject.toml:\n\n[tool.vercel]\nentrypoint = "${elsewhere[0].entrypoint.replace(/\.py$/, '').replace(/\/__init__$/, '').replace(/\//g, '.')}:${elsewhere[0].variable}"`
    : null;
  let message: string;
  if (without.length) {
    const one = without.length === 1;
    const found = `Found ${without.slice(0, 3).join(', ')} but ${one ? 'it' : 'none'} ${one ? 'does not define' : 'define'}`;
    message = preset === 'python' ? `Found ${without.slice(0, 3).join(', ')} but ${one ? 'it does not export' : 'none export'} a top-level "app", "application", or "handler" variable.` : `${found} a top-level "app" ${name} instance.`;
    if (suggestion) message += `\n\n${suggestion}`;
  } else if (suggestion) {
    message = `No ${name} entrypoint found in default locations, ${suggestion}`;
  } else {
    message = `No ${name} entrypoint found. Set "tool.vercel.entrypoint" in pyproject.toml or define an entrypoint in one of: ${PYTHON_CANDIDATE_ENTRYPOINTS.join(', ')}.`;
  }
  return { code: `${preset.toUpperCase()}_ENTRYPOINT_NOT_FOUND`, message };
}
