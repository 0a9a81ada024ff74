import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Where a workflow trigger delivery may go. Each delivery carries a live location access token, so:
 * 1. the targetUrl must begin with one of the configured prefixes (`GHL_TRIGGER_TARGET_PREFIXES`, by default GHL's
 *    own `https://services.leadconnectorhq.com/workflows-marketplace/triggers/execute/`), checked when a
 *    subscription arrives and again before every delivery (a subscription stored before the rule existed);
 * 2. outside development it must not reach a special-purpose address (IANA's IPv4 and IPv6 special registries), in
 *    any notation: literal, IPv4-mapped/-compatible, NAT64 or 6to4 embedding a blocked IPv4 address;
 * 3. the name is resolved once and the connection goes to that very address (Host and SNI unchanged), so a DNS
 *    answer that changes between the check and the connect (rebinding) cannot send the token elsewhere.
 * `allowPrivate` (tests, development) lifts rule 2 and allows http; the prefixes always apply.
 */

// IANA IPv4 Special-Purpose Address Registry: every block not globally reachable, plus multicast and the
// deprecated 6to4 relay anycast. (AS112 and AMT blocks are globally reachable and stay allowed.)
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

// IANA IPv6 Special-Purpose Address Registry (and RFC 4291 scopes): blocked outright.
const V6_BLOCKED: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, benchmarking …)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing SIDs
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const v4Bytes = (ip: string) => ip.split('.').map(Number);
const hex16 = (a: number, b: number) => ((a << 8) | b).toString(16);

/** An IPv4 block written inside an IPv6 prefix of `at` bits: the v4 network's 32 bits start at bit `at`. */
function embedded(prefix: number[], at: number, [base, bits]: [string, number]): [string, number] {
  const bytes = [...prefix, ...new Array(16 - prefix.length).fill(0)];
  v4Bytes(base).forEach((b, i) => (bytes[at / 8 + i] = b));
  const groups = Array.from({ length: 8 }, (_, i) => hex16(bytes[2 * i], bytes[2 * i + 1]));
  return [groups.join(':'), at + bits];
}

// Forms that carry an IPv4 address inside IPv6: each blocked v4 range is blocked there too.
const EMBEDDINGS: { prefix: number[]; at: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], at: 96 }, // ::ffff:a.b.c.d IPv4-mapped
  { prefix: [], at: 96 }, // ::a.b.c.d IPv4-compatible (deprecated)
  { prefix: [0, 0x64, 0xff, 0x9b], at: 96 }, // 64:ff9b::a.b.c.d NAT64 well-known prefix
  { prefix: [0x20, 0x02], at: 16 }, // 2002:aabb:ccdd:: 6to4
];

function buildBlockList(): net.BlockList {
  const list = new net.BlockList();
  for (const [base, bits] of V4_BLOCKED) list.addSubnet(base, bits, 'ipv4');
  for (const [base, bits] of V6_BLOCKED) list.addSubnet(base, bits, 'ipv6');
  for (const e of EMBEDDINGS) for (const block of V4_BLOCKED) list.addSubnet(...embedded(e.prefix, e.at, block), 'ipv6');
  return list;
}

const BLOCKED = buildBlockList();

/** True for any address a token must never reach (and for anything that is not an IP address at all). */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family === 6) return BLOCKED.check(bare, 'ipv6');
  return true;
}

export interface TargetRules {
  allowPrivate: boolean;
  /** URL beginnings a target must start with (origin and path prefix ending in `/`). */
  prefixes: readonly string[];
}

/** The target is one of the allowed prefixes: same scheme, host and port, and a path below the prefix's path. */
function matchesPrefix(u: URL, prefixes: readonly string[]): boolean {
  return prefixes.some((raw) => {
    const p = new URL(raw);
    return u.protocol === p.protocol && u.host === p.host && u.pathname.startsWith(p.pathname) && u.pathname.length > p.pathname.length;
  });
}

const PRIVATE_NAMES = /(^|\.)(localhost|internal|local|localdomain|home\.arpa)$/i;

/** Static check when a subscription arrives (and before a delivery): answers a reason to refuse, or undefined. */
export function targetUrlProblem(raw: string, rules: TargetRules): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'targetUrl is not a URL';
  }
  if (u.protocol !== 'https:' && !(rules.allowPrivate && u.protocol === 'http:')) return 'targetUrl must use https';
  if (u.username || u.password) return 'targetUrl must not carry credentials';
  if (!matchesPrefix(u, rules.prefixes)) {
    return `targetUrl must be a GHL workflow trigger URL beginning with ${rules.prefixes.join(' or ')}; a delivery carries the location's access token and is sent nowhere else`;
  }
  if (rules.allowPrivate) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (PRIVATE_NAMES.test(host)) return 'targetUrl points at a private host';
  if (net.isIP(host) && isPrivateAddress(host)) return 'targetUrl points at a private address';
  return undefined;
}

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export interface PinnedTarget {
  /** The one address the connection will use. */
  address: string;
  family: number;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/**
 * Resolves the target's host once, refuses it when any answer is a blocked address (outside development), and
 * answers agents whose `lookup` always gives that first answer: the socket connects to the address that was checked,
 * while the URL (Host header, TLS SNI and certificate check) keeps the name. Throws `TargetRefused` on a problem.
 */
export async function pinTarget(raw: string, rules: TargetRules, resolve: Resolve = systemResolve): Promise<PinnedTarget> {
  const problem = targetUrlProblem(raw, rules);
  if (problem) throw new TargetRefused(problem);
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const family = net.isIP(host);
  const answers = family ? [{ address: host, family }] : await resolve(host);
  if (!answers.length) throw new Error(`${host} has no address`);
  if (!rules.allowPrivate && answers.some((a) => isPrivateAddress(a.address))) throw new TargetRefused('targetUrl resolves to a private address');
  const pinned = answers[0];
  const lookup = pinnedLookup(pinned.address, pinned.family);
  return {
    address: pinned.address,
    family: pinned.family,
    httpAgent: new http.Agent({ lookup, keepAlive: false }),
    httpsAgent: new https.Agent({ lookup, keepAlive: false }),
  };
}

/** A `net.connect` lookup that never asks DNS again: every name gets the address already checked. */
export function pinnedLookup(address: string, family: number): net.LookupFunction {
  return ((_host: string, options: dns.LookupOptions | ((...a: unknown[]) => void), cb?: (...a: unknown[]) => void) => {
    const callback = (typeof options === 'function' ? options : cb)!;
    const all = typeof options === 'object' && options?.all;
    process.nextTick(() => (all ? callback(null, [{ address, family }]) : callback(null, address, family)));
  }) as unknown as net.LookupFunction;
}

export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}
