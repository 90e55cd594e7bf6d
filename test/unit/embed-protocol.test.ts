import { describe, expect, it } from 'vitest';
import { checkGetState, checkLoad, checkRun, checkSetFile, isHostMessage } from '../../src/lib/share/embed-protocol';

describe('embed API guards', () => {
  it('recognises only host messages, not its own replies', () => {
    expect(isHostMessage({ type: 'playground:load' })).toBe(true);
    expect(isHostMessage({ type: 'playground:run' })).toBe(true);
    expect(isHostMessage({ type: 'playground:stop', id: 1 })).toBe(true);
    expect(isHostMessage({ type: 'playground:stopped', id: 1, stopped: true })).toBe(false);
    expect(isHostMessage({ type: 'playground:ready', version: 1 })).toBe(false);
    expect(isHostMessage({ type: 'playground:result' })).toBe(false);
    expect(isHostMessage({ type: 'playground:getState', id: 1 })).toBe(true);
    expect(isHostMessage({ type: 'playground:setFile', id: 1 })).toBe(true);
    for (const type of ['playground:state', 'playground:fileSet', 'playground:resize']) expect(isHostMessage({ type })).toBe(false);
    expect(isHostMessage('playground:run')).toBe(false);
    expect(isHostMessage(null)).toBe(false);
  });

  it('accepts a valid load and rejects bad files, plans, env and limits with a reason', () => {
    expect(checkLoad({ id: 1, files: { 'app/api/x/route.ts': '' }, plan: 'pro', env: { A: '1' }, limits: { edgeInitialResponseMs: 100 } }).ok).toBe(true);
    expect(checkLoad({ id: 1, files: {} })).toMatchObject({ ok: false, error: expect.stringContaining('files') });
    expect(checkLoad({ id: 1, files: { a: 1 } })).toMatchObject({ ok: false });
    expect(checkLoad({ id: 1, files: { '/etc/passwd': '' } })).toMatchObject({ ok: false, error: expect.stringContaining('relative') });
    expect(checkLoad({ id: 1, files: { '../x.ts': '' } })).toMatchObject({ ok: false });
    expect(checkLoad({ id: 1, files: { a: '' }, plan: 'free' })).toMatchObject({ ok: false, error: expect.stringContaining('plan') });
    expect(checkLoad({ id: 1, files: { a: '' }, env: { A: 1 } })).toMatchObject({ ok: false });
    expect(checkLoad({ id: 1, files: { a: '' }, limits: { edgeInitialResponseMs: -1 } })).toMatchObject({ ok: false });
    expect(checkLoad({ id: 1, files: { a: '' }, limits: { edgeMaxStreamMs: 3000 } }).ok).toBe(true);
    expect(checkLoad({ id: 1, files: { a: '' }, limits: { edgeMaxStreamMs: '3000' } })).toMatchObject({ ok: false });
    expect(checkLoad({ id: 1, files: { a: '' }, limits: { edgeMaxHeapMb: 1 } })).toMatchObject({ ok: false, error: expect.stringContaining('`limits.edgeMaxHeapMb` is not a limit') });
    expect(checkLoad({ files: { a: '' } })).toMatchObject({ ok: false, error: expect.stringContaining('id') });
    expect(checkLoad({ id: 1, files: { a: '', b: '' }, path: 'b' })).toMatchObject({ ok: true, value: { path: 'b' } });
    for (const path of ['c', 1, 'toString', ''])
      expect(checkLoad({ id: 1, files: { a: '' }, path })).toEqual({ ok: false, error: '`path` must be one of the paths in `files` (the file opened first)' });
  });

  it("L03/L06: `platform` takes 'fluid' or 'legacy'; anything else is refused with the values it takes", () => {
    for (const platform of ['fluid', 'legacy']) expect(checkLoad({ id: 1, files: { a: '' }, platform })).toMatchObject({ ok: true, value: { platform } });
    expect(checkLoad({ id: 1, files: { a: '' } })).toMatchObject({ ok: true });
    for (const platform of ['2024', 'Fluid', '', 1, null, ['legacy']]) {
      expect(checkLoad({ id: 1, files: { a: '' }, platform })).toEqual({
        ok: false,
        error: "`platform` must be one of 'fluid', 'legacy' (Fluid compute, 2025+, or the legacy 2024 limits)",
      });
    }
  });

  it('accepts a valid run and rejects bad requests with a reason', () => {
    const request = { method: 'GET', url: '/api/x', headers: [['a', 'b']] };
    expect(checkRun({ id: 'r', path: 'app/api/x/route.ts', request, runtime: 'both' }).ok).toBe(true);
    expect(checkRun({ id: 'r', path: 'p', request: { method: 'GET' } })).toMatchObject({ ok: false });
    expect(checkRun({ id: 'r', path: 'p', request: { ...request, headers: [['a']] } })).toMatchObject({ ok: false });
    expect(checkRun({ id: 'r', path: 'p', request: { ...request, body: 1 } })).toMatchObject({ ok: false });
    expect(checkRun({ id: 'r', path: 'p', request, runtime: 'deno' })).toMatchObject({ ok: false, error: expect.stringContaining('runtime') });
    expect(checkRun({ id: 'r', path: 'api/hello.py', request, runtime: 'both', against: 'api/hello.js' }).ok).toBe(true);
    expect(checkRun({ id: 'r', path: 'api/hello.py', request, runtime: 'both', against: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('against') });
  });

  it('getState needs an id', () => {
    expect(checkGetState({ type: 'playground:getState', id: 'g' })).toMatchObject({ ok: true, value: { id: 'g' } });
    expect(checkGetState({ type: 'playground:getState', id: 0 }).ok).toBe(true);
    for (const id of [undefined, null, {}, ['a']]) expect(checkGetState({ id })).toMatchObject({ ok: false, error: expect.stringContaining('id') });
  });

  it('setFile takes a relative path and text, with the same path rule as load', () => {
    expect(checkSetFile({ id: 1, path: 'app/api/x/route.ts', source: '' })).toMatchObject({ ok: true, value: { path: 'app/api/x/route.ts', source: '' } });
    for (const path of ['/etc/passwd', '../x.ts', 'app/../../x.ts', '']) {
      expect(checkSetFile({ id: 1, path, source: 'x' })).toEqual({ ok: false, error: `file path "${path}" must be relative, like app/api/hello/route.ts` });
      expect(checkLoad({ id: 1, files: { [path]: 'x' } })).toMatchObject({ ok: false, error: `file path "${path}" must be relative, like app/api/hello/route.ts` });
    }
    expect(checkSetFile({ id: 1, path: 1, source: 'x' })).toMatchObject({ ok: false, error: expect.stringContaining('`path`') });
    expect(checkSetFile({ id: 1, path: 'a.ts', source: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('`source`') });
    expect(checkSetFile({ id: 1, path: 'a.ts' })).toMatchObject({ ok: false, error: expect.stringContaining('`source`') });
    expect(checkSetFile({ path: 'a.ts', source: '' })).toMatchObject({ ok: false, error: expect.stringContaining('id') });
  });
});
