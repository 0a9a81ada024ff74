import type { RzpCredentials } from '../types.js';
import type { RazorpayHttp } from './http.js';

/**
 * Customers (razorpay.com/docs/api/customers/create): `POST /v1/customers`; with `fail_existing: "0"` Razorpay
 * answers the existing customer with the same e-mail/contact instead of an error, which makes "find or create"
 * one idempotent call.
 */
export interface CustomerInput {
  name?: string;
  email?: string;
  contact?: string;
  fail_existing: '0' | '1';
  notes?: Record<string, string>;
}

export interface RzpCustomer {
  id: string;
  entity: 'customer';
  name?: string | null;
  email?: string | null;
  contact?: string | null;
  created_at: number;
  [key: string]: unknown;
}

export interface RazorpayCustomersApi {
  createCustomer(creds: RzpCredentials, input: CustomerInput): Promise<RzpCustomer>;
}

export function customersApi(http: RazorpayHttp): RazorpayCustomersApi {
  return { createCustomer: (creds, input) => http.call<RzpCustomer>(creds, 'POST', '/v1/customers', { data: input }) };
}
