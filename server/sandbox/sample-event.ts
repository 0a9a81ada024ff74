import { createHash } from 'node:crypto';

/** What a person may change in a sample before sending it: the payer's name and e-mail, the amount (paise). */
export interface SampleEdits {
  name?: string;
  email?: string;
  amount?: number;
}

/** What a sample carries of those, for the form's defaults; undefined where the event has none. */
export interface SampleFacts {
  event: string;
  name?: string;
  email?: string;
  amount?: number;
  currency?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The objects Razorpay names a payer in. */
const NAME_HOLDERS = new Set(['customer_details', 'customer', 'card']);
const EMAIL_KEYS = new Set(['email', 'customer_email']);
const NAME_KEYS = new Set(['customer_name']);
const AMOUNT_KEYS = new Set(['amount', 'amount_paid', 'base_amount', 'gross_amount', 'line_amount', 'net_amount', 'unit_amount', 'total_amount']);
/** Razorpay ids: a short prefix, `_`, 14 alphanumerics. */
const ID = /\b([a-z]{2,5})_([A-Za-z0-9]{14})\b/g;

function walk(v: Json, visit: (key: string, value: Json, parent: Obj, parentKey: string) => Json | undefined, parentKey = ''): void {
  if (Array.isArray(v)) return v.forEach((x) => walk(x, visit, parentKey));
  if (!isObj(v)) return;
  for (const [k, x] of Object.entries(v)) {
    const next = visit(k, x, v, parentKey);
    if (next !== undefined) v[k] = next;
    walk(v[k], visit, k);
  }
}

/** The event's main entity: the one its `contains` lists first. */
function mainEntity(env: Obj): Obj | undefined {
  const payload = isObj(env.payload) ? env.payload : undefined;
  if (!payload) return undefined;
  const names = Array.isArray(env.contains) ? env.contains.filter((c): c is string => typeof c === 'string') : Object.keys(payload);
  for (const n of [...names, ...Object.keys(payload)]) {
    const holder = payload[n];
    if (isObj(holder) && isObj(holder.entity)) return holder.entity;
  }
  return undefined;
}

export function sampleFacts(raw: string): SampleFacts {
  const env = JSON.parse(raw) as Obj;
  const facts: SampleFacts = { event: String(env.event ?? '') };
  walk(env, (k, v, _p, parentKey) => {
    if (facts.email === undefined && EMAIL_KEYS.has(k) && typeof v === 'string' && v) facts.email = v;
    if (facts.name === undefined && typeof v === 'string' && v && (NAME_KEYS.has(k) || (k === 'name' && NAME_HOLDERS.has(parentKey)))) facts.name = v;
    return undefined;
  });
  const main = mainEntity(env);
  if (main && typeof main.amount === 'number') facts.amount = main.amount;
  if (main && typeof main.currency === 'string') facts.currency = main.currency;
  return facts;
}

/**
 * A published sample made into a new event: the edits applied wherever Razorpay puts those facts, every Razorpay id
 * renewed consistently (so each send is a new payment, not a retry of the last one) and every timestamp moved so
 * the event happened `now`. The result is what gets signed and sent, byte for byte.
 */
export function prepareSample(raw: string, edits: SampleEdits, opts: { now: number; fresh: string }): string {
  const env = JSON.parse(raw) as Obj;
  const original = sampleFacts(raw);
  // the main entity happened now; its neighbours keep their distance to it (the envelopes' own times disagree)
  const main = mainEntity(env);
  const anchor = typeof main?.created_at === 'number' ? main.created_at : typeof env.created_at === 'number' ? env.created_at : undefined;
  const delta = anchor ? Math.floor(opts.now / 1000) - anchor : 0;
  walk(env, (k, v, _p, parentKey) => {
    if (edits.email !== undefined && EMAIL_KEYS.has(k) && typeof v === 'string' && v) return edits.email;
    if (edits.name !== undefined && typeof v === 'string' && v && (NAME_KEYS.has(k) || (k === 'name' && NAME_HOLDERS.has(parentKey)))) return edits.name;
    if (edits.amount !== undefined && original.amount !== undefined && AMOUNT_KEYS.has(k) && v === original.amount) return edits.amount;
    if (delta && typeof v === 'number' && /(_at|_by|^current_start|^current_end)$/.test(k) && v > 1e9 && v < 1e10) return v + delta;
    return undefined;
  });
  if (typeof env.created_at === 'number') env.created_at = Math.floor(opts.now / 1000);
  const renamed = new Map<string, string>();
  return JSON.stringify(env).replace(ID, (whole, prefix: string) => {
    if (prefix === 'acc' || prefix === 'rzp') return whole; // the account and key ids stay the connection's
    let next = renamed.get(whole);
    if (!next) {
      next = `${prefix}_${createHash('sha256').update(`${whole}:${opts.fresh}`).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 14)}`;
      renamed.set(whole, next);
    }
    return next;
  });
}
