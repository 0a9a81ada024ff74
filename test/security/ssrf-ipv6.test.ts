import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import axios from 'axios';
import { isPrivateAddress, pinTarget, targetUrlProblem, type Resolve } from '../../server/ghl/workflow-triggers/target-url.js';

/**
 * The trigger-target SSRF guard: every special-purpose address in every notation is refused, and a name is resolved
 * once and the connection pinned to that answer (a resolver that answers public first and loopback after cannot
 * redirect the token).
 */
const BLOCKED: [string, string][] = [
  ['127.0.0.1', 'IPv4 loopback'],
  ['127.255.255.254', 'IPv4 loopback, top of the /8'],
  ['0.0.0.0', '"this network"'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['192.168.0.1', 'private'],
  ['100.64.0.1', 'CGNAT shared space'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation TEST-NET-1'],
  ['198.51.100.1', 'documentation TEST-NET-2'],
  ['203.0.113.1', 'documentation TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['224.0.0.1', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'IPv6 loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback, dotted'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['0:0:0:0:0:ffff:7f00:0001', 'IPv4-mapped loopback, uncompressed'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata address'],
  ['::ffff:10.1.2.3', 'IPv4-mapped private'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::169.254.169.254', 'NAT64 of metadata'],
  ['64:ff9b:1::8.8.8.8', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2001::1', 'Teredo / IETF assignments'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['100::1', 'discard-only'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456::1', 'unique-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with zone'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['5f00::1', 'SRv6 SIDs'],
  ['not-an-ip', 'not an address at all'],
];
const ALLOWED = ['8.8.8.8', '1.1.1.1', '104.18.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4001::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];

describe('SSRF guard: special-purpose addresses in every notation', () => {
  for (const [ip, what] of BLOCKED) it(`blocks ${ip} (${what})`, () => assert.equal(isPrivateAddress(ip), true));
  it('lets public addresses through, also when embedded in IPv6', () => {
    for (const ip of ALLOWED) assert.equal(isPrivateAddress(ip), false, ip);
  });

  it('refuses URL literals however the address is written', () => {
    for (const host of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]', '[::127.0.0.1]', '[fd00::1]', '2130706433', '0x7f.0.0.1', '127.1', '0177.0.0.1']) {
      const url = `https://${host}/workflows-marketplace/triggers/execute/l/t`;
      const rules = { allowPrivate: false, prefixes: [`${new URL(url).origin}/workflows-marketplace/triggers/execute/`] };
      assert.match(targetUrlProblem(url, rules) ?? '', /private address/, host);
    }
  });
});

describe('SSRF guard: one resolution, pinned connection (DNS rebinding)', () => {
  /** A resolver that answers `first` on its first call and `then` on every later call, counting calls. */
  const rebinding = (first: string, then: string) => {
    const calls: string[] = [];
    const resolve: Resolve = async (host) => {
      calls.push(host);
      const address = calls.length === 1 ? first : then;
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    };
    return { resolve, calls };
  };
  const rules = { allowPrivate: false, prefixes: ['https://hooks.rebind.example/triggers/'] };
  const URL_ = 'https://hooks.rebind.example/triggers/l/t';

  it('public then loopback: the connection lookup answers the first (checked) address and DNS is not asked again', async () => {
    const dns = rebinding('8.8.8.8', '127.0.0.1');
    const pinned = await pinTarget(URL_, rules, dns.resolve);
    assert.equal(pinned.address, '8.8.8.8');
    const lookup = (pinned.httpsAgent as unknown as { options: { lookup: (h: string, o: object, cb: (...a: unknown[]) => void) => void } }).options.lookup;
    for (const opts of [{}, { all: true }]) {
      const answer = await new Promise<unknown[]>((r) => lookup('hooks.rebind.example', opts, (...a: unknown[]) => r(a)));
      assert.deepEqual(answer, 'all' in opts ? [null, [{ address: '8.8.8.8', family: 4 }]] : [null, '8.8.8.8', 4]);
    }
    assert.equal(dns.calls.length, 1);
  });

  it('loopback first (or among the answers): refused before any connection', async () => {
    await assert.rejects(pinTarget(URL_, rules, rebinding('127.0.0.1', '8.8.8.8').resolve), /resolves to a private address/);
    await assert.rejects(pinTarget(URL_, rules, rebinding('::ffff:7f00:1', '8.8.8.8').resolve), /resolves to a private address/);
    const mixed: Resolve = async () => [
      { address: '8.8.8.8', family: 4 },
      { address: '64:ff9b::a9fe:a9fe', family: 6 },
    ];
    await assert.rejects(pinTarget(URL_, rules, mixed), /resolves to a private address/);
  });

  describe('over a real socket (loopback only: 127.0.0.2 plays the checked address, 127.0.0.1 the rebound one)', () => {
    const hits: { server: string; host?: string }[] = [];
    const servers: http.Server[] = [];
    let port = 0;
    before(async () => {
      for (const ip of ['127.0.0.2', '127.0.0.1']) {
        const s = http.createServer((req, res) => {
          hits.push({ server: ip, host: req.headers.host });
          res.end('ok');
        });
        await new Promise<void>((r) => s.listen(port, ip, r));
        port = (s.address() as AddressInfo).port;
        servers.push(s);
      }
    });
    after(async () => {
      for (const s of servers) await new Promise((r) => s.close(r));
    });

    it('every request goes to the first answer, with the original Host header', async () => {
      const dns = rebinding('127.0.0.2', '127.0.0.1');
      const url = `http://hooks.rebind.example:${port}/triggers/l/t`;
      const pinned = await pinTarget(url, { allowPrivate: true, prefixes: [`http://hooks.rebind.example:${port}/triggers/`] }, dns.resolve);
      for (let i = 0; i < 3; i++) await axios.post(url, {}, { httpAgent: pinned.httpAgent, proxy: false });
      assert.deepEqual(hits, Array(3).fill({ server: '127.0.0.2', host: `hooks.rebind.example:${port}` }));
      assert.equal(dns.calls.length, 1);
    });
  });
});
