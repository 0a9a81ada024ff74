import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for GHL's checkout on its own origin: it frames our paymentsUrl, records every message the frame
 * sends (`window.received`), and answers `custom_provider_ready` with the `payment_initiate_props` it was given
 * (unless told not to). With `sibling`, a second frame from another origin tries to send forged props to ours.
 */
export interface PaymentsParent {
  origin: string;
  pageUrl(checkoutUrl: string, props: Record<string, unknown>, opts?: { send?: boolean; sibling?: string; asString?: boolean }): string;
  /** A page that, framed beside ours, posts forged props to its sibling frame. */
  siblingUrl(props: Record<string, unknown>): string;
  close(): Promise<void>;
}

const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const parentPage = (checkoutUrl: string, props: string, send: boolean, sibling: string, asString: boolean) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Stand-in HighLevel checkout</title></head>
<body style="margin:0;font-family:sans-serif">
<div style="background:#155eef;color:#fff;padding:8px 16px;height:18px">Stand-in HighLevel · order form</div>
<iframe id="pay-frame" name="pay-frame" title="Razorpay" src="${attr(checkoutUrl)}" style="display:block;width:100%;height:560px;border:0"></iframe>
${sibling ? `<iframe id="sibling" title="sibling" src="${attr(sibling)}" style="width:10px;height:10px;border:0"></iframe>` : ''}
<script>
  const props = ${props};
  window.received = [];
  window.sent = 0;
  window.addEventListener('message', function (event) {
    const frame = document.getElementById('pay-frame');
    if (event.source !== frame.contentWindow) return;
    let data = event.data;
    if (typeof data === 'string') { try { data = JSON.parse(data); } catch (e) {} }
    window.received.push(data);
    if (${send ? 'true' : 'false'} && data && data.type === 'custom_provider_ready' && !window.sent) {
      window.sent++;
      const message = Object.assign({ type: 'payment_initiate_props' }, props);
      event.source.postMessage(${asString ? 'JSON.stringify(message)' : 'message'}, new URL(frame.src).origin);
    }
  });
</script>
</body></html>`;

const siblingPage = (props: string) => `<!doctype html><html><body><script>
  const forged = Object.assign({ type: 'payment_initiate_props' }, ${props});
  const target = window.parent.frames['pay-frame'];
  let n = 0;
  const t = setInterval(function () { try { target.postMessage(forged, '*'); } catch (e) {} if (++n > 20) clearInterval(t); }, 100);
</script></body></html>`;

export async function startPaymentsParent(host = '127.0.0.1'): Promise<PaymentsParent> {
  const server: Server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/checkout' && url.pathname !== '/sibling') {
      res.writeHead(404).end();
      return;
    }
    const props = url.searchParams.get('props') ?? '{}';
    let safe: string;
    try {
      safe = json(JSON.parse(props));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    if (url.pathname === '/checkout') res.end(parentPage(url.searchParams.get('app') ?? '', safe, url.searchParams.get('send') !== 'no', url.searchParams.get('sibling') ?? '', url.searchParams.get('string') === 'yes'));
    else res.end(siblingPage(safe));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (checkoutUrl, props, opts = {}) => {
      const q = new URLSearchParams({ app: checkoutUrl, props: JSON.stringify(props) });
      if (opts.send === false) q.set('send', 'no');
      if (opts.sibling) q.set('sibling', opts.sibling);
      if (opts.asString) q.set('string', 'yes');
      return `${origin}/checkout?${q}`;
    },
    siblingUrl: (props) => `${origin}/sibling?${new URLSearchParams({ props: JSON.stringify(props) })}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
