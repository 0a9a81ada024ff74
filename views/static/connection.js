// Connection section: connect, rotate or disconnect Razorpay; shows mode, webhook URL, events to tick, and
// whether webhooks are still arriving (Razorpay disables a webhook after 24 h of failed deliveries), and webhooks
// of another Razorpay account refused.
import { del, get, put } from './api.js';
import { $, el, say, setText, show, when } from './dom.js';

let current = { locationId: null, wired: false };

export async function loadConnection(ctx) {
  current.locationId = ctx.locationId;
  if (!current.wired) wire();
  const base = `/api/locations/${encodeURIComponent(ctx.locationId)}`;
  const conn = await get(`${base}/razorpay`);
  render(conn.connected ? conn : null, conn.events);
  if (conn.connected) {
    const health = await get(`${base}/connection-health`);
    setText('#last-webhook', when(health.lastWebhookAt));
    const warning = $('#webhook-warning');
    warning.textContent = health.warning || '';
    show(warning, Boolean(health.warning));
  }
}

function render(conn, events) {
  show('#connection-details', Boolean(conn));
  show('#connection-none', !conn);
  show('#disconnect-form', Boolean(conn));
  const badge = $('#mode-badge');
  show(badge, Boolean(conn));
  setText('#connect-form-title', conn ? 'Rotate keys' : 'Connect Razorpay');
  // rotating is rare: folded away once connected, open when there is nothing else to do
  $('#connect-box').open = !conn;
  setText('#connect-submit', conn ? 'Save new keys' : 'Connect');
  $('#webhook-events').replaceChildren(...(events || []).map((e) => el('li', {}, e)));
  if (!conn) return;
  badge.textContent = conn.mode === 'live' ? 'Live mode' : 'Test mode';
  badge.className = `badge ${conn.mode === 'live' ? 'live' : 'test'}`;
  setText('#key-id-masked', conn.keyIdMasked);
  $('#webhook-url').value = conn.webhookUrl || '';
  // the account is the first one a signed webhook named; webhooks of any other account are refused
  setText('#account-id', conn.accountId || '');
  show('#account-id-line', Boolean(conn.accountId));
  const refused = $('#account-warning');
  refused.textContent = conn.refusedEvents ? conn.refusedEvents.message : '';
  show(refused, Boolean(conn.refusedEvents));
}

function wire() {
  current.wired = true;
  const form = $('#connect-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const status = $('.form-status', form);
    const data = Object.fromEntries(new FormData(form));
    say(status, 'ok', 'Checking the keys with Razorpay…');
    try {
      await put(`/api/locations/${encodeURIComponent(current.locationId)}/razorpay`, data);
      form.reset();
      say(status, 'ok', '');
      say($('#connection-status'), 'ok', 'Connected. Now add the webhook URL above in your Razorpay Dashboard and tick the events listed.');
      await loadConnection({ locationId: current.locationId });
    } catch (e) {
      say(status, 'error', e.message);
    }
  });
  const disconnect = $('#disconnect-form');
  disconnect.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = $('button', disconnect);
    const status = $('.form-status', disconnect);
    // two steps instead of confirm(): dialogs are unreliable inside a cross-origin iframe
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = 'Click again to disconnect';
      return;
    }
    button.dataset.armed = '';
    button.textContent = 'Disconnect Razorpay';
    try {
      await del(`/api/locations/${encodeURIComponent(current.locationId)}/razorpay`);
      say(status, 'ok', 'Disconnected. Remove the webhook from the Razorpay Dashboard too.');
      await loadConnection({ locationId: current.locationId });
    } catch (e) {
      say(status, 'error', e.message);
    }
  });
  $('#copy-webhook-url').addEventListener('click', async () => {
    const input = $('#webhook-url');
    const button = $('#copy-webhook-url');
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      // the clipboard API needs a permission GHL's iframe may not grant; fall back to a selection copy
      input.select();
      document.execCommand('copy');
    }
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = 'Copy'), 2000);
  });
}
