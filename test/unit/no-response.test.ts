// Next's no-Response error for App Router route handlers (workers/shared/no-response.ts): the short text up to 16.1,
// and 16.2+'s longer one with what was returned, the method and the path, as next start of 16.2.12 and 16.4.6 print it.
import { describe, expect, it } from 'vitest';
import { nextTraits, profileFor } from '../../src/lib/project/profiles';
import { noResponseMessage } from '../../workers/shared/no-response';

const traits = (version: string) => {
  const found = profileFor(version);
  if (!found.ok) throw new Error(found.message);
  return nextTraits(found.profile, 'app-route');
};
const got = (result: unknown) => ({ result, method: 'GET', url: 'http://localhost:3000/nr-edge?x=1' });

describe('H28: the no-Response message by version', () => {
  it('up to 16.1: the route path and what to do', () => {
    for (const v of ['13.5.11', '15.5.29', '16.1.6'])
      expect(noResponseMessage('app/nr-edge/route.ts', traits(v), got('nope'))).toBe(
        "No response is returned from route handler 'app/nr-edge/route.ts'. Ensure you return a `Response` or a `NextResponse` in all branches of your handler.",
      );
  });

  it("16.2+: Turbopack's page name, the received type, method and pathname", () => {
    expect(noResponseMessage('app/nr-edge/route.ts', traits('16.4.6'), got('nope'))).toBe(
      "No response is returned from route handler '[project]/app/nr-edge/route.ts'. Expected a Response object but received 'string' (method: GET, url: /nr-edge). Ensure you return a `Response` or a `NextResponse` in all branches of your handler.",
    );
    const received = (value: unknown) => /received '([^']*)'/.exec(noResponseMessage('app/a/route.ts', traits('16.2.12'), got(value)))?.[1];
    expect([null, undefined, { a: 1 }, Object.create(null), new Map(), 1].map(received)).toEqual(['null', 'undefined', 'Object', 'object', 'Map', 'number']);
  });
});
