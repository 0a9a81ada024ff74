import { RetriableError } from '../../errors.js';
import { SYNC_LEASE_MS, type SyncDeps } from '../deps.js';
import { describeOpportunity } from '../describe-effect.js';
import { type Effect, effectKey, refMarker } from '../effects.js';
import type { SyncEvent } from '../parse-razorpay-event.js';
import type { RuleAction, SyncSettings } from '../rules.js';
import { type PerformedEffect, runEffects } from '../run-effects.js';
import { type DealFacts, dealRefOf, emptyFacts, foldEvent } from './deal-state.js';
import { type MoveResult, moveOpportunity } from './move-opportunity.js';
import { expiredNote, needsWrite, type OppFields, type Released, refundNote, targetOf } from './plan-deal.js';

/** The deal's part of the `deals` store record (`state`). */
export interface DealState {
  facts: DealFacts;
  applied?: OppFields;
  released: Released;
}

export interface DealOutcome {
  dealKey: string;
  performed: PerformedEffect[];
  summary?: string;
}

const SAY: Record<MoveResult['action'], string> = {
  created: 'opportunity created',
  adopted: 'open opportunity taken over',
  moved: 'opportunity moved',
  unchanged: 'opportunity already there',
  none: 'no open opportunity, none created',
  gone: 'opportunity deleted in GHL, not recreated',
  refused: 'GHL refused to create the opportunity',
};

/**
 * Moves the GHL opportunity of the deal an event is about (docs/deals.md). Runs inside the location's sync lease,
 * after the contact's own effects. The move is claimed in the effects ledger under a key naming the target, so
 * a replayed or reordered event that asks for nothing new makes no call; the deal record is written last.
 */
export async function syncDeal(d: SyncDeps, a: { locationId: string; contactId: string; event: SyncEvent; action: RuleAction; settings: SyncSettings; owner: string }): Promise<DealOutcome | undefined> {
  const s = a.settings.deals;
  const ref = s.enabled ? dealRefOf(a.event, a.action) : undefined;
  if (!ref) return undefined;
  const loc = a.locationId;
  // a payment already counted by a deal stays with it (a link's payment first seen as a plain payment)
  const byPayment = ref.kind !== 'invoice' && ref.paymentId ? await d.store.deals.findByPayment(loc, ref.paymentId) : undefined;
  const rec = byPayment ?? (await d.store.deals.get(loc, ref.key));
  const dealKey = rec?.dealKey ?? ref.key;
  const contactId = rec?.contactId ?? a.contactId;
  const prev = rec?.state as DealState | undefined;
  const facts = foldEvent(prev?.facts ?? emptyFacts(ref.kind), a.event, { ...ref, key: dealKey });
  let state: DealState = { facts, applied: prev?.applied, released: prev?.released ?? {} };
  let opportunityId = rec?.opportunityId;
  const performed: PerformedEffect[] = [];
  let said: string | undefined;

  const target = targetOf(facts, s, dealKey);
  if (target && needsWrite(state.applied, target, state.released) && !(opportunityId === undefined && state.released.gone)) {
    const claim = await d.store.effects.claim(loc, target.key, a.owner, d.clock.now(), SYNC_LEASE_MS);
    if (claim.state === 'busy') throw new RetriableError('effect_busy', `effect ${target.key} is being performed by ${claim.owner}`, { retryAfterMs: 5_000 });
    let result: MoveResult;
    if (claim.state === 'done') {
      result = claim.result as unknown as MoveResult;
    } else {
      result = await moveOpportunity(d, { locationId: loc, contactId, dealKey, canCreate: facts.kind === 'invoice' || s.createWonWhenNone, target, settings: s, opportunityId, applied: state.applied, released: state.released, recovered: claim.recovered });
      await d.store.effects.complete(loc, target.key, result as unknown as Record<string, unknown>, d.clock.now());
    }
    opportunityId = result.opportunityId ?? opportunityId;
    state = { ...state, applied: result.applied ?? state.applied, released: result.released };
    performed.push({ key: target.key, kind: 'opportunity', ghlId: result.opportunityId, skipped: claim.state === 'done', detail: describeOpportunity(result.applied ?? target) });
    said = `Deal ${dealKey}: ${SAY[result.action]}${result.left ? ` (${result.left.join(', ')} left as a person set it in GHL)` : ''}${result.detail ? ` — ${result.detail}` : ''}`;
  }

  if (opportunityId && state.applied) performed.push(...(await runEffects(d, { locationId: loc, contactId, owner: a.owner, effects: notesFor(a.event, facts, state, dealKey, contactId, a.settings) })));

  const saved = await d.store.deals.put({ locationId: loc, dealKey, contactId, opportunityId, paymentIds: Object.keys(facts.payments), state: state as unknown as Record<string, unknown> }, rec?.version ?? 0, d.clock.now());
  if (!saved) throw new RetriableError('deal_conflict', `deal ${dealKey} changed meanwhile`, { retryAfterMs: 1_000 });
  return { dealKey, performed, summary: said };
}

/** One note per fact the event carries that changed the deal's meaning: closed unpaid, or a refund off the won value. */
function notesFor(e: SyncEvent, f: DealFacts, st: DealState, dealKey: string, contactId: string, settings: SyncSettings): Effect[] {
  const out: Effect[] = [];
  const note = (fact: string, body: string) => out.push({ kind: 'note', key: effectKey(fact, 'note', contactId), body: `${body}\n${refMarker(fact)}`, ref: fact });
  const unpaidClose = f.closed === 'expired' || f.closed === 'cancelled';
  if (unpaidClose && e.invoice?.id === dealKey && (e.invoice.status === 'expired' || e.invoice.status === 'cancelled') && !st.released.status) {
    note(`deal:${dealKey}:${f.closed}`, expiredNote(f, dealKey, settings.deals, st.applied!.name));
  }
  if (e.refund && f.refunds[e.refund.id] !== undefined && st.applied?.status === 'won' && !st.released.value) {
    note(`deal:${dealKey}:refund:${e.refund.id}`, refundNote(e.refund.amount, e.refund.currency, e.refund.id, e.refund.paymentId, st.applied!.name));
  }
  return out;
}
