import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRazorpay } from '../fakes/fake-razorpay.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { encryptLikeGhl, type SsoUser } from '../helpers/ghl-sso.js';
import { type GhlParent, startGhlParent } from './ghl-parent.js';

/**
 * The app on a real port (`http://localhost:<port>`), a stand-in GHL parent on another origin
 * (`http://127.0.0.1:<port>`) that the app's frame-ancestors allow, a second parent on yet another origin that
 * they do not, and a fake Razorpay.
 */
export interface BrowserEnv {
  t: TestApp;
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
  const t = await buildTestApp({ APP_URL: appUrl, RAZORPAY_API_URL: rzp.url, GHL_FRAME_ANCESTORS: parent.origin, ...env });
  server.on('request', t.app);
  return {
    t,
    appUrl,
    parent,
    stranger,
    rzp,
    embedUrl(user, p = parent) {
      const payload = encryptLikeGhl(
        { userId: user.userId ?? 'user_1', companyId: user.companyId, role: user.role ?? 'admin', type: user.type ?? 'location', activeLocation: user.activeLocation, userName: 'Test', email: 't@example.com' },
        t.c.config.ghl.sharedSecret,
      );
      return p.pageUrl(`${appUrl}/app`, payload);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([parent.close(), stranger.close(), rzp.stop()]);
      await t.close();
    },
  };
}
