import { AppError, NotFoundError } from '../../errors.js';
import { RazorpayApiError, type RzpPayment } from '../../razorpay/types.js';
import type { PaymentsDeps } from '../deps.js';
import type { QueryCaller } from './authenticate.js';

/** A charge GHL asks about that does not match what the app holds for the transaction or subscription. */
export const chargeMismatch = (message: string) => new AppError('payments_charge_mismatch', message, { status: 422 });

/** The Razorpay payment GHL names as `chargeId`; an id Razorpay does not know is GHL's mistake (404), not an outage. */
export async function fetchCharge(d: PaymentsDeps, who: QueryCaller, chargeId: string): Promise<RzpPayment> {
  try {
    return await d.razorpay.fetchPayment(who.creds, chargeId);
  } catch (e) {
    if (e instanceof RazorpayApiError && (e.reason === 'not_found' || e.reason === 'bad_request')) throw new NotFoundError(`Razorpay has no payment ${chargeId}`, 'payments_unknown_charge');
    throw e;
  }
}
