// Charts section, drawn by Chart.js served from our own origin (/static/vendor/chart.umd.js sets window.Chart).
import { get } from './api.js';
import { money, setText } from './dom.js';

const charts = {};
let last = null;

// the activity list's Refresh (and a Retry) also redraws the charts, so both tell the same story
document.addEventListener('activity-refreshed', () => {
  if (last) loadCharts(last).catch(() => {});
});

function draw(id, config) {
  if (charts[id]) charts[id].destroy();
  // eslint-disable-next-line no-undef
  charts[id] = new window.Chart(document.getElementById(id), config);
}

export async function loadCharts(ctx) {
  last = ctx;
  const s = await get(`/api/locations/${encodeURIComponent(ctx.locationId)}/stats`);
  const days = s.moneyPerDay.map((d) => d.day.slice(5));
  draw('chart-money', {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: `Captured (${s.currency})`, data: s.moneyPerDay.map((d) => d.major), yAxisID: 'y' },
        { label: 'Payments', data: s.moneyPerDay.map((d) => d.count), type: 'line', yAxisID: 'y1', pointRadius: 2 },
        // settled to the bank beside captured (settlements are in INR, Razorpay's settlement currency)
        ...(s.currency === 'INR' && s.settledPerDay ? [{ label: 'Settled (INR)', data: s.settledPerDay.map((d) => d.amount / 100), yAxisID: 'y' }] : []),
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true }, y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 } } } },
  });
  const total = s.moneyPerDay.reduce((a, d) => a + d.amount, 0);
  const count = s.moneyPerDay.reduce((a, d) => a + d.count, 0);
  const others = (s.otherCurrencies || []).map((o) => `${money(o.amount, o.currency, o.exponent)} in ${o.count} payment(s)`);
  setText('#chart-money-summary', `${money(total, s.currency, s.exponent)} in ${count} payment(s) over 30 days${others.length ? `; also ${others.join(', ')}` : ''}`);

  const statuses = Object.keys(s.eventsByStatus);
  draw('chart-status', {
    type: 'doughnut',
    data: { labels: statuses, datasets: [{ data: statuses.map((k) => s.eventsByStatus[k]), backgroundColor: ['#16a34a', '#f59e0b', '#dc2626', '#94a3b8'] }] },
    options: { animation: false, responsive: true },
  });
  setText('#chart-status-summary', statuses.map((k) => `${k}: ${s.eventsByStatus[k]}`).join(', '));

  const tiers = Object.keys(s.contactsPerTier);
  draw('chart-tiers', {
    type: 'bar',
    data: { labels: tiers, datasets: [{ label: 'Contacts', data: tiers.map((k) => s.contactsPerTier[k]) }] },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const contacts = tiers.reduce((a, k) => a + s.contactsPerTier[k], 0);
  const breakdown = tiers.map((k) => `${k}: ${s.contactsPerTier[k]}`).join(', ');
  setText('#chart-tiers-summary', `${contacts} contact(s) the app knows — ${breakdown}${s.tiersTruncated ? ' (the first contacts only)' : ''}`);
}
