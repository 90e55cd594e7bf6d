// Which addresses a Node handler on the local host may connect to (workers/node-harness/network.ts): the public
// internet only. Checked as a pure classification: no test sends a packet anywhere but loopback.
import { describe, expect, it } from 'vitest';
import { isPublic } from '../../workers/node-harness/network';

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
