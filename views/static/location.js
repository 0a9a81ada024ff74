// One location's page: every section loads in parallel; one failing section does not blank the others.
import { loadConnection } from './connection.js';
import { loadSettings } from './settings.js';
import { loadActivity } from './activity.js';
import { loadCharts } from './charts.js';
import { loadHealth } from './health.js';

export async function loadLocation(ctx) {
  const loaders = [loadHealth, loadConnection, loadSettings, loadActivity, loadCharts];
  const results = await Promise.allSettled(loaders.map((load) => load(ctx)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
