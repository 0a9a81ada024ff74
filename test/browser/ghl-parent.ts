import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GHL's parent window, on its own origin (`http://127.0.0.1:<port>`): it embeds our `/app` in an
 * iframe and answers the page's `REQUEST_USER_DATA` with an encrypted payload, as GHL does. Tests set the
 * payload per page with `?payload=` and count the requests it saw.
 */
export interface GhlParent {
  origin: string;
  /** The URL of a parent page embedding `appUrl` that answers with `payload`. */
  pageUrl(appUrl: string, payload: string): string;
  close(): Promise<void>;
}

const page = (appUrl: string, payload: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Stand-in HighLevel</title></head>
<body style="margin:0;font-family:sans-serif">
<div style="background:#155eef;color:#fff;padding:8px 16px;height:18px">Stand-in HighLevel</div>
<iframe id="app-frame" title="Razorpay for HighLevel" src="${escapeAttr(appUrl)}" style="display:block;width:100%;height:calc(100vh - 34px);border:0"></iframe>
<script>
  const payload = ${JSON.stringify(payload).replace(/</g, '\\u003c')};
  window.requests = 0;
  window.addEventListener('message', function (event) {
    const frame = document.getElementById('app-frame');
    if (event.source !== frame.contentWindow) return;
    if (!event.data || event.data.message !== 'REQUEST_USER_DATA') return;
    window.requests++;
    event.source.postMessage({ message: 'REQUEST_USER_DATA_RESPONSE', payload: payload }, new URL(frame.src).origin);
  });
</script>
</body></html>`;

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function startGhlParent(host = '127.0.0.1'): Promise<GhlParent> {
  const server: Server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/embed') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page(url.searchParams.get('app') ?? '', url.searchParams.get('payload') ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (appUrl, payload) => `${origin}/embed?app=${encodeURIComponent(appUrl)}&payload=${encodeURIComponent(payload)}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
