// Consent for foreign code on the local host: the key, its hash, what is remembered and what is asked again.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/consent-hash';
import {
  CONSENTS_KEPT,
  consentKey,
  consentMessage,
  LINK_SOURCE,
  messageSource,
  OWN_SOURCE,
  ProjectTrust,
  storedConsents,
  type ConsentMemory,
} from '../../src/lib/consent';

/** A Storage of the shape the page has, in memory. */
function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}

const foreign = messageSource('http://127.0.0.1:4000', 'http://localhost:5173');
const FILES = { 'api/x.js': "module.exports = (req, res) => res.send('x')" };

describe('sha256Hex', () => {
  it('matches node:crypto on empty, short, multi-block and non-ASCII input', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'q'.repeat(1000), 'Grüße, 世界 🚀\n'.repeat(37)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('project sources', () => {
  it("a message from the page's own origin is the person's; another origin is foreign and named", () => {
    expect(messageSource('http://localhost:5173', 'http://localhost:5173')).toEqual(OWN_SOURCE);
    expect(foreign).toEqual({ kind: 'origin', origin: 'http://127.0.0.1:4000' });
    expect(consentMessage(foreign)).toContain('came from http://127.0.0.1:4000');
    expect(consentMessage(LINK_SOURCE)).toContain('came from a shared link');
  });

  it('an opaque origin is never the person’s, even on an opaque page', () => {
    expect(messageSource('null', 'null')).toEqual({ kind: 'origin', origin: 'null' });
  });
});

describe('consentKey', () => {
  it('is the same for the same source, files and env in any key order', () => {
    const a = consentKey(foreign, { 'a.js': '1', 'b.js': '2' }, { X: '1', Y: '2' });
    const b = consentKey(foreign, { 'b.js': '2', 'a.js': '1' }, { Y: '2', X: '1' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by source, by any file, by a path, and by env', () => {
    const base = consentKey(foreign, FILES);
    const others = [
      consentKey(LINK_SOURCE, FILES),
      consentKey(messageSource('http://127.0.0.1:4001', 'http://localhost:5173'), FILES),
      consentKey(foreign, { 'api/x.js': FILES['api/x.js'] + ' ' }),
      consentKey(foreign, { 'api/y.js': FILES['api/x.js'] }),
      consentKey(foreign, { ...FILES, 'data.txt': '' }),
      consentKey(foreign, FILES, { A: '1' }),
    ];
    for (const other of others) expect(other).not.toBe(base);
  });

  it('cannot be made to collide by moving text between a path and its source', () => {
    expect(consentKey(foreign, { 'a': 'bc' })).not.toBe(consentKey(foreign, { 'ab': 'c' }));
  });

  it('is never asked for the person’s own project', () => {
    expect(() => consentKey(OWN_SOURCE, FILES)).toThrow();
  });
});

describe('storedConsents', () => {
  it('remembers across instances on the same storage', () => {
    const storage = memoryStorage();
    storedConsents(() => storage).add('k1');
    expect(storedConsents(() => storage).has('k1')).toBe(true);
    expect(storedConsents(() => storage).has('k2')).toBe(false);
  });

  it(`keeps the newest ${CONSENTS_KEPT}`, () => {
    const storage = memoryStorage();
    const memory = storedConsents(() => storage);
    for (let i = 0; i <= CONSENTS_KEPT; i++) memory.add(`k${i}`);
    expect(memory.has('k0')).toBe(false);
    expect(memory.has('k1')).toBe(true);
    expect(memory.has(`k${CONSENTS_KEPT}`)).toBe(true);
  });

  it('without storage, or with storage that throws or holds garbage, remembers nothing and never throws', () => {
    const none = storedConsents(() => null);
    none.add('k');
    expect(none.has('k')).toBe(false);
    const throwing = storedConsents(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => throwing.add('k')).not.toThrow();
    expect(throwing.has('k')).toBe(false);
    const storage = memoryStorage();
    storage.setItem('playground:node-consent', '{not json');
    expect(storedConsents(() => storage).has('k')).toBe(false);
    storage.setItem('playground:node-consent', '{"k":true}');
    expect(storedConsents(() => storage).has('k')).toBe(false);
  });
});

describe('ProjectTrust', () => {
  const memory = (): ConsentMemory & { keys: Set<string> } => {
    const keys = new Set<string>();
    return { keys, has: (k) => keys.has(k), add: (k) => void keys.add(k) };
  };

  it('the person’s own project is allowed and never remembered', () => {
    const m = memory();
    const trust = new ProjectTrust(m);
    const own = trust.open(OWN_SOURCE, FILES);
    expect(trust.allowed(own)).toBe(true);
    trust.allow(own);
    expect(m.keys.size).toBe(0);
  });

  it('a foreign project is refused until allowed; then that project is allowed on the next visit, another is not', () => {
    const m = memory();
    const first = new ProjectTrust(m);
    const project = first.open(foreign, FILES);
    expect(first.allowed(project)).toBe(false);
    first.allow(project);
    expect(first.allowed(project)).toBe(true);

    const later = new ProjectTrust(m);
    expect(later.allowed(later.open(foreign, { ...FILES }))).toBe(true);
    expect(later.allowed(later.open(LINK_SOURCE, FILES))).toBe(false);
    expect(later.allowed(later.open(foreign, { 'api/x.js': 'module.exports = () => {}' }))).toBe(false);
  });

  it('"Not now" keeps refusing, remembers nothing, and allowing later still works', () => {
    const m = memory();
    const trust = new ProjectTrust(m);
    const project = trust.open(foreign, FILES);
    trust.decline(project);
    expect([trust.allowed(project), project.declined, m.keys.size]).toEqual([false, true, 0]);
    trust.allow(project);
    expect([trust.allowed(project), project.declined, m.keys.size]).toEqual([true, false, 1]);
  });

  it('hashes a project once, on the first question, not at load', () => {
    let asked = 0;
    const trust = new ProjectTrust({ has: () => (asked++, false), add: () => {} });
    const project = trust.open(foreign, FILES);
    expect(asked).toBe(0);
    trust.allowed(project);
    trust.allowed(project);
    expect(asked).toBe(1);
  });
});
