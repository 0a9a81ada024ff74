// Connection section: connect, rotate or disconnect Razorpay per mode (test and live may both be connected);
// shows each mode's key, webhook URL and last webhook, the events to tick, and whether webhooks are still
// arriving (Razorpay disables a webhook after 24 h of failed deliveries), and webhooks of another Razorpay
// account refused.
import { del, get, put } from './api.js';
import { $, $$, el, say, setText, show, when } from './dom.js';

const MODES = ['test', 'live'];
let current = { locationId: null, wired: false };
const base = () => `/api/locations/${encodeURIComponent(current.locationId)}/razorpay`;

export async function loadConnection(ctx) {
  current.locationId = ctx.locationId;
  if (!current.wired) wire();
  const all = await get(base());
  show('#connection-none', !all.connected);
  $('#webhook-events').replaceChildren(...(all.events || []).map((e) => el('li', {}, e)));
  for (const mode of MODES) render(mode, all.modes[mode], all.connected);
  const warning = $('#webhook-warning');
  warning.textContent = '';
  if (all.connected) {
    const health = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/connection-health`);
    warning.textContent = health.warning || '';
  }
  show(warning, Boolean(warning.textContent));
}

function render(mode, conn, anyConnected) {
  const panel = $(`#conn-${mode}`);
  const on = Boolean(conn && conn.connected);
  show($('.conn-details', panel), on);
  show($('.disconnect-form', panel), on);
  setText($('.conn-state', panel), on ? 'connected' : 'not connected');
  setText($('.connect-form-title', panel), on ? `Rotate ${mode} keys` : `Connect ${mode} keys`);
  // rotating is rare: folded away once connected; the first connection's form is open when nothing is connected
  $('.connect-box', panel).open = !on && (mode === 'test' ? !anyConnected : false);
  setText($('.connect-submit', panel), on ? 'Save new keys' : 'Connect');
  if (!on) return;
  setText($('.key-id-masked', panel), conn.keyIdMasked);
  $('.webhook-url', panel).value = conn.webhookUrl || '';
  setText($('.last-webhook', panel), when(conn.lastWebhookAt ? Date.parse(conn.lastWebhookAt) : undefined));
  // the account is the first one a signed webhook named; webhooks of any other account are refused
  setText($('.account-id', panel), conn.accountId || '');
  show($('.account-id-line', panel), Boolean(conn.accountId));
  const refused = $('.account-warning', panel);
  refused.textContent = conn.refusedEvents ? conn.refusedEvents.message : '';
  show(refused, Boolean(conn.refusedEvents));
}

function wire() {
  current.wired = true;
  for (const form of $$('.connect-form')) {
    const mode = form.dataset.mode;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const status = $('.form-status', form);
      const data = Object.fromEntries(new FormData(form));
      say(status, 'ok', 'Checking the keys with Razorpay…');
      try {
        await put(`${base()}/${mode}`, data);
        form.reset();
        say(status, 'ok', '');
        say($('#connection-status'), 'ok', `Connected ${mode} mode. Now add its webhook URL in your Razorpay Dashboard (${mode} mode) and tick the events listed.`);
        await loadConnection({ locationId: current.locationId });
      } catch (e) {
        say(status, 'error', e.message);
      }
    });
  }
  for (const form of $$('.disconnect-form')) {
    const mode = form.dataset.mode;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const button = $('button', form);
      const status = $('.form-status', form);
      // two steps instead of confirm(): dialogs are unreliable inside a cross-origin iframe
      if (button.dataset.armed !== 'yes') {
        button.dataset.armed = 'yes';
        button.textContent = `Click again to disconnect ${mode} mode`;
        return;
      }
      button.dataset.armed = '';
      button.textContent = `Disconnect ${mode} mode`;
      try {
        await del(`${base()}/${mode}`);
        say($('#connection-status'), 'ok', `Disconnected ${mode} mode. Remove its webhook from the Razorpay Dashboard too.`);
        await loadConnection({ locationId: current.locationId });
      } catch (e) {
        say(status, 'error', e.message);
      }
    });
  }
  for (const button of $$('.copy-webhook-url')) {
    button.addEventListener('click', async () => {
      const input = $('.webhook-url', button.closest('.mode-panel'));
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
}
