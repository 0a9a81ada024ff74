import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { CATALOG_TRIGGERS, type CatalogEnvelope } from '../server/ghl/workflow-triggers/catalog-triggers.js';
import { TRIGGER_DEFINITIONS, TRIGGER_KEYS } from '../server/ghl/workflow-triggers/definitions.js';
import { triggerEventsFor, type RazorpayEnvelope } from '../server/ghl/workflow-triggers/events-for-envelope.js';
import { matchFilters } from '../server/ghl/workflow-triggers/match-filters.js';
import type { TriggerKey } from '../server/ghl/workflow-triggers/definitions.js';
import { razorpayFixtureNames, readRazorpayFixture } from './helpers/razorpay-webhooks.js';
import { secretHeader, startWorkflowEnv, type WorkflowEnv } from './helpers/workflow-env.js';

/** A published fixture for the trigger's event when there is one, else the trigger's own documented sample. */
function envelopeFor(event: string, sample: CatalogEnvelope): { env: CatalogEnvelope; from: string } {
  const name = razorpayFixtureNames().find((n) => n.startsWith(`${event}__`));
  return name ? { env: JSON.parse(readRazorpayFixture(name).toString('utf8')) as CatalogEnvelope, from: name } : { env: sample, from: 'sample' };
}

describe('catalog triggers (issue 16)', () => {
  it('at least 35 triggers, every key defined once, catalog keys all declared', () => {
    assert.ok(TRIGGER_DEFINITIONS.length >= 35, `${TRIGGER_DEFINITIONS.length} triggers`);
    assert.equal(new Set(TRIGGER_DEFINITIONS.map((d) => d.key)).size, TRIGGER_DEFINITIONS.length);
    assert.deepEqual([...TRIGGER_KEYS].sort(), TRIGGER_DEFINITIONS.map((d) => d.key).sort());
  });

  for (const t of CATALOG_TRIGGERS) {
    it(`${t.key}: fires once per business event, with its documented variables, and its filters work`, () => {
      for (const event of t.events) {
        const { env, from } = envelopeFor(event, t.sample);
        const fired = triggerEventsFor(env as unknown as RazorpayEnvelope).filter((e) => e.key === t.key);
        assert.equal(fired.length, 1, `${t.key} from ${from}`);
        // the same business event again (a replay, a reconciliation twin): the same identity, so deliveries dedupe
        const again = triggerEventsFor(JSON.parse(JSON.stringify(env)) as RazorpayEnvelope).filter((e) => e.key === t.key);
        assert.equal(again[0].eventKey, fired[0].eventKey);
        const def = TRIGGER_DEFINITIONS.find((d) => d.key === t.key)!;
        const body = { contactId: t.locationWide ? null : 'c1', ...fired[0].event };
        assert.deepEqual(Object.keys(body).sort(), Object.keys(def.samplePayload).sort(), `${t.key}: payload keys are the documented ones`);
        for (const v of def.customVars) assert.ok(v.reference in body, `${t.key}: variable ${v.reference}`);
        const key = t.key as TriggerKey;
        assert.equal(matchFilters(key, [], body).match, true);
        for (const f of def.filters) {
          if (f.match === 'at_least') {
            const minor = body[`${f.field}_minor` as keyof typeof body] as unknown as number;
            assert.equal(matchFilters(key, [{ field: f.field, value: String(minor / 100) }], body).match, true, `${t.key}: ${f.field} at least itself`);
            assert.equal(matchFilters(key, [{ field: f.field, value: String(minor / 100 + 1) }], body).match, false, `${t.key}: ${f.field} above`);
          } else {
            const actual = body[f.field as keyof typeof body];
            if (actual === null || actual === undefined) continue;
            assert.equal(matchFilters(key, [{ field: f.field, value: [String(actual)] }], body).match, true, `${t.key}: ${f.field} = its value`);
            assert.equal(matchFilters(key, [{ field: f.field, value: ['no-such-value'] }], body).match, false, `${t.key}: ${f.field} = other`);
          }
        }
      }
    });
  }
});

describe('catalog triggers through the sync engine', () => {
  let e: WorkflowEnv;
  before(async () => {
    e = await startWorkflowEnv();
  });
  after(() => e.close());
  const subscribe = (id: string, key: string, filters: unknown[] = []) => e.subscribe(id, key, filters, 'wf_catalog');

  it('dispute opened fires once for the contact, with deadline and reason; a phase filter keeps others out', async () => {
    await subscribe('cat_dispute', 'razorpay_dispute_opened');
    await subscribe('cat_dispute_inquiry', 'razorpay_dispute_opened', [{ field: 'phase', value: ['inquiry'] }]);
    for (const id of [undefined, 'evt_dispute_again_1', 'evt_dispute_again_2']) {
      await e.postAsItsAccount(readRazorpayFixture('payment.dispute.created__dispute_created'), id ? { eventId: id } : {});
    }
    await e.t.c.worker.drain();
    const got = e.targets.deliveries.filter((d) => d.triggerId === 'cat_dispute');
    assert.equal(got.length, 1);
    assert.equal(got[0].body.dispute_id, 'disp_EsIAlDcoUr8CaQ');
    assert.equal(got[0].body.respond_by, '2020-05-25T18:30:00.000Z');
    assert.equal(got[0].body.reason_code, 'processed_invalid_expired_card');
    assert.equal(e.ghl.state.contacts.get(String(got[0].body.contactId))?.email, 'gaurav.kumar@example.com');
    assert.equal(e.targets.deliveries.filter((d) => d.triggerId === 'cat_dispute_inquiry').length, 0);
  });

  it('subscribing to a new trigger and deleting it works like the original ones', async () => {
    await subscribe('cat_won', 'razorpay_dispute_won');
    await request(e.t.app)
      .post('/ghl/triggers')
      .set(secretHeader)
      .send({
        triggerData: { id: 'cat_won', key: 'razorpay_dispute_won', filters: [], eventType: 'DELETED', targetUrl: e.targets.targetUrl(e.ghl.url, e.loc.locationId, 'cat_won') },
        extras: { locationId: e.loc.locationId, workflowId: 'wf_catalog', companyId: e.loc.companyId },
      })
      .expect(200);
    await subscribe('cat_won_2', 'razorpay_dispute_won');
    await e.postAsItsAccount(readRazorpayFixture('payment.dispute.won__dispute_won'));
    await e.t.c.worker.drain();
    assert.equal(e.targets.deliveries.filter((d) => d.triggerId === 'cat_won').length, 0, 'deleted: nothing sent');
    const got = e.targets.deliveries.filter((d) => d.triggerId === 'cat_won_2');
    assert.equal(got.length, 1);
    assert.equal(got[0].body.dispute_id, 'disp_EsIUyp8XlaZOUt');
    assert.equal(got[0].body.status, 'won');
  });

  it('settlement processed fires once with no contact, and creates none', async () => {
    await subscribe('cat_settlement', 'razorpay_settlement_processed');
    const contactsBefore = e.ghl.state.contacts.size;
    const body = readRazorpayFixture('settlement.processed__settlements');
    await e.postAsItsAccount(body);
    await e.postAsItsAccount(body, { eventId: 'evt_settle_again' });
    await e.t.c.worker.drain();
    const got = e.targets.deliveries.filter((d) => d.triggerId === 'cat_settlement');
    assert.equal(got.length, 1);
    assert.equal(got[0].body.contactId, null);
    assert.equal(got[0].body.settlement_id, 'setl_Rf8uva1MU98B4l');
    assert.equal(got[0].body.amount, 15.24);
    assert.equal(got[0].body.utr, 'AXISCN1153863727');
    assert.equal(e.ghl.state.contacts.size, contactsBefore);
  });

  it('a downtime started fires contactless; the QR code and bank-transfer triggers fire for their payer', async () => {
    await subscribe('cat_down', 'razorpay_downtime_started', [{ field: 'method', value: ['upi'] }]);
    await subscribe('cat_qr', 'razorpay_qr_code_credited');
    await subscribe('cat_bt', 'razorpay_bank_transfer_received', [{ field: 'mode', value: ['NEFT'] }]);
    const down = CATALOG_TRIGGERS.find((t) => t.key === 'razorpay_downtime_started')!.sample;
    await e.postAsItsAccount(JSON.stringify(down));
    await e.postAsItsAccount(readRazorpayFixture('qr_code.credited__qr_code_credited'));
    await e.postAsItsAccount(readRazorpayFixture('virtual_account.credited__smart_collect'));
    await e.t.c.worker.drain();
    const by = (id: string) => e.targets.deliveries.filter((d) => d.triggerId === id);
    assert.equal(by('cat_down').length, 1);
    assert.equal(by('cat_down')[0].body.contactId, null);
    assert.equal(by('cat_qr').length, 1);
    assert.equal(by('cat_qr')[0].body.qr_code_id, 'qr_HO2e0813YlchUn');
    assert.equal(by('cat_bt').length, 1);
    assert.equal(by('cat_bt')[0].body.mode, 'NEFT');
    assert.equal(by('cat_bt')[0].body.amount, 619);
  });
});
