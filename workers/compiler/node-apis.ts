// Finds uses of Node.js APIs that the edge runtime lacks (`process.cwd()`, `setImmediate`…), as Next's build warns.
import type { AnyNode, Program } from 'acorn';
import { ancestor } from 'acorn-walk';
import { EDGE_UNSUPPORTED_NODE_APIS } from '../shared/edge-unsupported-apis';

export { EDGE_UNSUPPORTED_NODE_APIS };

const UNSUPPORTED = new Set<string>(EDGE_UNSUPPORTED_NODE_APIS);

/** Cheap guard before parsing: `process.<not env>`, `process[`, or one of the names above. */
export { MIGHT_USE_NODE_API } from './scan-guards';

export interface NodeApiUse {
  /** `process.cwd`, `setImmediate`… as Next names it in the warning. */
  api: string;
  line: number;
  column: number;
}

/**
 * Next's parser hooks: a member chain on the free `process` whose first member is not `env`, and any reference to
 * one of the unsupported globals (call, expression or member chain). Locally declared names are not the globals.
 */
export function findNodeApis(ast: Program, declared: Set<string>): NodeApiUse[] {
  const uses: NodeApiUse[] = [];
  const at = (node: AnyNode, api: string): NodeApiUse => ({ api, line: node.loc!.start.line, column: node.loc!.start.column });
  ancestor(ast, {
    Identifier(node, _state, ancestors) {
      const parent = ancestors[ancestors.length - 2];
      if (node.name === 'process' && !declared.has('process') && parent?.type === 'MemberExpression' && parent.object === node) {
        const member = memberName(parent);
        if (member !== null && member !== 'env') uses.push(at(node, `process.${member}`));
      } else if (UNSUPPORTED.has(node.name) && !declared.has(node.name)) {
        uses.push(at(node, node.name));
      }
    },
  });
  return uses;
}

/** Where the module names the free global `name` (declared names are locals, as in findNodeApis). */
export function findFreeName(ast: Program, name: string, declared: Set<string>): { line: number; column: number }[] {
  if (declared.has(name)) return [];
  const uses: { line: number; column: number }[] = [];
  ancestor(ast, {
    Identifier(node, _state, ancestors) {
      const parent = ancestors[ancestors.length - 2];
      // `x.Buffer` and `{ Buffer: 1 }` name a property, not the global.
      if (node.name !== name) return;
      if (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
      if (parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return;
      uses.push({ line: node.loc!.start.line, column: node.loc!.start.column });
    },
  });
  return uses;
}

function memberName(node: AnyNode): string | null {
  if (node.type !== 'MemberExpression') return null;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return null;
}
