// Agency overview: one row per location of the company, each linking to that location's page.
import { get } from './api.js';
import { $, el, labelCells, show } from './dom.js';

export const INSTALL_LABELS = { active: 'active', needs_reauth: 'needs re-authorisation', paused: 'paused', uninstalled: 'uninstalled' };

/** The location's name as the agency knows it, with its id beside; only the id when GHL never gave a name. */
function locationCell(l) {
  const link = el('a', { href: `#/locations/${encodeURIComponent(l.locationId)}` }, l.name || l.locationId);
  return l.name ? el('span', { class: 'location-name' }, link, ' ', el('span', { class: 'location-id' }, l.locationId)) : link;
}

export async function loadAgency() {
  const { locations, message } = await get('/api/agency/locations');
  const rows = locations.map((l) => {
    const attention = [];
    if (l.installState === 'needs_reauth') attention.push('Reconnect HighLevel (needs re-authorisation)');
    if (l.installState === 'paused') attention.push('Paused: the location is not active');
    if (!l.razorpay.connected) attention.push('Razorpay not connected');
    if (l.failures24h > 0) attention.push(`${l.failures24h} failed event(s)`);
    if (l.webhookWarning) attention.push(l.webhookWarning);
    // the other health problems (the ones above are already listed)
    const shown = ['ghl_reauth', 'ghl_paused', 'webhook_silent'];
    for (const r of l.health?.reasons ?? []) if (!shown.includes(r.code)) attention.push(`${r.message} ${r.action}`);
    if (l.health?.incident?.alertHeld) attention.push('Alert waiting here: HighLevel cannot be reached for this location.');
    return el(
      'tr',
      { dataset: { locationId: l.locationId } },
      el('td', {}, locationCell(l)),
      el('td', {}, el('span', { class: `badge install-${l.installState}` }, INSTALL_LABELS[l.installState] || l.installState)),
      el('td', {}, l.razorpay.connected ? `${(l.razorpay.modes || [l.razorpay.mode]).join(' + ')} mode` : 'not connected'),
      el('td', {}, String(l.events24h)),
      el('td', {}, String(l.failures24h)),
      el('td', {}, attention.length ? el('ul', {}, attention.map((a) => el('li', {}, a))) : 'OK'),
    );
  });
  $('#agency-table tbody').replaceChildren(...rows);
  labelCells($('#agency-table'));
  // an agency user GHL gives no sub-account is told why the list is empty
  if (message) $('#agency-empty').textContent = message;
  show('#agency-empty', rows.length === 0);
}
