// Where the playground still answers differently from the real thing, one entry per case, reference and field, with
// the reason. next-differential.test.ts asserts the observed differences are exactly these: a fix that makes an
// entry agree fails the test until the entry is removed, and a new difference fails until it is fixed or listed.
// A reason starting `not yet built` is work in progress; one starting `stays` or `not closable` is listed in the README.
import type { NextName } from './cases';
import type { Field } from './compare';

export interface KnownDifference {
  case: string;
  version: NextName | 'vercel-node';
  field: Field;
  reason: string;
}

const CRASH =
  "stays: the reference is @vercel/node's dev server, whose function process dies on an uncaught error (the connection closes; the suite's router answers 502); production Vercel answers 500 FUNCTION_INVOCATION_FAILED, which the playground sends";

const each = (c: string, version: KnownDifference['version'], fields: Field[], reason: string): KnownDifference[] =>
  fields.map((field) => ({ case: c, version, field, reason }));

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  ...each('vercel-node/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
  ...each('vercel-edge/throws', 'vercel-node', ['status', 'content-type', 'body'], CRASH),
];
