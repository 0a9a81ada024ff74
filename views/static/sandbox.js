// The sandbox console: plays HighLevel's parent window for the embedded page (answers its sign-in request with
// the payload the server encrypted), sends signed Razorpay samples, and shows the stand-in CRM as the worker fills it.
import { $, el, money, say, setText, show } from './dom.js';

const body = document.body;
const frame = $('#app-frame');
const payload = body.dataset.ssoPayload;

// GHL answers REQUEST_USER_DATA from its own frame only, and only to the frame's origin
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || !event.data || event.data.message !== 'REQUEST_USER_DATA') return;
  event.source.postMessage({ message: 'REQUEST_USER_DATA_RESPONSE', payload }, new URL(frame.src, location.href).origin);
});

async function api(path, init) {
  const res = await fetch(path, { headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, ...init });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((json.error && json.error.message) || `HTTP ${res.status}`);
  return json;
}

const form = $('#send-form');
const sample = $('#send-sample');
function fillDefaults() {
  const o = sample.selectedOptions[0];
  $('#send-name').value = o.dataset.name || '';
  $('#send-email').value = o.dataset.email || '';
  $('#send-amount').value = o.dataset.amount || '';
}
sample.addEventListener('change', fillDefaults);
fillDefaults();

const crmLocation = () => $('#send-location').value;
$('#send-location').addEventListener('change', () => void refresh());

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const status = $('#send-status');
  say(status, '', 'Sending…');
  try {
    const r = await api('/sandbox/api/send', {
      method: 'POST',
      body: JSON.stringify({ locationId: crmLocation(), sample: sample.value, name: $('#send-name').value, email: $('#send-email').value, amount: $('#send-amount').value, renewIds: $('#send-renew').checked }),
    });
    const moved = r.switchedToAccount ? `The sample is from Razorpay account ${r.switchedToAccount}, so the location was first connected with new test keys (a connection takes one account). ` : '';
    const refused = r.answer && r.answer.status === 'refused';
    say(status, r.status === 200 && !refused ? 'ok' : 'error', refused ? `${r.event} refused by the app: another Razorpay account than the connection's.` : r.status === 200 ? `${moved}${r.event} accepted by the app (${r.eventId}); the worker is on it.` : `The app answered ${r.status}.`);
    void refresh();
  } catch (e) {
    say(status, 'error', e.message);
  }
});

$('#reset-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const status = $('#reset-status');
  say(status, '', 'Resetting…');
  try {
    await api('/sandbox/api/reset', { method: 'POST', body: '{}' });
    location.reload();
  } catch (e) {
    say(status, 'error', e.message);
  }
});

const fieldValue = (v) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

function contactCard(c) {
  const list = (title, items) => (items.length ? [el('h4', {}, title), el('ul', { class: 'crm-list' }, items)] : []);
  return el(
    'article',
    { class: 'crm-contact', id: `contact-${c.id}`, dataset: { contactId: c.id } },
    el('h3', {}, c.name || c.email || c.phone || c.id, ' ', el('span', { class: 'location-id' }, c.id)),
    el('p', { class: 'hint' }, [c.email, c.phone].filter(Boolean).join(' · ')),
    el('p', { class: 'crm-tags', 'aria-label': 'Tags' }, c.tags.length ? c.tags.map((t) => el('span', { class: 'tag' }, t)) : 'no tags'),
    ...list('Custom fields', c.customFields.map((f) => el('li', { class: 'crm-field' }, el('span', { class: 'crm-field-name' }, f.name), ': ', fieldValue(f.value)))),
    ...list('Notes', c.notes.map((n) => el('li', { class: 'crm-note' }, n.body))),
    ...list('Tasks', c.tasks.map((t) => el('li', { class: 'crm-task' }, `${t.completed ? '✓ ' : ''}${t.title} — due ${t.dueDate.slice(0, 10)}`))),
    ...list('Opportunities', c.opportunities.map((o) => el('li', { class: 'crm-opportunity' }, `${o.name} — ${o.status}, ${o.stage}, ${money(Math.round(o.value * 100))}`))),
  );
}

let last = '';
async function refresh() {
  try {
    const crm = await api(`/sandbox/api/crm?locationId=${encodeURIComponent(crmLocation())}`);
    setText('#crm-location', crm.locationId);
    const text = JSON.stringify(crm);
    if (text !== last) {
      last = text;
      $('#crm-contacts').replaceChildren(...crm.contacts.map(contactCard));
      $('#crm-triggers').replaceChildren(...crm.triggerDeliveries.map((d) => el('li', { class: 'crm-trigger' }, `${d.key || d.triggerId}${d.contactId ? ` → contact ${d.contactId}` : ''}`)));
      show('#crm-triggers-empty', crm.triggerDeliveries.length === 0);
    }
    setText('#crm-state', crm.pendingJobs ? `The worker has ${crm.pendingJobs} job(s) to do…` : crm.contacts.length ? `${crm.contacts.length} contact(s).` : 'No contacts yet: send an event.');
  } catch (e) {
    setText('#crm-state', `Could not read the sandbox CRM: ${e.message}`);
  }
}

void refresh();
setInterval(() => void refresh(), 1500);
