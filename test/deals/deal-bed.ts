import request from 'supertest';
import type { FakeOpportunity } from '../fakes/fake-ghl.js';
import { sessionToken } from '../helpers/ghl-sso.js';
import { callShape, readRazorpayFixture, type SyncBed, type SyncLocation } from '../sync/sync-bed.js';

export const DAY = 86_400_000;
export const EMAIL = 'gaurav.kumar@example.com';
type Envelope = { event: string; created_at?: number; payload: Record<string, { entity: Record<string, unknown> }> };
export const fixtureJson = (name: string) => JSON.parse(readRazorpayFixture(name).toString('utf8')) as Envelope;

/** Turns deals on for a location through the settings API (which checks the stages against GHL). */
export async function enableDeals(s: SyncBed, loc: SyncLocation, over: Record<string, unknown> = {}) {
  const token = await sessionToken(s.bed.t, { companyId: `co_${loc.locationId}`, activeLocation: loc.locationId, role: 'admin', type: 'location' });
  const book = s.bed.fake.state.deals;
  const deals = {
    enabled: true,
    pipelineId: book.pipelinesOf(loc.locationId)[0].id,
    invoiceSentStageId: book.stageId(loc.locationId, 'Invoice sent'),
    paidStageId: book.stageId(loc.locationId, 'Paid'),
    ...over,
  };
  const res = await request(s.bed.t.app).put(`/api/locations/${loc.locationId}/settings`).set('Authorization', `Bearer ${token}`).send({ deals });
  if (res.status !== 200) throw new Error(`deals refused: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

/**
 * A fresh invoice of ₹4,790.30 and its events, from the published `invoice.paid` body: `issued` (as reconciliation
 * reports it), two partial payments (₹2,000 and ₹2,790.30) each as `payment.captured` and `invoice.partially_paid`/
 * `invoice.paid`, and `expired`.
 */
export function invoiceStory(tag: string, expireBy: number) {
  const id = `inv_${tag}`;
  const base = fixtureJson('invoice.paid__Card');
  const inv = { ...base.payload.invoice.entity, id, expire_by: Math.floor(expireBy / 1000), description: `Website for ${tag}` };
  const pay = base.payload.payment.entity;
  const at = (n: number) => (base.created_at ?? 1567674000) + n * 60;
  const env = (event: string, n: number, payload: Envelope['payload']) => JSON.stringify({ ...base, event, created_at: at(n), payload });
  const p1 = { ...pay, id: `pay_${tag}1`, amount: 200000, invoice_id: id, created_at: at(1) };
  const p2 = { ...pay, id: `pay_${tag}2`, amount: 279030, invoice_id: id, created_at: at(2) };
  return {
    id,
    issued: env('invoice.issued', 0, { invoice: { entity: { ...inv, status: 'issued', amount_paid: 0, amount_due: 479030, payment_id: null } } }),
    captured1: env('payment.captured', 1, { payment: { entity: p1 } }),
    partial: env('invoice.partially_paid', 1, { payment: { entity: p1 }, invoice: { entity: { ...inv, status: 'partially_paid', amount_paid: 200000, amount_due: 279030, payment_id: null } } }),
    captured2: env('payment.captured', 2, { payment: { entity: p2 } }),
    paid: env('invoice.paid', 2, { payment: { entity: p2 }, invoice: { entity: { ...inv, status: 'paid', amount_paid: 479030, amount_due: 0, payment_id: p2.id } } }),
    expired: env('invoice.expired', 3, { invoice: { entity: { ...inv, status: 'expired', amount_paid: 0, amount_due: 479030, payment_id: null } } }),
  };
}

export const oppsOf = (s: SyncBed, locationId: string): FakeOpportunity[] => s.bed.fake.state.deals.of(locationId);

/** A location's opportunities as a person reads the board: name, stage name, status, value. */
export function board(s: SyncBed, locationId: string) {
  const stages = new Map(s.bed.fake.state.deals.pipelinesOf(locationId).flatMap((p) => p.stages.map((x) => [x.id, x.name] as const)));
  return oppsOf(s, locationId)
    .map((o) => `${o.name} | ${stages.get(o.pipelineStageId)} | ${o.status} | ${o.monetaryValue}`)
    .sort();
}

/** Opportunity calls only, as `METHOD /opportunities/<what>`, ids left out. */
export const oppCalls = (s: SyncBed, locationId: string, since: number) =>
  s
    .ghlCalls(locationId, since)
    .map((r) => (r.path.startsWith('/opportunities') ? `${r.method} ${r.path.replace(/^\/opportunities\/(?!search|pipelines)[^/]+/, '/opportunities/:id')}` : callShape(r)));
