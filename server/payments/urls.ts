import type { Config } from '../config.js';

/** Our endpoints as GHL is told them at registration (derived from APP_URL). */
export const checkoutUrl = (c: Config) => `${c.appUrl}/payments/checkout`;
export const queryUrl = (c: Config) => `${c.appUrl}/payments/query`;
export const logoUrl = (c: Config) => `${c.appUrl}/static/razorpay-logo.svg`;
