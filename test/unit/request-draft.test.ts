import { describe, expect, it } from 'vitest';
import { encodeBody, parseHex, type RequestDraft } from '../../src/lib/request-draft';

const draft = (d: Partial<RequestDraft>): RequestDraft => ({ method: 'POST', url: '/', headers: [], cookies: [], bodyType: 'none', body: '', ...d });

describe('request draft', () => {
  it('adds the content type of the body type unless one is typed', () => {
    expect(encodeBody(draft({ bodyType: 'json', body: '{"x":1}' })).headers).toEqual([['content-type', 'application/json']]);
    const typed = encodeBody(draft({ bodyType: 'json', body: '{}', headers: [{ name: 'Content-Type', value: 'application/ld+json', enabled: true }] }));
    expect(typed.headers).toEqual([['Content-Type', 'application/ld+json']]);
  });

  it('joins enabled cookie rows into one cookie header, URI-encoding values', () => {
    const { headers } = encodeBody(
      draft({ cookies: [{ name: 'a', value: 'hello world', enabled: true }, { name: 'b', value: '2', enabled: false }] }),
    );
    expect(headers).toEqual([['cookie', 'a=hello%20world']]);
  });

  it('encodes form lines as a query string and binary as hex bytes', () => {
    expect(new TextDecoder().decode(encodeBody(draft({ bodyType: 'form', body: 'a=1\nb=x+y\n' })).body!)).toBe('a=1&b=x+y');
    expect([...encodeBody(draft({ bodyType: 'binary', body: '01 02 ff' })).body!]).toEqual([1, 2, 255]);
    expect(() => parseHex('0')).toThrow(/pairs/);
  });

  it('sends no body for none', () => {
    expect(encodeBody(draft({ bodyType: 'none', body: 'ignored' })).body).toBeNull();
  });
});
