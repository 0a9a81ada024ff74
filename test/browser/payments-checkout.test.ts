import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import request from 'supertest';
import { seedTransaction } from '../fakes/ghl/payments-routes.js';
import { encryptLikeGhl, sessionToken } from '../helpers/ghl-sso.js';
import { browserUnavailable, launchChromium, screenshot } from './chromium.js';
import { type GhlParent, startGhlParent } from './ghl-parent.js';
import { type PaymentsParent, startPaymentsParent } from './ghl-payments-parent.js';
import { type BrowserEnv, startBrowserEnv } from './harness.js';

const skip = browserUnavailable(process.env);
if (skip) console.log(`# browser tests skipped: ${skip}`);

const LOC = 'loc_pay_browser';
const COMPANY = 'co_pay_browser';

describe('checkout page (GHL paymentsUrl) in headless Chromium', { skip }, () => {
  let env: BrowserEnv;
  let ghl: PaymentsParent;
  let stranger: PaymentsParent;
  let appParent: GhlParent;
  let browser: Browser;
  let keyId = '';
  const props = (transactionId: string, over: Record<string, unknown> = {}) => ({
    publishableKey: keyId,
    amount: 499.5,
    currency: 'INR',
    mode: 'payment',
    productDetails: [{ productId: 'prod_1', name: 'Consultation', qty: 1 }],
    contact: { id: 'contact_b1', name: 'Asha Rao', email: 'asha@example.com', contact: '+919876543210' },
    orderId: `ghl_order_${transactionId}`,
    transactionId,
    locationId: LOC,
    ...over,
  });
  const received = (page: Page) => page.evaluate(() => (window as unknown as { received: { type: string }[] }).received);
  const waitFor = (page: Page, type: string) => page.waitForFunction((t) => (window as unknown as { received: { type: string }[] }).received.some((m) => m && m.type === t), type, { timeout: 15_000 });
  async function payFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('#pay-frame');
    const f = await handle.contentFrame();
    assert.ok(f);
    return f;
  }
  async function open(transactionId: string, opts: { send?: boolean; sibling?: string; asString?: boolean; over?: Record<string, unknown> } = {}) {
    const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    const p = props(transactionId, opts.over);
    // GHL made the transaction before it framed the page: the app re-reads its amount there
    if (!env.bed.fake.payments.transactions.has(transactionId)) seedTransaction(env.bed.fake.payments, { locationId: LOC, transactionId, amount: p.amount as number, currency: p.currency as string });
    await page.goto(ghl.pageUrl(`${env.appUrl}/payments/checkout`, p, opts));
    return { page, frame: await payFrame(page) };
  }
  const query = (body: Record<string, unknown>) => request(env.t.app).post('/payments/query').send({ apiKey: env.bed.fake.payments.locations.get(LOC)!.test!.apiKey, ...body });

  before(async () => {
    [ghl, stranger, appParent] = await Promise.all([startPaymentsParent('127.0.0.1'), startPaymentsParent('127.0.0.1'), startGhlParent('127.0.0.1')]);
    [env, browser] = await Promise.all([startBrowserEnv({ GHL_FRAME_ANCESTORS: `${ghl.origin} ${appParent.origin}`, PAYMENTS_PROPS_TIMEOUT_MS: '1500' }), launchChromium(process.env)]);
    await env.install(LOC, COMPANY);
    const token = await sessionToken(env.t, { companyId: COMPANY, activeLocation: LOC, role: 'admin', type: 'location' });
    const key = env.rzp.addKey();
    keyId = key.keyId;
    await request(env.t.app).put(`/api/locations/${LOC}/razorpay`).set('Authorization', `Bearer ${token}`).send({ keyId, keySecret: key.keySecret, webhookSecret: 'whsec_pay_browser' }).expect(200);
    await env.t.c.worker.drain();
    assert.equal(env.bed.fake.payments.locations.get(LOC)?.test?.publishableKey, keyId);
  });
  after(async () => {
    await browser?.close();
    await env?.close();
    await Promise.all([ghl?.close(), stranger?.close(), appParent?.close()]);
  });

  it('serves a CSP that allows exactly the Checkout origin and GHL’s frame origins', async () => {
    const res = await request(env.t.app).get('/payments/checkout').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, new RegExp(`script-src 'self' ${env.rzp.url.replace(/[.:/]/g, '\\$&')};`));
    assert.match(csp, new RegExp(`frame-ancestors 'self' ${ghl.origin.replace(/[.:/]/g, '\\$&')}`));
    assert.match(res.text, new RegExp(`<script src="${env.rzp.url}/v1/checkout.js"`));
  });

  it('pays ₹499.50: ready → props → order → Checkout → signature checked → success with the payment id; verify says paid', async () => {
    const { page, frame } = await open('txn_b_1', { sibling: stranger.siblingUrl(props('txn_b_1', { amount: 1 })) });
    const box = await frame.waitForSelector('#rzp-standin');
    assert.equal(await box.getAttribute('data-amount'), '49950');
    assert.equal(await box.getAttribute('data-prefill-name'), 'Asha Rao');
    assert.equal(await box.getAttribute('data-prefill-email'), 'asha@example.com');
    assert.equal(await box.getAttribute('data-prefill-contact'), '+919876543210');
    assert.equal(await box.getAttribute('data-key'), keyId);
    assert.match((await frame.textContent('#checkout-amount')) ?? '', /499\.50/);
    await screenshot(page, '20-checkout-open');
    const msgs = await received(page);
    assert.equal(msgs[0].type, 'custom_provider_ready');
    await frame.click('#rzp-standin-pay');
    await waitFor(page, 'custom_element_success_response');
    const success = (await received(page)).find((m) => m.type === 'custom_element_success_response') as unknown as { chargeId: string };
    const payment = env.rzp.requests.filter((r) => r.path === '/v1/checkout/pay').length;
    assert.equal(payment, 1);
    const order = await env.t.c.store.payments.getOrder(LOC, 'txn_b_1');
    assert.equal(success.chargeId, order?.paymentId);
    assert.match(success.chargeId, /^pay_/);
    // the sibling frame's forged ₹1 props were ignored: the one order is for 49950
    assert.equal(order?.amountMinor, 49950);
    await frame.waitForSelector('#checkout[data-state="paid"]');
    await screenshot(page, '21-checkout-paid');
    const v = await query({ type: 'verify', transactionId: 'txn_b_1', chargeId: success.chargeId }).expect(200);
    assert.deepEqual(v.body, { success: true });
    await page.close();
  });

  it('a reload for the same transaction reuses the order', async () => {
    const orders = env.rzp.countRequests('/v1/orders', 'POST');
    const first = await env.t.c.store.payments.getOrder(LOC, 'txn_b_1');
    const { page, frame } = await open('txn_b_1', { asString: true });
    const box = await frame.waitForSelector('#rzp-standin');
    assert.equal(await box.getAttribute('data-order-id'), first?.razorpayOrderId);
    assert.equal(env.rzp.countRequests('/v1/orders', 'POST'), orders);
    await page.close();
  });

  it('a forged Checkout signature is refused and reported to the parent as an error', async () => {
    const { page, frame } = await open('txn_b_forged');
    await frame.waitForSelector('#rzp-standin');
    await frame.click('#rzp-standin-forge');
    await waitFor(page, 'custom_element_error_response');
    const err = (await received(page)).find((m) => m.type === 'custom_element_error_response') as unknown as { error: { description: string } };
    assert.match(err.error.description, /signature does not match/);
    assert.equal((await received(page)).some((m) => m.type === 'custom_element_success_response'), false);
    assert.equal((await env.t.c.store.payments.getOrder(LOC, 'txn_b_forged'))?.paymentId, undefined);
    await frame.waitForSelector('#checkout[data-state="error"]');
    await screenshot(page, '22-checkout-forged');
    await page.close();
  });

  it('props whose amount differs from GHL’s transaction are refused to the parent, and no order is made', async () => {
    seedTransaction(env.bed.fake.payments, { locationId: LOC, transactionId: 'txn_b_tampered', amount: 499.5, currency: 'INR' });
    const orders = env.rzp.countRequests('/v1/orders', 'POST');
    const { page, frame } = await open('txn_b_tampered', { over: { amount: 1 } });
    await waitFor(page, 'custom_element_error_response');
    const err = (await received(page)).find((m) => m.type === 'custom_element_error_response') as unknown as { error: { description: string } };
    assert.match(err.error.description, /HighLevel's transaction txn_b_tampered is for 499.5 INR, not the 100 INR/);
    assert.equal(env.rzp.countRequests('/v1/orders', 'POST'), orders, 'no Razorpay order');
    assert.equal(await env.t.c.store.payments.getOrder(LOC, 'txn_b_tampered'), undefined);
    await frame.waitForSelector('#checkout[data-state="error"]');
    await screenshot(page, '29-checkout-amount-tampered');
    await page.close();
  });

  it('closing Checkout sends custom_element_close_response; a failed payment sends the error', async () => {
    const { page, frame } = await open('txn_b_close');
    await frame.waitForSelector('#rzp-standin');
    await frame.click('#rzp-standin-fail');
    await waitFor(page, 'custom_element_error_response');
    await frame.click('#rzp-standin-close');
    await waitFor(page, 'custom_element_close_response');
    await frame.waitForSelector('#checkout-retry:not([hidden])');
    await screenshot(page, '23-checkout-closed');
    await page.close();
  });

  it('says so when payment_initiate_props never arrives, instead of spinning', async () => {
    const { page, frame } = await open('txn_b_silent', { send: false });
    await frame.waitForSelector('#checkout[data-state="timeout"]', { timeout: 10_000 });
    assert.match((await frame.textContent('#checkout-status')) ?? '', /did not send the payment details/);
    assert.ok((await received(page)).filter((m) => m.type === 'custom_provider_ready').length >= 2, 'ready is repeated until GHL answers');
    await screenshot(page, '24-checkout-timeout');
    await page.close();
  });

  it('where Checkout is blocked inside the frame, continues in a new window and completes the same flow', async () => {
    env.rzp.checkoutBlocksFrames = true;
    try {
      const { page, frame } = await open('txn_b_window');
      await frame.waitForSelector('#checkout-window:not([hidden])');
      await screenshot(page, '25-checkout-blocked');
      const [popup] = await Promise.all([page.context().waitForEvent('page'), frame.click('#checkout-open-window')]);
      await popup.waitForSelector('#rzp-standin');
      await screenshot(popup, '26-checkout-new-window');
      await popup.click('#rzp-standin-pay');
      await waitFor(page, 'custom_element_success_response');
      const success = (await received(page)).find((m) => m.type === 'custom_element_success_response') as unknown as { chargeId: string };
      assert.equal(success.chargeId, (await env.t.c.store.payments.getOrder(LOC, 'txn_b_window'))?.paymentId);
      assert.deepEqual((await query({ type: 'verify', transactionId: 'txn_b_window', chargeId: success.chargeId }).expect(200)).body, { success: true });
      await page.close();
    } finally {
      env.rzp.checkoutBlocksFrames = false;
    }
  });

  it('takes a subscription’s first charge through the page (mode subscription) and verify carries the snapshot', async () => {
    const productDetails = [{ productId: 'prod_m', name: 'Membership', qty: 1, price: { _id: 'price_m', amount: 499, currency: 'INR', recurring: { interval: 'month', intervalCount: 1 } } }];
    const { page, frame } = await open('txn_b_sub', { over: { mode: 'subscription', subscriptionId: 'gsub_b1', amount: 499, productDetails } });
    const box = await frame.waitForSelector('#rzp-standin');
    const rzpSub = await box.getAttribute('data-subscription-id');
    assert.match(rzpSub ?? '', /^sub_/);
    assert.equal(await box.getAttribute('data-order-id'), '');
    await frame.click('#rzp-standin-pay');
    await waitFor(page, 'custom_element_success_response');
    const success = (await received(page)).find((m) => m.type === 'custom_element_success_response') as unknown as { chargeId: string };
    assert.equal(success.chargeId, (await env.t.c.store.payments.getSubscription(LOC, 'gsub_b1'))?.firstPaymentId);
    const v = await query({ type: 'verify', transactionId: 'txn_b_sub', chargeId: success.chargeId, subscriptionId: 'gsub_b1' }).expect(200);
    assert.equal(v.body.success, true);
    assert.equal(v.body.subscriptionSnapshot.status, 'active');
    assert.equal(v.body.chargeSnapshot.amount, 49900);
    await screenshot(page, '28-checkout-subscription-paid');
    await page.close();
  });

  it('the settings page shows the provider state and the "Set as default" step', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const payload = encryptLikeGhl({ userId: 'user_1', companyId: COMPANY, role: 'admin', type: 'location', activeLocation: LOC, userName: 'Test', email: 't@example.com' }, env.t.c.config.ghl.sharedSecret);
    await page.goto(appParent.pageUrl(`${env.appUrl}/app`, payload));
    const handle = await page.waitForSelector('#app-frame');
    const f = (await handle.contentFrame())!;
    await f.waitForSelector('#provider-default-hint:not([hidden])');
    assert.match((await f.textContent('#provider-registered')) ?? '', /^Registered /);
    assert.match((await f.textContent('#provider-test')) ?? '', new RegExp(`Sent to HighLevel .*\\(key ${keyId}\\)`));
    assert.match((await f.textContent('#provider-live')) ?? '', /Not connected/);
    assert.match((await f.textContent('#provider-default-hint')) ?? '', /Set as default/);
    assert.equal(await f.isHidden('#provider-error'), true);
    await screenshot(page, '27-settings-provider-state', f, '#payments-provider');
    await page.close();
  });
});
