// Finds dynamic code evaluation in one module's JavaScript the way Next's middleware plugin does (runtime-spec.md D03).
import { parse, type AnyNode, type Identifier, type ImportDeclaration, type Program } from 'acorn';
import { ancestor, type AncestorVisitors } from 'acorn-walk';

export interface DynamicCodeUse {
  /** What evaluates: `eval`, `Function` or `WebAssembly.compile` (Turbopack flags `eval` only). */
  what: 'eval' | 'Function' | 'WebAssembly.compile';
  /** 1-based line and 0-based column in the code that was scanned. */
  line: number;
  column: number;
  /** The exports that reach the use (webpack's inner graph); null when module code runs it regardless. */
  usedBy: string[] | null;
}

/** Cheap guard before parsing: only these words can start a finding. */
export { MIGHT_EVALUATE } from './scan-guards';

const EVALUATORS = new Set(['eval', 'Function']);

interface Span {
  start: number;
  end: number;
}

interface Found extends Span {
  what: DynamicCodeUse['what'];
  line: number;
  column: number;
}

/**
 * Next hooks `eval`, `Function` (call, `new`, and any other reference except `Function.prototype`/`Function.bind`)
 * and `WebAssembly.compile(...)`, each also behind `global.`. `WebAssembly.instantiate` is not flagged in a build.
 * Returns the uses that some export or the module's top level reaches; unreachable ones are not errors in Next either.
 */
export function findDynamicCode(ast: Program, declared = declaredNames(ast)): DynamicCodeUse[] {
  const found: Found[] = [];
  const references: { name: string; at: number }[] = [];
  const at = (node: AnyNode, what: Found['what']): Found =>
    ({ what, start: node.start, end: node.end, line: node.loc!.start.line, column: node.loc!.start.column });
  // Next reports `new Function(…)` where the `new` expression starts.
  const site = (node: AnyNode, parent: AnyNode | undefined, name: string) =>
    at(parent?.type === 'NewExpression' && parent.callee === node ? parent : node, name === 'eval' ? 'eval' : 'Function');

  ancestor(ast, {
    Identifier(node, _state, ancestors) {
      const parent = ancestors[ancestors.length - 2];
      // `export default helper` names an export; it does not run `helper` at the top level.
      if (parent?.type !== 'ExportDefaultDeclaration') references.push({ name: node.name, at: node.start });
      if (EVALUATORS.has(node.name) && !declared.has(node.name) && !isSkippedMember(node, parent)) found.push(site(node, parent, node.name));
    },
    MemberExpression(node, _state, ancestors) {
      const parent = ancestors[ancestors.length - 2];
      const name = propertyName(node);
      if (name && EVALUATORS.has(name) && isGlobal(node.object, declared) && !isSkippedMember(node, parent)) {
        found.push(site(node, parent, name));
      }
    },
    CallExpression(node) {
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'compile') return;
      const object = callee.object;
      const isWasm =
        (object.type === 'Identifier' && object.name === 'WebAssembly' && !declared.has('WebAssembly')) ||
        (object.type === 'MemberExpression' && isGlobal(object.object, declared) && propertyName(object) === 'WebAssembly');
      if (isWasm) found.push(at(node, 'WebAssembly.compile'));
    },
  });
  if (!found.length) return [];
  return usage(ast, found, references);
}

/** `Function.prototype` and `Function.bind` are skipped by Next (they cannot evaluate strings). */
function isSkippedMember(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type !== 'MemberExpression' || parent.object !== node) return false;
  const name = propertyName(parent);
  return (name === 'prototype' || name === 'bind') && !isEvalMember(node);
}

function isEvalMember(node: AnyNode): boolean {
  return node.type === 'Identifier' ? node.name === 'eval' : node.type === 'MemberExpression' && propertyName(node) === 'eval';
}

function isGlobal(node: AnyNode, declared: Set<string>): boolean {
  return node.type === 'Identifier' && node.name === 'global' && !declared.has('global');
}

function propertyName(node: AnyNode): string | null {
  if (node.type !== 'MemberExpression') return null;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return null;
}

/** The module's AST with line/column locations, or null when it does not parse (esbuild reports that itself). */
export function parseModule(code: string): Program | null {
  try {
    return parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true });
  } catch {
    return null;
  }
}

/** Every name the module binds anywhere (a local `Function` is not the global one; rare enough to not scope exactly). */
export function declaredNames(ast: Program): Set<string> {
  const names = new Set<string>();
  // acorn-walk visits binding identifiers as the pseudo-type VariablePattern, which its typings do not list.
  const visitors = {
    VariablePattern(node: Identifier) {
      names.add(node.name);
    },
    ImportDeclaration(node: ImportDeclaration) {
      for (const s of node.specifiers) names.add(s.local.name);
    },
  };
  ancestor(ast, visitors as AncestorVisitors<unknown>);
  return names;
}

interface Symbol extends Span {
  name: string;
}

/**
 * webpack's inner graph, reduced to what the message needs: top-level functions and classes are symbols; a use inside
 * one counts for the exports that reach that symbol through references; a use anywhere else runs with the module.
 * Every export of the module counts as used (the entry's are; other modules' are assumed to be).
 */
function usage(ast: Program, found: Found[], references: { name: string; at: number }[]): DynamicCodeUse[] {
  const isModule = ast.body.some((n) => n.type.startsWith('Import') || n.type.startsWith('Export'));
  if (!isModule) return found.map(({ what, line, column }) => ({ what, line, column, usedBy: null }));

  const symbols: Symbol[] = [];
  const exports: { exported: string; local: string }[] = [];
  for (const statement of ast.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declaration) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const s of statement.specifiers) {
          if (s.local.type === 'Identifier') exports.push({ exported: exportName(s.exported), local: s.local.name });
        }
      }
      continue;
    }
    const exported = statement.type === 'ExportNamedDeclaration';
    const isDefault = statement.type === 'ExportDefaultDeclaration';
    if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
      const name = declaration.id?.name ?? '*default*';
      symbols.push({ name, start: declaration.start, end: declaration.end });
      if (exported) exports.push({ exported: name, local: name });
      if (isDefault) exports.push({ exported: 'default', local: name });
    } else if (declaration.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) {
        if (d.id.type !== 'Identifier') continue;
        const init = d.init?.type;
        if (init === 'FunctionExpression' || init === 'ArrowFunctionExpression' || init === 'ClassExpression') {
          symbols.push({ name: d.id.name, start: d.start, end: d.end });
        }
        if (exported) exports.push({ exported: d.id.name, local: d.id.name });
      }
    } else if (isDefault && declaration.type === 'Identifier') {
      exports.push({ exported: 'default', local: declaration.name });
    }
  }

  const owner = (pos: number) => symbols.find((s) => s.start <= pos && pos < s.end)?.name ?? null;
  const names = new Set(symbols.map((s) => s.name));
  const edges = new Map<string | null, Set<string>>(); // null: the module's top level
  for (const ref of references) {
    if (!names.has(ref.name)) continue;
    const from = owner(ref.at);
    if (from === ref.name) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(ref.name);
  }
  const reach = (from: string | null): Set<string> => {
    const seen = new Set<string>();
    const stack = [...(edges.get(from) ?? [])];
    if (from !== null) seen.add(from);
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
    return seen;
  };
  const fromTop = reach(null);
  const byExport = exports.map((e) => ({ exported: e.exported, reached: reach(e.local) }));

  const uses: DynamicCodeUse[] = [];
  for (const { what, line, column, start } of found) {
    const symbol = owner(start);
    if (symbol === null || fromTop.has(symbol)) {
      uses.push({ what, line, column, usedBy: null });
      continue;
    }
    const usedBy = [...new Set(byExport.filter((e) => e.reached.has(symbol)).map((e) => e.exported))];
    if (usedBy.length) uses.push({ what, line, column, usedBy });
  }
  return uses;
}

function exportName(node: AnyNode): string {
  return node.type === 'Identifier' ? node.name : node.type === 'Literal' ? String(node.value) : 'default';
}

/**
 * `export const config = { unstable_allowDynamic: ['/lib/x.js', '/node_modules/y/**'] }` (D04): the globs, or [].
 * Only string literals count, as in Next's static analysis.
 */
export function findAllowDynamic(code: string): string[] {
  const ast = code.includes('unstable_allowDynamic') ? parseModule(code) : null;
  if (!ast) return [];
  for (const statement of ast.body) {
    if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') continue;
    for (const d of statement.declaration.declarations) {
      if (d.id.type !== 'Identifier' || d.id.name !== 'config' || d.init?.type !== 'ObjectExpression') continue;
      for (const p of d.init.properties) {
        if (p.type !== 'Property' || p.value.type !== 'ArrayExpression') continue;
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? p.key.value : null;
        if (key !== 'unstable_allowDynamic') continue;
        return p.value.elements.flatMap((e) => (e?.type === 'Literal' && typeof e.value === 'string' ? [e.value] : []));
      }
    }
  }
  return [];
}

/** micromatch-style glob (`**`, `*`, `?`) against a project path written from the root (`/lib/x.js`). */
export function matchesGlob(path: string, glob: string): boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(path);
}
