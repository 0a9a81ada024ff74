import { lookup } from 'node:dns/promises';
import net from 'node:net';

/**
 * SSRF guard for GHL's trigger `targetUrl`: we POST a location token to it, so in production it must be https and
 * must not reach private, loopback or link-local addresses (checked on the literal and again on what the name
 * resolves to at delivery). `allowPrivate` (tests, development) lifts both rules.
 */
const PRIVATE_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;

export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const x = v4ToInt(ip);
    return PRIVATE_V4.some(([base, bits]) => (x >>> (32 - bits)) === (v4ToInt(base) >>> (32 - bits)));
  }
  if (net.isIPv6(ip)) {
    const l = ip.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(l);
    if (mapped) return isPrivateAddress(mapped[1]);
    return l === '::' || l === '::1' || /^f[cd]/.test(l) || /^fe[89ab]/.test(l) || /^ff/.test(l);
  }
  return true;
}

/** Static check when a subscription arrives: answers a reason to refuse, or undefined. */
export function targetUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'targetUrl is not a URL';
  }
  if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:')) return 'targetUrl must use https';
  if (u.username || u.password) return 'targetUrl must not carry credentials';
  if (allowPrivate) return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) return 'targetUrl points at a private host';
  if (net.isIP(host) && isPrivateAddress(host)) return 'targetUrl points at a private address';
  return undefined;
}

/** Delivery-time check of what the host resolves to (a public name can point at a private address). */
export async function resolvedTargetProblem(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  const problem = targetUrlProblem(raw, allowPrivate);
  if (problem || allowPrivate) return problem;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return undefined;
  const addrs = await lookup(host, { all: true });
  return addrs.some((a) => isPrivateAddress(a.address)) ? 'targetUrl resolves to a private address' : undefined;
}
