// Integration health: healthy, or each problem with what to do, and whether an alert went into HighLevel.
import { get } from './api.js';
import { $, el, setText, show, when } from './dom.js';

export async function loadHealth(ctx) {
  const h = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/health`);
  show('#health-ok', h.healthy);
  show('#health-problems', !h.healthy);
  if (h.healthy) return;
  $('#health-reasons').replaceChildren(
    ...h.reasons.map((r) => el('li', { dataset: { code: r.code } }, el('strong', {}, r.message), ' ', el('span', {}, `What to do: ${r.action}`))),
  );
  const i = h.incident;
  setText('#health-since', i ? `Needs attention since ${when(i.openedAt)}.` : 'Needs attention.');
  setText(
    '#health-alert-note',
    !i ? '' : i.alertHeld ? 'HighLevel cannot be reached for this location, so no task was created there: this page and the agency view show the alert.' : i.alertedAt ? `A task was created in HighLevel ${when(i.alertedAt)} and is completed automatically once this is fixed.` : '',
  );
}
