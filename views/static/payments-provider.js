// Payments provider section: is Razorpay registered as this sub-account's payment provider in HighLevel, which
// modes' keys reached HighLevel (test and live may both), the last error, and the "Set as default" step only the user can take in GHL.
import { get, post } from './api.js';
import { $, say, setText, show, when } from './dom.js';

let current = { locationId: null, wired: false };
const base = () => `/api/locations/${encodeURIComponent(current.locationId)}/payments-provider`;

export async function loadPaymentsProvider(ctx) {
  current.locationId = ctx.locationId;
  if (!current.wired) wire();
  render(await get(base()));
}

function modeText(m, name, connectedModes) {
  if (m.pushed) return `Sent to HighLevel ${when(Date.parse(m.pushedAt))} (key ${m.publishableKey})`;
  return connectedModes.includes(name) ? 'Waiting to be sent…' : `Not connected (connect ${name} keys to use ${name} mode)`;
}

function render(s) {
  setText('#provider-registered', s.registered ? `Registered ${when(Date.parse(s.registeredAt))}` : s.pending ? 'Registering…' : 'Not registered');
  const connected = s.connectedModes || (s.connectedMode ? [s.connectedMode] : []);
  setText('#provider-test', modeText(s.modes.test, 'test', connected));
  setText('#provider-live', modeText(s.modes.live, 'live', connected));
  const err = $('#provider-error');
  err.textContent = s.lastError ? `HighLevel refused the last attempt (${when(Date.parse(s.lastErrorAt))}): ${s.lastError}. It is retried automatically.` : '';
  show(err, Boolean(s.lastError));
  show('#provider-default-hint', s.registered && (s.modes.test.pushed || s.modes.live.pushed));
}

function wire() {
  current.wired = true;
  const form = $('#provider-sync-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const status = $('.form-status', form);
    try {
      render(await post(`${base()}/sync`));
      say(status, 'ok', 'Queued: HighLevel gets the configuration in a moment.');
    } catch (e) {
      say(status, 'error', e.message);
    }
  });
}
