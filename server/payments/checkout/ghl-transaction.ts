import { sleep } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Requester } from '../../ghl/request.js';
import { GhlApiError } from '../../ghl/types.js';
import type { ProviderMode } from '../../store/types.js';
import { toMinor } from '../currency.js';

/** The fields of GHL's transaction the checkout compares with the props (GetTxnResponseSchema). */
export interface GhlTransaction {
  _id: string;
  amount?: number;
  currency?: string;
  liveMode?: boolean;
}

export interface TransactionCheck {
  /** `off` skips the read (an operator's escape hatch should GHL's endpoint misbehave); `required` by default. */
  mode: 'required' | 'off';
  /** How long a transaction GHL does not know yet is asked for again before the checkout is refused. */
  waitMs: number;
}

/**
 * operationId get-transaction-by-id (specs/ghl-openapi/apps/payments.json): `GET /payments/transactions/{transactionId}`,
 * `Version: 2021-07-28` (the requester sends it), required query `altId` + `altType`, scope
 * `payments/transactions.readonly`. The spec answers 400 "Transaction not found" for an unknown id; 404 is taken
 * the same way.
 */
export const readGhlTransaction = (call: Requester, locationId: string, transactionId: string) =>
  call({ locationId, method: 'GET', path: `/payments/transactions/${encodeURIComponent(transactionId)}`, query: { altId: locationId, altType: 'location' } }) as Promise<GhlTransaction>;

const notFound = (e: unknown) => e instanceof GhlApiError && (e.httpStatus === 404 || e.httpStatus === 400);

/**
 * The props' amount is unsigned (it comes from the parent frame): before any Razorpay order exists, GHL's own
 * transaction must say the same amount, currency and mode, or nothing is created. A transaction GHL cannot find
 * may just not be readable yet (the docs are silent on how soon it is): it is asked again with growing pauses
 * until `waitMs` is spent, then refused. Returns how many reads it took.
 */
export async function checkGhlTransaction(
  call: Requester,
  check: TransactionCheck,
  want: { locationId: string; transactionId: string; amountMinor: number; currency: string; mode: ProviderMode },
): Promise<number> {
  if (check.mode === 'off') return 0;
  let reads = 0;
  let txn: GhlTransaction | undefined;
  for (let waited = 0, pause = 250; ; pause = Math.min(pause * 2, 1_000)) {
    reads++;
    try {
      txn = await readGhlTransaction(call, want.locationId, want.transactionId);
      break;
    } catch (e) {
      if (!notFound(e)) throw new AppError('payments_transaction_unreadable', `HighLevel could not be asked about transaction ${want.transactionId}; nothing was charged, try again`, { status: 502, expose: true, cause: e });
      if (waited + pause > check.waitMs) {
        throw new AppError('payments_transaction_unknown', `HighLevel does not know transaction ${want.transactionId} (asked ${reads} times); nothing was charged`, { status: 409, expose: true });
      }
      await sleep(pause);
      waited += pause;
    }
  }
  const currency = (txn.currency ?? '').toUpperCase();
  let ghlMinor: number | undefined;
  try {
    ghlMinor = typeof txn.amount === 'number' && currency ? toMinor(txn.amount, currency) : undefined;
  } catch {
    ghlMinor = undefined;
  }
  if (ghlMinor === undefined || ghlMinor !== want.amountMinor || currency !== want.currency) {
    throw new AppError(
      'payments_amount_mismatch',
      `HighLevel's transaction ${want.transactionId} is for ${txn.amount ?? '?'} ${currency || '?'}, not the ${want.amountMinor} ${want.currency} (minor units) this page was given; nothing was charged`,
      { status: 409, expose: true },
    );
  }
  if (typeof txn.liveMode === 'boolean' && txn.liveMode !== (want.mode === 'live')) {
    throw new AppError('payments_mode_mismatch', `HighLevel's transaction ${want.transactionId} is in ${txn.liveMode ? 'live' : 'test'} mode, but the page was given the ${want.mode} key; nothing was charged`, { status: 409, expose: true });
  }
  return reads;
}
