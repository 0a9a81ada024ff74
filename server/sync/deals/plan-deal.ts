import type { GhlOpportunityStatus } from '../../ghl/types.js';
import { formatMoney, toMajor } from '../../money/currency.js';
import type { DealSettings } from './deal-settings.js';
import { customerOf, type DealFacts, descriptionOf, paidOf, refundedOf } from './deal-state.js';

/**
 * The pure half of deals: what the opportunity should show given the facts, which of its fields a person took
 * over, which writes bring it there, and the effect key that makes each move happen once.
 */
export interface OppFields {
  stageId: string;
  status: GhlOpportunityStatus;
  /** Major units, as GHL's `monetaryValue`. */
  value: number;
  name: string;
}

export interface OppTarget extends OppFields {
  phase: 'invoice-sent' | 'won' | 'lost';
  /** Unique per state of the facts (amounts only rise), so a key is never reused for a different target. */
  key: string;
}

/** Fields a person changed in GHL after our last write; the app never writes them again for this deal. */
export interface Released {
  stage?: boolean;
  status?: boolean;
  value?: boolean;
  /** Renamed by a person, or adopted with the name a person gave it. */
  name?: boolean;
  /** The opportunity was deleted in GHL: not recreated. */
  gone?: boolean;
}

export function targetOf(f: DealFacts, s: DealSettings, dealKey: string): OppTarget | undefined {
  const name = renderDealName(s.nameTemplate, f, dealKey);
  // a name learnt later (a link's description after its payment) renames the opportunity: its key must differ
  const n = `~${shortHash(name)}`;
  const paid = paidOf(f);
  const refunded = refundedOf(f);
  const fullyPaid = f.closed === 'paid' || (f.expected !== undefined && f.expected > 0 && paid >= f.expected) || (f.kind !== 'invoice' && paid > 0);
  if (fullyPaid) {
    const net = Math.max(0, paid - refunded);
    return { phase: 'won', stageId: s.paidStageId, status: 'won', value: toMajor(net, f.currency), name, key: `deal:${dealKey}:won@${paid}${refunded ? `:refunded@${refunded}` : ''}${n}` };
  }
  // an invoice whose amount is not known yet (only its payment seen) waits for its own event
  if (f.kind !== 'invoice' || f.expected === undefined) return undefined;
  const open = Math.max(f.expected, paid);
  const value = toMajor(open, f.currency);
  if ((f.closed === 'expired' || f.closed === 'cancelled') && s.onExpired === 'lost') return { phase: 'lost', stageId: s.invoiceSentStageId, status: 'lost', value, name, key: `deal:${dealKey}:lost@${open}${n}` };
  return { phase: 'invoice-sent', stageId: s.invoiceSentStageId, status: 'open', value, name, key: `deal:${dealKey}:stage-invoice-sent@${open}${n}` };
}

/** Whether the target asks for anything on a field still ours. */
export function needsWrite(applied: OppFields | undefined, t: OppTarget, r: Released): boolean {
  if (r.gone) return false;
  if (!applied) return true;
  return (!r.stage && applied.stageId !== t.stageId) || (!r.status && applied.status !== t.status) || (!r.value && applied.value !== t.value) || (!r.name && applied.name !== t.name);
}

/**
 * Compares what GHL shows with what the app last wrote. A write cut short by a crash may or may not have landed,
 * so its target counts as ours too. A person changing the status takes the stage with it.
 */
export function releasedBy(observed: OppFields, applied: OppFields, inFlight: OppFields | undefined, prev: Released): Released {
  const ours = (k: keyof OppFields) => observed[k] === applied[k] || (inFlight !== undefined && observed[k] === inFlight[k]);
  const status = Boolean(prev.status) || !ours('status');
  return { ...prev, status, stage: status || Boolean(prev.stage) || !ours('stageId'), value: Boolean(prev.value) || !ours('value'), name: Boolean(prev.name) || !ours('name') };
}

/** The calls that bring `observed` to the target on the fields still ours: at most one update and one status. */
export function writesFor(observed: OppFields, t: OppTarget, r: Released): { update?: { pipelineStageId?: string; monetaryValue?: number; name?: string }; status?: GhlOpportunityStatus } {
  const update: { pipelineStageId?: string; monetaryValue?: number; name?: string } = {};
  if (!r.name && observed.name !== t.name) update.name = t.name;
  if (!r.stage && observed.stageId !== t.stageId) update.pipelineStageId = t.stageId;
  if (!r.value && observed.value !== t.value) update.monetaryValue = t.value;
  return { ...(Object.keys(update).length ? { update } : {}), ...(!r.status && observed.status !== t.status ? { status: t.status } : {}) };
}

/** What the app holds as written after the writes: the target where it wrote, what GHL showed elsewhere. */
export const appliedAfter = (observed: OppFields, t: OppTarget, r: Released): OppFields => ({
  stageId: r.stage ? observed.stageId : t.stageId,
  status: r.status ? observed.status : t.status,
  value: r.value ? observed.value : t.value,
  name: r.name ? observed.name : t.name,
});

/** FNV-1a, 8 hex digits: enough to tell two names of one deal apart in a key. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** `{{customer}} — {{description}}`; unknown placeholders vanish with their separator. */
export function renderDealName(template: string, f: DealFacts, dealKey: string): string {
  const values: Record<string, string> = {
    customer: customerOf(f),
    description: descriptionOf(f, dealKey),
    amount: formatMoney(f.expected ?? paidOf(f), f.currency),
    invoice: f.kind === 'invoice' ? dealKey : '',
  };
  const name = template
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => values[k] ?? '')
    .replace(/^[\s—–-]+|[\s—–-]+$/g, '')
    .trim();
  return (name || descriptionOf(f, dealKey)).slice(0, 200);
}

/** Why an invoice deal closed unpaid, for the note on the contact. */
export function expiredNote(f: DealFacts, dealKey: string, s: DealSettings, oppName: string): string {
  const due = formatMoney(Math.max(0, (f.expected ?? 0) - paidOf(f)), f.currency);
  const what = `${descriptionOf(f, dealKey)} (${dealKey}) ${f.closed} with ${due} unpaid`;
  return s.onExpired === 'lost' ? `Opportunity "${oppName}" marked lost: ${what}.` : `Opportunity "${oppName}" left open: ${what} (the location keeps such opportunities open).`;
}

export function refundNote(amount: number, currency: string, refundId: string, paymentId: string, oppName: string): string {
  return `Refund of ${formatMoney(amount, currency)} (${refundId}) on payment ${paymentId}: the won value of opportunity "${oppName}" drops by ${formatMoney(amount, currency)}.`;
}
