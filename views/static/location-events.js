// Location-wide Razorpay facts: the downtime banner (a method the location's customers use is degraded) and the
// settlements list. Both read the app's own API; nothing here reaches Razorpay.
import { get } from './api.js';
import { $, el, labelCells, money, show, when } from './dom.js';

export async function loadDowntimes(ctx) {
  const d = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/downtimes`);
  const shown = d.downtimes.filter((x) => x.affectsLocation);
  $('#downtime-list').replaceChildren(
    ...shown.map((x) => el('li', { dataset: { downtime: x.id } }, el('strong', {}, `${x.method}${x.instrument ? ` (${x.instrument})` : ''}`), ` ${x.status}${x.severity ? `, ${x.severity} severity` : ''}${x.scheduled ? ', scheduled' : ''} since ${when(x.begin)}`)),
  );
  show('#downtime-banner', shown.length > 0);
}

export async function loadSettlements(ctx) {
  const s = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/settlements`);
  $('#settlements-table tbody').replaceChildren(
    ...s.settlements.map((x) => el('tr', {}, el('td', {}, when(x.at)), el('td', {}, money(x.amount, s.currency)), el('td', {}, money(x.fees, s.currency)), el('td', {}, money(x.tax, s.currency)), el('td', {}, x.utr || '—'), el('td', {}, x.id))),
  );
  labelCells($('#settlements-table'));
  show('#settlements-table', s.settlements.length > 0);
  show('#settlements-empty', s.settlements.length === 0);
}
