// Why a run used its runtime, as data: a chain of steps (which file and line decided, what it overrode, which profile
// rule applied, deprecation warnings, where it ran). Views render the steps; the one string form is `formatReason`.
import { LANGUAGE_NAMES, type LanguageName, type RuntimeName } from '../../../workers/protocol';

/** A runtime declaration in a file. */
export interface Declaration {
  file: string;
  line: number;
  /** As written: `edge`, `experimental-edge`, `nodejs`. */
  value: string;
  /** How it is declared. */
  how: 'export const runtime' | 'config.runtime';
}

/** A profile's rule that shaped the outcome: its id (`15.0–15.1`, `vercel`) and what it says. */
export interface ProfileRule {
  profile: string;
  text: string;
}

/** A Python preset's app (python-entrypoint.ts): which preset, the top-level name, and how Vercel found the file. */
export interface PythonAppStep {
  /** `Flask`, `FastAPI`, `Python` (the generic preset). */
  preset: string;
  variable: string;
  how: 'tool.vercel.entrypoint' | 'search' | 'project.scripts';
}

export type ReasonStep =
  /** The entry's own `export const runtime`. */
  | { kind: 'segment-export'; runtime: RuntimeName; declared: Declaration; overrides?: Declaration[]; rule?: ProfileRule }
  /** A layout's `export const runtime`, inherited (R03, R05). */
  | { kind: 'layout'; runtime: RuntimeName; declared: Declaration; overrides?: Declaration[]; rule?: ProfileRule }
  /** `export const config = { runtime }` (Pages Router, Vercel functions, middleware). */
  | { kind: 'config'; runtime: RuntimeName; declared: Declaration; overrides?: Declaration[]; rule?: ProfileRule }
  /** Nothing declared where it counts: Node.js. `looked` says where; `overrides` lists declarations not read. */
  | { kind: 'default'; runtime: 'nodejs'; file: string; looked: 'file' | 'file-and-layouts' | 'config'; overrides?: Declaration[]; rule?: ProfileRule }
  /** A static metadata file never inherits a runtime (R06). */
  | { kind: 'static-metadata'; runtime: 'nodejs'; file: string }
  /** middleware.ts / proxy.ts by their convention (R18, P01). */
  | { kind: 'middleware'; runtime: RuntimeName; file: string; convention: 'middleware' | 'proxy'; declared?: Declaration; overrides?: Declaration[]; rule?: ProfileRule }
  /** A Python, Ruby or Go file under `api/`: Vercel's runtime for its language, by its extension (runtime-spec-2026 §2.5). */
  | { kind: 'language'; runtime: LanguageName; file: string; app?: PythonAppStep }
  /** The run forced a runtime (the runtime picker, compare mode, the embed API's `runtime`). */
  | { kind: 'chosen'; runtime: RuntimeName; overrides: RuntimeName | null }
  /** A deprecation or similar warning of the version about this declaration. */
  | { kind: 'deprecation'; text: string; rule: ProfileRule }
  /** Where it ran (`local node v20.20.2`), Vercel's build choice, the prerender verdict: notes after the decision. */
  | { kind: 'host' | 'platform' | 'static'; text: string };

export type DecidingStep = Exclude<ReasonStep, { kind: 'deprecation' | 'host' | 'platform' | 'static' }>;

const NOTE_KINDS = new Set(['host', 'platform', 'static']);

export const isDeciding = (step: ReasonStep): step is DecidingStep => step.kind !== 'deprecation' && !NOTE_KINDS.has(step.kind);

/** The step that decided the runtime: the last deciding step (a later one overrides those before it). */
export function decidingStep(steps: readonly ReasonStep[]): DecidingStep | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (isDeciding(step)) return step;
  }
  return null;
}

/** Names as Vercel's docs spell them. */
const LANGUAGE_PACKAGES: Record<LanguageName, string> = { python: '@vercel/python', ruby: '@vercel/ruby', go: '@vercel/go' };

const APP_FOUND: Record<PythonAppStep['how'], string> = {
  search: "the first of Vercel's Python entrypoints: app, index, server, main, wsgi, asgi .py in the root, then src/, app/, api/",
  'tool.vercel.entrypoint': 'pyproject.toml [tool.vercel] entrypoint',
  'project.scripts': 'pyproject.toml [project.scripts] app',
};

const where = (d: Declaration) => `${d.file}:${d.line}`;
export const describeDeclaration = (d: Declaration) => `${d.how} = '${d.value}' in ${where(d)}`;

/** One step in words, as the badge and the compare view show it. */
export function describeStep(step: ReasonStep): string {
  switch (step.kind) {
    case 'segment-export':
    case 'config':
      return describeDeclaration(step.declared);
    case 'layout':
      return `inherited from layout: ${describeDeclaration(step.declared)}`;
    case 'default': {
      const rule = step.rule ? ` (${step.rule.text})` : '';
      if (step.looked === 'config') return `default, no config.runtime in ${step.file}`;
      return `default, no runtime declared in ${step.file}${step.looked === 'file-and-layouts' ? ' or its layouts' : ''}${rule}`;
    }
    case 'static-metadata':
      return `static metadata file ${step.file} does not inherit a runtime (R06)`;
    case 'middleware': {
      if (step.convention === 'proxy') return `proxy: ${step.file} always runs on Node.js (16+)`;
      if (step.runtime === 'nodejs' && step.declared?.value === 'nodejs') return `middleware: ${describeDeclaration(step.declared)}`;
      return `middleware: ${step.file} runs on the edge runtime${step.rule ? ` (${step.rule.text})` : ''}`;
    }
    case 'language':
      if (step.app) return `${step.file} is the project's ${step.app.preset} app (top-level "${step.app.variable}", ${APP_FOUND[step.app.how]}): it serves every path no other function answers`;
      return `${step.file} is a ${LANGUAGE_NAMES[step.runtime]} function (Vercel's ${LANGUAGE_PACKAGES[step.runtime]}, by its extension)`;
    case 'chosen':
      return 'chosen for this run';
    case 'deprecation':
    case 'host':
    case 'platform':
    case 'static':
      return step.text;
  }
}

/**
 * The chain as one line: what decided, then the notes (`export const runtime = 'edge' in app/route.ts:1 · local node
 * v20`). Deprecations are warnings of their own, not part of the line. The embed result's `reason` is this, prefixed.
 */
export function formatReason(steps: readonly ReasonStep[]): string {
  const decided = decidingStep(steps);
  const notes = steps.filter((s) => NOTE_KINDS.has(s.kind)).map(describeStep);
  return [...(decided ? [describeStep(decided)] : []), ...notes].join(' · ');
}

/** The embed result's and the history's reason: `edge: export const runtime = 'edge' in app/route.ts:1`. */
export const formatRunReason = (runtime: RuntimeName, steps: readonly ReasonStep[]) => `${runtime}: ${formatReason(steps)}`;
