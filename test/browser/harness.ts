import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import type { TestApp } from '../helpers/app.js';
import { type GhlTestBed, ghlTestBed, installLocation } from '../helpers/ghl-app.js';
import { defaultUserId, encryptLikeGhl, registerGhlUser, type SsoUser } from '../helpers/ghl-sso.js';
import { type GhlParent, startGhlParent } from './ghl-parent.js';

/**
 * The app on a real port (`http://localhost:<port>`), a stand-in GHL parent on another origin
 * (`http://127.0.0.1:<port>`) that the app's frame-ancestors allow, a second parent on yet another origin that
 * they do not, a fake GHL API (locations are installed through the OAuth callback, so the sync engine's calls
 * land there) and a fake Razorpay. The worker does not run by itself: tests drain it, as a worker process would.
 */
export interface BrowserEnv {
  t: TestApp;
  bed: GhlTestBed;
  /** Installs a location of `companyId` through the OAuth callback against the fake GHL. */
  install(locationId: string, companyId: string, name?: string): Promise<void>;
  appUrl: string;
  parent: GhlParent;
  stranger: GhlParent;
  rzp: FakeRazorpay;
  /** The stand-in GHL page embedding `/app`, answering with an encrypted payload for `user`. */
  embedUrl(user: SsoUser, parent?: GhlParent): string;
  close(): Promise<void>;
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

export async function startBrowserEnv(env: Record<string, string> = {}): Promise<BrowserEnv> {
  const rzp = new FakeRazorpay();
  await rzp.start();
  const parent = await startGhlParent('127.0.0.1');
  // same host, another port: another origin, so not in frame-ancestors
  const stranger = await startGhlParent('127.0.0.1');
  const server = http.createServer();
  const port = await listen(server, 'localhost');
  const appUrl = `http://localhost:${port}`;
  const bed = await ghlTestBed({}, { APP_URL: appUrl, RAZORPAY_API_URL: rzp.url, GHL_FRAME_ANCESTORS: parent.origin, RAZORPAY_CHECKOUT_URL: `${rzp.url}/v1/checkout.js`, RAZORPAY_RETRY_BASE_MS: '0', RAZORPAY_MAX_ATTEMPTS: '2', ...env });
  const t = bed.t;
  server.on('request', t.app);
  return {
    t,
    bed,
    install: (locationId, companyId, name) => installLocation(bed, locationId, companyId, name),
    appUrl,
    parent,
    stranger,
    rzp,
    embedUrl(user, p = parent) {
      registerGhlUser(t, user);
      const payload = encryptLikeGhl(
        { userId: defaultUserId(user), companyId: user.companyId, role: user.role ?? 'admin', type: user.type ?? 'location', activeLocation: user.activeLocation, userName: 'Test', email: 't@example.com' },
        t.c.config.ghl.sharedSecret,
      );
      return p.pageUrl(`${appUrl}/app`, payload);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([parent.close(), stranger.close(), rzp.stop()]);
      await bed.close();
    },
  };
}
