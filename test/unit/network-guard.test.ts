// Which addresses a Node handler on the local host may connect to (workers/node-harness/network.ts): the public
// internet only. Checked as a pure classification: no test sends a packet anywhere but loopback.
import { describe, expect, it } from 'vitest';
import { guardedLookup, isPublic } from '../../workers/node-harness/network';

describe('isPublic', () => {
  it('refuses this machine and every network it may sit on', () => {
    const local = [
      '127.0.0.1', '127.255.255.254', '0.0.0.0', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
      '169.254.169.254', // a cloud's metadata service
      '100.64.0.1', '198.18.0.1', '224.0.0.251', '255.255.255.255', '192.0.2.1',
      '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1',
      'fe80::1%eth0', 'localhost', '2130706433', '',
    ];
    expect(local.filter(isPublic)).toEqual([]);
  });

  it('lets the public internet through', () => {
    const world = ['8.8.8.8', '1.1.1.1', '93.184.215.14', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'];
    expect(world.filter((a) => !isPublic(a))).toEqual([]);
  });
});

describe('guardedLookup', () => {
  it('passes on plain copies of what it checked: a getter cannot show one address to the check and another to connect', () => {
    let reads = 0;
    const entry = { family: 4, get address() { return reads++ === 0 ? '8.8.8.8' : '127.0.0.1'; } };
    const results: unknown[] = [];
    const lookup = guardedLookup((_host, _options, callback) => callback(null, [entry as never]), 443);
    lookup('x.invalid', { all: true }, (error, address) => results.push(error, address));
    expect(results).toEqual([null, [{ address: '8.8.8.8', family: 4 }]]);
    // What the connect reads now is the copy, however often.
    const [copy] = results[1] as { address: string }[];
    expect([copy.address, copy.address]).toEqual(['8.8.8.8', '8.8.8.8']);
  });

  it('refuses a name that resolves to this machine, in either callback form', () => {
    const errors: (string | undefined)[] = [];
    guardedLookup((_h, _o, cb) => cb(null, '127.0.0.1', 4), 80)('localhost', {}, (e) => errors.push(e?.code));
    guardedLookup((_h, _o, cb) => cb(null, [{ address: '8.8.8.8', family: 4 }, { address: '::1', family: 6 }]), 80)('mixed', { all: true }, (e) => errors.push(e?.code));
    expect(errors).toEqual(['EACCES', 'EACCES']);
  });
});
