// One location's page: every section loads in parallel; one failing section does not blank the others.
// A location that needs attention in HighLevel (re-authorisation, paused) opens read-only with the reason.
import { get } from './api.js';
import { $, setText, show } from './dom.js';
import { loadConnection } from './connection.js';
import { loadPaymentsProvider } from './payments-provider.js';
import { loadSettings } from './settings.js';
import { loadActivity } from './activity.js';
import { loadCharts } from './charts.js';
import { INSTALL_LABELS } from './agency.js';
import { loadDeals } from './deals.js';
import { loadHealth } from './health.js';
import { loadDowntimes, loadSettlements } from './location-events.js';

export async function loadLocation(ctx) {
  const install = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/install-state`);
  const editable = ctx.isAdmin && install.editable;
  setText('#location-heading-name', install.name || ctx.locationId);
  setText('#location-heading-id', install.name ? ctx.locationId : '');
  document.body.classList.toggle('read-only', !editable);
  const notice = $('#install-notice');
  setText('#install-notice-title', `This location needs attention: ${INSTALL_LABELS[install.installState] || install.installState}`);
  setText('#install-notice-text', install.attention || '');
  show(notice, !install.editable);
  const view = { ...ctx, isAdmin: editable };
  const loaders = [loadHealth, loadConnection, loadPaymentsProvider, loadSettings, loadActivity, loadCharts, loadDeals, loadDowntimes, loadSettlements];
  const results = await Promise.allSettled(loaders.map((load) => load(view)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
