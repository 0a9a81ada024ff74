import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SyncBed, syncBed } from './sync-bed.js';

/**
 * The four Razorpay fields are contact fields: created with `model: "contact"` and found again by model AND name
 * (apps/locations.json create-custom-field, get-custom-fields), so an opportunity field of the same name is not
 * taken for ours and a contact field made by hand (or by an earlier install) is reused.
 */
describe('custom fields are contact fields, matched on model and name', () => {
  let s: SyncBed;
  before(async () => {
    s = await syncBed();
  });
  after(() => s.close());

  it('reuses a contact field of the name, ignores an opportunity field of the name, creates the rest with model contact', async () => {
    const loc = await s.connect();
    const L = loc.locationId;
    s.bed.fake.state.customFields.set(L, [
      { id: 'cf_opp_ltv', name: 'Razorpay lifetime value', fieldKey: 'opportunity.razorpay_lifetime_value', dataType: 'MONETORY', locationId: L, model: 'opportunity' },
      { id: 'cf_score', name: 'Razorpay Lead Score ', fieldKey: 'contact.razorpay_lead_score', dataType: 'NUMERICAL', locationId: L, model: 'contact' },
    ]);
    const since = s.bed.fake.requests.length;
    await s.post(loc, 'payment.captured__Card');
    await s.drain();

    const calls = s.ghlCalls(L, since);
    const lists = calls.filter((r) => r.method === 'GET' && r.path === `/locations/${L}/customFields`);
    assert.deepEqual(lists.map((r) => r.query), [{ model: 'contact' }]);
    const creates = calls.filter((r) => r.method === 'POST' && r.path === `/locations/${L}/customFields`);
    assert.deepEqual(creates.map((r) => r.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [
      { name: 'Razorpay last payment amount', dataType: 'MONETORY', model: 'contact' },
      { name: 'Razorpay last payment date', dataType: 'DATE', model: 'contact' },
      { name: 'Razorpay lifetime value', dataType: 'MONETORY', model: 'contact' },
    ]);
    const ids = await s.bed.t.c.store.customFields.all(L);
    assert.equal(ids.leadScore, 'cf_score', 'the contact field made by hand is reused');
    assert.notEqual(ids.lifetimeValue, 'cf_opp_ltv', 'the opportunity field is not ours');
    const [contact] = s.bed.fake.state.contactsOf(L);
    assert.ok(!contact.customFields.some((f) => f.id === 'cf_opp_ltv'), 'nothing written into the opportunity field');
    assert.equal(contact.customFields.find((f) => f.id === 'cf_score')?.value, 7);
  });
});
