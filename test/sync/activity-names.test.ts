import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { describeEffect, describeOpportunity, firstLine } from '../../server/sync/describe-effect.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import { type SyncBed, syncBed } from './sync-bed.js';

/** Issue 18: the activity log names what was done (tag names, note line, task title), stored when it was performed. */
describe('activity names what was done', () => {
  it('describes each kind of effect in words, without the [rzp:…] marker', () => {
    assert.equal(describeEffect({ kind: 'tags-add', key: 'k', tags: ['razorpay-paid', 'vip'] }), 'razorpay-paid, vip');
    assert.equal(describeEffect({ kind: 'tags-remove', key: 'k', tags: ['invoice-due-soon'] }), 'invoice-due-soon');
    assert.equal(describeEffect({ kind: 'note', key: 'k', body: 'Payment of ₹500.00 captured by UPI — pay_1\nmerchant: x\n[rzp:money-in:pay_1]', ref: 'money-in:pay_1' }), 'Payment of ₹500.00 captured by UPI — pay_1');
    assert.equal(describeEffect({ kind: 'task', key: 'k', title: 'Follow up on invoice #16', body: 'b', dueDate: '2026-01-01', ref: 'r' }), 'Follow up on invoice #16');
    assert.equal(describeEffect({ kind: 'fields', key: 'k', values: { lifetimeValue: 500, leadScore: 40 } }), 'lifetime value 500, lead score 40');
    assert.equal(describeEffect({ kind: 'task-complete', key: 'k', taskId: 't1' }), undefined);
    assert.equal(firstLine(`${'x'.repeat(300)}\n[rzp:r]`).length, 160, 'a line, not the note');
    assert.equal(describeOpportunity({ name: 'Invoice #16', status: 'won', stageId: 'stage_paid' }), 'Invoice #16 — won, stage stage_paid');
  });

  describe('end to end', () => {
    let s: SyncBed;
    before(async () => {
      s = await syncBed();
    });
    after(() => s.close());

    it('stores tag names, field values and the note line with the effects, and the Activity list shows them with the ids beside', async () => {
      const loc = await s.connect();
      await s.post(loc, 'payment.captured__Card');
      await s.drain();
      const [log] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId });
      const by = Object.fromEntries((log.effects ?? []).map((e) => [e.kind, e]));
      const contact = [...s.bed.fake.state.contacts.values()].find((c) => c.locationId === loc.locationId)!;
      const [note] = s.bed.fake.state.notes.get(contact.id) ?? [];
      for (const tag of by['tags-add'].detail?.split(', ') ?? []) assert.ok(contact.tags.includes(tag), `${tag} is a tag the contact has`);
      assert.match(by['tags-add'].detail ?? '', /razorpay-paid/);
      assert.match(by.fields.detail ?? '', /lead score \d+/);
      assert.equal(by.note.detail, note.body.split('\n')[0]);
      assert.equal(by.note.ghlId, note.id);

      const token = await sessionToken(s.bed.t, { companyId: `co_${loc.locationId}`, activeLocation: loc.locationId, role: 'admin', type: 'location' });
      const res = await request(s.bed.t.app).get(`/api/locations/${loc.locationId}/activity`).set('Authorization', `Bearer ${token}`).expect(200);
      const effects = res.body.items[0].effects as { label: string; detail?: string }[];
      const shown = effects.map((e) => `${e.label}: ${e.detail}`);
      assert.ok(shown.some((l) => l.startsWith('Tags added: ') && l.includes('razorpay-paid')), JSON.stringify(shown));
      assert.ok(shown.includes(`Note written: ${note.body.split('\n')[0]} · (${note.id})`), JSON.stringify(shown));

      // a redelivery performs nothing and still reads in words
      await s.post(loc, 'payment.captured__Card', 'evt_again');
      await s.drain();
      const [again] = await s.bed.t.c.store.activity.list({ locationId: loc.locationId });
      assert.ok((again.effects ?? []).every((e) => e.skipped && (e.kind === 'task-complete' || e.detail)), JSON.stringify(again.effects));
    });
  });
});
