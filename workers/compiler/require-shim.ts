// A plain Vercel edge function has no `require` (runtime-spec-2026 §7; @vercel/node's edge runtime), but esbuild's ESM
// output turns a free `typeof require` into `typeof __require`, its always-defined shim. This puts the global back.
import { tokenizer, type Token } from 'acorn';
import { REQUIRE_SHIM as SHIM } from './scan-guards';

/**
 * In esbuild's output, each `typeof <shim>` reads the global `require` instead, so the answer is the platform's:
 * 'undefined', and a ReferenceError for `typeof require.resolve`. Tokens, not text: strings, comments and templates
 * stay as they are. The name is padded to its length, so the inline source map still points at the right columns.
 */
export function withoutRequireShim(code: string): string {
  const name = SHIM.exec(code)?.[1];
  if (!name || !new RegExp(`\\btypeof\\s+${name}\\b`).test(code)) return code;
  let tokens: Token[];
  try {
    tokens = [...tokenizer(code, { ecmaVersion: 'latest', sourceType: 'module' })];
  } catch {
    return code; // esbuild's own output always tokenizes; nothing to risk if it did not
  }
  const replacement = 'require'.padEnd(name.length);
  let out = '';
  let from = 0;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (tokens[i - 1].type.keyword !== 'typeof' || token.type.label !== 'name' || code.slice(token.start, token.end) !== name) continue;
    out += code.slice(from, token.start) + replacement;
    from = token.end;
  }
  return out + code.slice(from);
}
