import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { postRazorpayFixture, postRazorpayWebhook, readRazorpayFixture } from '../helpers/razorpay-webhooks.js';
import { browserUnavailable, launchChromium, screenshot } from './chromium.js';
import { type BrowserEnv, startBrowserEnv } from './harness.js';

const skip = browserUnavailable(process.env);
if (skip) console.log(`# browser tests skipped: ${skip}`);

const XSS_NAME = '<img src=x onerror=alert(1)>';
const COMPANY = 'co_browser';
const LOC_A = 'loc_browser_a';
const LOC_B = 'loc_browser_b';
const WHSEC = 'whsec_browser_1';
/** What GHL calls LOC_A; LOC_B has no name in GHL, so it is shown by its id. */
const NAME_A = 'Acme Dental — Pune';
/** The fixtures' payments were made on 2019-09-05 (UTC); the app's clock stands a few days later. */
const NOW = Date.UTC(2019, 8, 10, 12, 0, 0);

/** The page inside the stand-in GHL page's iframe, once it has loaded. */
async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#app-frame');
  const frame = await handle.contentFrame();
  assert.ok(frame, 'iframe has a frame');
  return frame;
}

const summaryOf = (f: Frame, id: string) => f.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', id);

describe('embedded page in headless Chromium', { skip }, () => {
  let env: BrowserEnv;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const drain = () => env.t.c.worker.drain();
  const connection = async () => (await env.t.c.store.razorpayConnections.getByLocation(LOC_A, 'test'))!;

  before(async () => {
    [env, browser] = await Promise.all([startBrowserEnv(), launchChromium(process.env)]);
    env.t.clock.set(NOW);
    await env.install(LOC_A, COMPANY, NAME_A);
    await env.install(LOC_B, COMPANY, '');
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await env?.close();
  });

  it('signs in through the GHL handshake and connects Razorpay from the keyboard', async () => {
    await page.goto(env.embedUrl({ companyId: COMPANY, activeLocation: LOC_A, role: 'admin' }));
    const f = await appFrame(page);
    await f.waitForSelector('#location-view:not([hidden])');
    assert.match((await f.textContent('#who')) ?? '', /admin · location loc_browser_a/);
    await f.waitForFunction((name) => document.querySelector('#location-heading-name')?.textContent === name, NAME_A);
    assert.equal(await f.textContent('#location-heading-id'), LOC_A, 'the id beside the name');
    await f.waitForSelector('#connection-none:not([hidden])');
    await screenshot(page, '00-not-connected', f, '#connection');

    const { keyId, keySecret } = env.rzp.addKey();
    await f.focus('#rzp-test-key-id');
    await page.keyboard.type(keyId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(keySecret);
    await page.keyboard.press('Tab');
    await page.keyboard.type(WHSEC);
    await page.keyboard.press('Enter');

    await f.waitForSelector('#conn-test .conn-details:not([hidden])');
    assert.equal(await f.textContent('#conn-test .conn-state'), 'connected');
    const webhookUrl = await f.inputValue('#webhook-url-test');
    assert.match(webhookUrl, new RegExp(`^${env.appUrl}/webhooks/razorpay/[A-Za-z0-9_-]{32}$`));
    assert.ok((await f.$$('#webhook-events li')).length > 5);
    // stored: the connection exists and the secret never reached the page
    const conn = await connection();
    assert.equal(conn?.mode, 'test');
    assert.ok(!(await f.content()).includes(keySecret));
    await screenshot(page, '01-connection', f, '#connection');
  });

  it('shows webhooks the worker synced: done, their GHL effects with a link to the contact, payer text escaped, money charted', async () => {
    const f = await appFrame(page);
    const conn = await connection();
    await drain(); // the payments provider jobs of install and connect (server/payments), so only the two webhooks count below
    await postRazorpayFixture(env.t.app, conn.id, WHSEC, 'payment.captured__Card').expect(200);
    const invoice = JSON.parse(readRazorpayFixture('invoice.paid__Card').toString('utf8'));
    invoice.payload.invoice.entity.customer_details.name = XSS_NAME;
    invoice.payload.invoice.entity.customer_details.customer_name = XSS_NAME;
    await postRazorpayWebhook(env.t.app, conn.id, WHSEC, JSON.stringify(invoice), { eventId: 'evt_xss_1' }).expect(200);
    assert.equal(await drain(), 2);

    await f.click('#activity-refresh');
    await f.waitForSelector('#activity-table tbody tr[data-status=done] >> nth=1');
    const statuses = await f.$$eval('#activity-table tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.status));
    assert.deepEqual(statuses, ['done', 'done']);
    // the effects the sync engine performed on the fake GHL, and the contact it performed them on
    const [contact] = [...env.bed.fake.state.contacts.values()].filter((c) => c.locationId === LOC_A);
    assert.ok(contact, 'the sync engine created the contact in GHL');
    const links = await f.$$eval('#activity-table a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.ok(links.some(([text, href]) => text === 'Open contact in HighLevel' && href?.endsWith(`/v2/location/${LOC_A}/contacts/detail/${contact.id}`)), JSON.stringify(links));
    const effects = (await f.textContent('#activity-table tbody')) ?? '';
    const notes = env.bed.fake.state.notes.get(contact.id) ?? [];
    assert.equal(notes.length, 2);
    // named, not only ids: the tags by name and each note's first line
    assert.match(effects, /Tags added: razorpay-customer, razorpay-paid/);
    for (const n of notes) assert.ok(effects.includes(`Note written: ${n.body.split('\n')[0]}`), `note line shown: ${n.body.split('\n')[0]}`);
    assert.ok(effects.includes(notes[1].id) || effects.includes(notes[0].id), 'the note id GHL answered is listed');

    const payers = await f.$$eval('#activity-table td.payer', (tds) => tds.map((td) => td.textContent));
    assert.ok(payers.some((p) => p?.includes(XSS_NAME)), `payer shown as text: ${JSON.stringify(payers)}`);
    assert.equal(await f.$$eval('#activity-table img', (imgs) => imgs.length), 0);
    assert.deepEqual(dialogs, []);
    await screenshot(page, '02-activity', f, '#activity');

    // the charts (Chart.js from our origin) show the two payments of 2019-09-05 and the contact's tier
    await page.reload();
    const g = await appFrame(page);
    await g.waitForFunction(() => /done: 2/.test(document.querySelector('#chart-status-summary')?.textContent ?? ''));
    assert.equal(await g.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart), 'function');
    assert.match(await summaryOf(g, '#chart-money-summary'), /₹4,791\.30 in 2 payment\(s\)/);
    assert.match(await summaryOf(g, '#chart-tiers-summary'), /^1 contact\(s\)/);
    const tierTag = contact.tags.find((t) => t.startsWith('lead-'))!;
    assert.match(await summaryOf(g, '#chart-tiers-summary'), new RegExp(`${tierTag}: 1`));
    const bars = await g.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: number[] }[] } } } }).Chart.getChart('chart-money');
      return chart.data.labels.map((l, i) => [l, chart.data.datasets[0].data[i], chart.data.datasets[1].data[i]]).filter((r) => Number(r[1]) > 0);
    });
    assert.deepEqual(bars, [['09-05', 4791.3, 2]]);
    await screenshot(page, '03-charts', g, '#charts');
  });

  it('says on the connection card that webhooks of another Razorpay account were refused, and what to do', async () => {
    const conn = await connection();
    // the location's account is the payments' (acc_BFQ7uQEaa7j2z7); the refund fixture is another account's
    await postRazorpayFixture(env.t.app, conn.id, WHSEC, 'refund.processed__Normal_Refunds').expect(200, { status: 'refused', reason: 'account_mismatch' });
    await page.reload();
    const f = await appFrame(page);
    await f.waitForSelector('#conn-test .account-warning:not([hidden])');
    assert.equal(await f.textContent('#conn-test .account-id'), 'acc_BFQ7uQEaa7j2z7');
    const warning = (await f.textContent('#conn-test .account-warning')) ?? '';
    assert.match(warning, /1 Razorpay webhook\(s\) .* account acc_E7OQJcEANmBHTC, not from the connected account acc_BFQ7uQEaa7j2z7, and were refused/);
    assert.match(warning, /new keys reset the connected account/);
    await f.waitForSelector('#health-reasons li[data-code=razorpay_account_mismatch]');
    await screenshot(page, '03b-account-refused', f, '#connection');
  });

  it('retries an event whose sync really failed: GHL down until the job dead-letters, fixed, Retry → done', async () => {
    const f = await appFrame(page);
    const conn = await connection();
    env.bed.fake.failNext({ locationId: LOC_A, status: 500, times: 10_000 });
    await postRazorpayFixture(env.t.app, conn.id, WHSEC, 'subscription.charged__subscription_charged').expect(200);
    const [entry] = await env.t.c.store.inbox.list({ locationId: LOC_A, type: 'subscription.charged' });
    for (let i = 0; i < 20 && (await env.t.c.store.inbox.get(entry.id))?.status !== 'failed'; i++) {
      await drain();
      env.t.clock.advance(2 * 60_000);
    }
    const job = (await env.t.c.store.jobs.findByDedupeKey(`sync:${entry.id}`))!;
    assert.equal(job.state, 'dead');
    assert.equal((await env.t.c.store.inbox.get(entry.id))?.status, 'failed');
    env.bed.fake.clearFailures();

    await f.selectOption('#filter-status', 'failed');
    await f.click('#activity-filters button[type=submit]');
    const row = `#activity-table tr[data-inbox-id="${entry.id}"]`;
    await f.waitForSelector(`${row}[data-status=failed]`);
    assert.match((await f.textContent(`${row} td.error`)) ?? '', /500/);
    await screenshot(page, '04-failed', f, '#activity');
    await f.click(`${row} button`);
    await f.waitForSelector('#activity-status.ok');
    assert.equal((await env.t.c.store.jobs.get(job.id))?.state, 'pending');
    assert.equal(await drain(), 1);

    await f.selectOption('#filter-status', '');
    await f.click('#activity-filters button[type=submit]');
    await f.waitForSelector(`${row}[data-status=done]`);
    assert.equal((await env.t.c.store.inbox.get(entry.id))?.status, 'done');
    assert.equal(await f.textContent(`${row} td.error`), '');
    const notes = [...env.bed.fake.state.notes.values()].flat();
    assert.equal(notes.filter((n) => n.body.includes('pay_DEXFWroJ6LikKT')).length, 1, 'one note for the retried payment');
    await screenshot(page, '05-retried', f, '#activity');
  });

  it('edits rules from the keyboard, switches a default task off, previews the lead score live', async () => {
    const f = await appFrame(page);
    const tags = '#set-rules-payment_captured-addTags';
    // rules are folded: open one from the keyboard
    assert.equal(await f.isVisible(tags), false);
    await f.focus('#set-rules-payment_captured > summary');
    await page.keyboard.press('Enter');
    await f.waitForSelector(tags, { state: 'visible' });
    assert.equal(await f.inputValue(tags), 'razorpay-customer, razorpay-paid');
    await f.fill(tags, 'razorpay-paid, vip');
    assert.match(await summaryOf(f, '#set-rules-payment_captured .rule-summary'), /adds razorpay-paid, vip · note/);

    await f.click('#set-rules-invoice_expired > summary');
    const toggle = '#set-rules-invoice_expired-task-on';
    assert.equal(await f.isChecked(toggle), true);
    await f.focus(toggle);
    await page.keyboard.press('Space');
    assert.equal(await f.isChecked(toggle), false);
    assert.equal(await f.isDisabled('#set-rules-invoice_expired-task-title'), true);
    await screenshot(page, '06-automations', f, '#automations');
    await f.click('#automations-form button[type=submit]');
    await f.waitForSelector('#automations-form .form-status.ok');
    const stored = (await env.t.c.store.settings.get(LOC_A))?.settings.rules as Record<string, { addTags?: string[]; task?: unknown }>;
    assert.deepEqual(stored['payment.captured'].addTags, ['razorpay-paid', 'vip']);
    assert.equal(stored['invoice.expired'].task, null);
    // after the save the page shows what is stored
    assert.equal(await f.isChecked(toggle), false);
    assert.match(await summaryOf(f, '#set-rules-invoice_expired .rule-summary'), /^adds invoice-overdue · workflow trigger$/);

    const before = await f.textContent('#score-preview');
    await f.fill('#set-scoring-subscriptionPoints', '60');
    await f.waitForFunction((b) => document.querySelector('#score-preview')?.textContent !== b, before);
    assert.match((await f.textContent('#score-preview')) ?? '', /tier lead-hot/);
    // refused on the server: warm above hot
    await f.fill('#set-scoring-warmAt', '95');
    await f.click('#scoring-form button[type=submit]');
    await f.waitForSelector('#scoring-form .form-status.error');
    await screenshot(page, '07-scoring', f, '#scoring');
  });

  it('edits the dispute and manual-capture settings; a bad value is refused and nothing is stored', async () => {
    const f = await appFrame(page);
    assert.equal(await f.inputValue('#set-disputes-openTag'), 'razorpay-dispute-open');
    assert.equal(await f.inputValue('#set-manualCapture-autoRefundAfterHours'), '120');
    await f.fill('#set-disputes-dueHoursBeforeDeadline', '48');
    await f.fill('#set-disputes-openTag', 'chargeback-open');
    await f.click('#disputes-form button[type=submit]');
    await f.waitForSelector('#disputes-form .form-status.ok');
    const disputes = (await env.t.c.store.settings.get(LOC_A))?.settings.disputes as { openTag: string; dueHoursBeforeDeadline: number; task: unknown };
    assert.equal(disputes.openTag, 'chargeback-open');
    assert.equal(disputes.dueHoursBeforeDeadline, 48);
    assert.ok(disputes.task, 'the default evidence task stays on');

    // no capture task: switched off and stored as null
    await f.click('#set-manualCapture-task-on');
    await f.click('#manual-capture-form button[type=submit]');
    await f.waitForSelector('#manual-capture-form .form-status.ok');
    assert.equal(((await env.t.c.store.settings.get(LOC_A))?.settings.manualCapture as { task: unknown }).task, null);

    // a negative hour count is refused by the server; the stored section is unchanged
    await f.fill('#set-manualCapture-autoRefundAfterHours', '-5');
    await f.click('#manual-capture-form button[type=submit]');
    await f.waitForSelector('#manual-capture-form .form-status.error');
    assert.equal(((await env.t.c.store.settings.get(LOC_A))?.settings.manualCapture as { autoRefundAfterHours: number }).autoRefundAfterHours, 120);
    await screenshot(page, '07b-disputes', f, '#disputes');
  });

  it('shows a user session read-only', async () => {
    const p4 = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await p4.goto(env.embedUrl({ companyId: COMPANY, activeLocation: LOC_A, role: 'user' }));
      const f = await appFrame(p4);
      await f.waitForSelector('#read-only-note:not([hidden])');
      assert.equal(await f.isVisible('#conn-test .connect-form'), false);
      assert.equal(await f.isVisible('#automations-form button[type=submit]'), false);
      await f.waitForSelector('#set-rules-payment_captured-addTags[disabled]', { state: 'attached' });
      assert.equal(await f.$$eval('#activity-table button', (b) => b.length), 0);
      await screenshot(p4, '08-user-read-only', f, '#app');
    } finally {
      await p4.close();
    }
  });

  it('refuses to be framed by an origin outside the configured GHL origins', async () => {
    const p2 = await browser.newPage();
    try {
      await p2.goto(env.embedUrl({ companyId: COMPANY, activeLocation: LOC_A }, env.stranger));
      const handle = await p2.waitForSelector('#app-frame');
      const frame = await handle.contentFrame();
      await p2.waitForTimeout(300);
      // blocked by CSP frame-ancestors: Chromium shows its error page in place of ours
      assert.equal(frame ? await frame.$('#app') : null, null);
      assert.equal(await p2.evaluate(() => (window as unknown as { requests: number }).requests), 0);
      await screenshot(p2, '09-refused-frame');
    } finally {
      await p2.close();
    }
  });

  it('opens the agency view, and a location needing re-authorisation read-only with the reason', async () => {
    await env.t.c.store.installations.setState('location', LOC_B, 'needs_reauth', 'invalid_grant', env.t.clock.now());
    const p3 = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await p3.goto(env.embedUrl({ companyId: COMPANY, type: 'agency', role: 'admin' }));
      const f = await appFrame(p3);
      await f.waitForSelector('#agency-view:not([hidden]) #agency-table tbody tr >> nth=1');
      const ids = await f.$$eval('#agency-table tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.locationId));
      assert.deepEqual(ids, [LOC_B, LOC_A], 'the location needing attention first');
      assert.match((await f.textContent(`#agency-table tr[data-location-id="${LOC_B}"]`)) ?? '', /re-authoris/i);
      assert.match((await f.textContent(`#agency-table tr[data-location-id="${LOC_A}"]`)) ?? '', /test mode/);
      // the names the agency knows its clients by, the id beside; the id alone where GHL gave no name
      assert.equal(await f.textContent(`#agency-table tr[data-location-id="${LOC_A}"] a`), NAME_A);
      assert.equal(await f.textContent(`#agency-table tr[data-location-id="${LOC_A}"] .location-id`), LOC_A);
      assert.equal(await f.textContent(`#agency-table tr[data-location-id="${LOC_B}"] a`), LOC_B);
      await screenshot(p3, '10-agency', f, '#agency-view');

      await f.click(`#agency-table tr[data-location-id="${LOC_B}"] a`);
      await f.waitForSelector('#install-notice:not([hidden])');
      assert.match((await f.textContent('#install-notice')) ?? '', /re-authorise/);
      assert.equal(await f.textContent('#location-heading-name'), LOC_B, 'no name from GHL: the header shows the id');
      await f.waitForSelector('#connection-none:not([hidden])');
      assert.equal(await f.isVisible('#conn-test .connect-form'), false);
      assert.equal(await f.isVisible('#back-to-agency'), true);
      await screenshot(p3, '11-agency-location-needs-reauth', f, '#app');

      // back to the list, then into the active location: editable again
      await f.click('#back-to-agency');
      await f.waitForSelector('#agency-view:not([hidden])');
      await f.click(`#agency-table tr[data-location-id="${LOC_A}"] a`);
      await f.waitForSelector('#conn-test .conn-details:not([hidden])');
      assert.equal(await f.isVisible('#install-notice'), false);
      assert.equal(await f.isVisible('#automations-form button[type=submit]'), true);
    } finally {
      await p3.close();
    }
  });

  it('connects live beside test from the live panel, shows both, and disconnects live alone', async () => {
    await page.reload();
    const g = await appFrame(page);
    await g.waitForSelector('#conn-test .conn-details:not([hidden])');
    assert.equal(await g.isVisible('#conn-live .conn-details'), false);
    const live = env.rzp.addKey({ keyId: 'rzp_live_BrowserLive01' });
    await g.click('#conn-live .connect-form-title');
    await g.focus('#rzp-live-key-id');
    await page.keyboard.type(live.keyId);
    await page.keyboard.press('Tab');
    await page.keyboard.type(live.keySecret);
    await page.keyboard.press('Tab');
    await page.keyboard.type('whsec_browser_live');
    await page.keyboard.press('Enter');
    await g.waitForSelector('#conn-live .conn-details:not([hidden])');
    const [testUrl, liveUrl] = await Promise.all([g.inputValue('#webhook-url-test'), g.inputValue('#webhook-url-live')]);
    assert.notEqual(testUrl, liveUrl, 'each mode has its own webhook URL');
    assert.equal(await g.textContent('#conn-live .key-id-masked'), 'rzp_live_••••ve01');
    assert.equal(await g.textContent('#conn-test .conn-state'), 'connected');
    assert.ok(!(await g.content()).includes(live.keySecret));
    await screenshot(page, '12-connection-test-and-live', g, '#connection');
    // two clicks disconnect live only
    await g.click('#conn-live .disconnect-form button');
    await g.click('#conn-live .disconnect-form button');
    await g.waitForSelector('#conn-live .conn-details', { state: 'hidden' });
    assert.equal(await g.textContent('#conn-live .conn-state'), 'not connected');
    assert.equal(await g.isVisible('#conn-test .conn-details'), true);
    assert.deepEqual((await env.t.c.store.razorpayConnections.listByLocation(LOC_A)).map((c) => c.mode), ['test']);
  });
});
