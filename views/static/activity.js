// Activity section: recent events with status, their effects in HighLevel (linking to the contact), the error
// of a failed one and a Retry button. Payer-supplied text is set with textContent only (see dom.js).
import { get, post } from './api.js';
import { $, el, say, show, when, labelCells } from './dom.js';

const state = { locationId: null, isAdmin: false, wired: false, nextBefore: null };

export async function loadActivity(ctx) {
  state.locationId = ctx.locationId;
  state.isAdmin = ctx.isAdmin;
  if (!state.wired) wire();
  await refresh(false);
}

function query(before) {
  const form = $('#activity-filters');
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, String(v));
  if (before) params.set('before', String(before));
  return params.toString();
}

async function refresh(append) {
  const q = query(append ? state.nextBefore : null);
  const res = await get(`/api/locations/${encodeURIComponent(state.locationId)}/activity${q ? `?${q}` : ''}`);
  const tbody = $('#activity-table tbody');
  const rows = res.items.map(row);
  if (append) tbody.append(...rows);
  else tbody.replaceChildren(...rows);
  state.nextBefore = res.nextBefore || null;
  show('#activity-more', Boolean(state.nextBefore));
  labelCells($('#activity-table'));
  show('#activity-empty', tbody.children.length === 0);
  if (!append) document.dispatchEvent(new CustomEvent('activity-refreshed'));
}

function effectItem(e) {
  const label = [e.label, e.detail].filter(Boolean).join(': ');
  return el('li', {}, e.url ? el('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer' }, label) : label);
}

function row(item) {
  const payer = item.payer ? [item.payer.name, item.payer.email].filter(Boolean).join(' · ') : '';
  const effects = el('ul', {}, item.effects.map(effectItem));
  if (item.contactUrl) effects.prepend(el('li', {}, el('a', { href: item.contactUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open contact in HighLevel')));
  const actions = el('td');
  if (item.status === 'failed' && state.isAdmin) {
    actions.append(el('button', { type: 'button', class: 'secondary', onclick: () => retry(item.id), 'aria-label': `Retry ${item.type}` }, 'Retry'));
  }
  return el(
    'tr',
    { dataset: { inboxId: item.id, status: item.status } },
    el('td', {}, when(item.receivedAt)),
    el('td', {}, el('code', {}, item.type)),
    el('td', { class: 'payer' }, payer),
    el('td', {}, el('span', { class: `status status-${item.status}` }, item.status)),
    el('td', {}, effects),
    el('td', { class: 'error' }, item.error || ''),
    actions,
  );
}

async function retry(inboxId) {
  const status = $('#activity-status');
  try {
    await post(`/api/locations/${encodeURIComponent(state.locationId)}/activity/${encodeURIComponent(inboxId)}/retry`);
    say(status, 'ok', 'Queued for another try.');
    await refresh(false);
  } catch (e) {
    say(status, 'error', e.message);
  }
}

function wire() {
  state.wired = true;
  $('#activity-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    refresh(false).catch((e) => say($('#activity-status'), 'error', e.message));
  });
  $('#activity-refresh').addEventListener('click', () => refresh(false).catch((e) => say($('#activity-status'), 'error', e.message)));
  $('#activity-more').addEventListener('click', () => refresh(true).catch((e) => say($('#activity-status'), 'error', e.message)));
}
