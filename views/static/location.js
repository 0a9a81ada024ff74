// One location's page: every section loads in parallel; one failing section does not blank the others.
import { loadConnection } from './connection.js';
import { loadAutomations } from './automations.js';
import { loadScoring } from './scoring.js';
import { loadReminders } from './reminders.js';
import { loadActivity } from './activity.js';
import { loadCharts } from './charts.js';

export async function loadLocation(ctx) {
  const loaders = [loadConnection, loadAutomations, loadScoring, loadReminders, loadActivity, loadCharts];
  const results = await Promise.allSettled(loaders.map((load) => load(ctx)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}
