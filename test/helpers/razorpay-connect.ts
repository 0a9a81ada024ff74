import request from 'supertest';
import type { FakeRazorpay } from '../fakes/fake-razorpay.js';
import type { TestApp } from './app.js';
import { seedInstalledLocation, sessionToken } from './ghl-sso.js';

export interface ConnectedLocation {
  locationId: string;
  companyId: string;
  token: string;
  connectionId: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  accountId: string;
}

/** Installs a location, opens an admin session and connects a fresh fake Razorpay account through the API. */
export async function connectLocation(t: TestApp, rzp: FakeRazorpay, over: { locationId?: string; companyId?: string; webhookSecret?: string } = {}): Promise<ConnectedLocation> {
  const locationId = over.locationId ?? `loc_${Math.random().toString(36).slice(2, 10)}`;
  const companyId = over.companyId ?? `co_${Math.random().toString(36).slice(2, 10)}`;
  await seedInstalledLocation(t, locationId, companyId);
  const token = await sessionToken(t, { companyId, activeLocation: locationId, role: 'admin', type: 'location' });
  const { keyId, keySecret, accountId } = rzp.addKey();
  const webhookSecret = over.webhookSecret ?? `whsec_${Math.random().toString(36).slice(2)}`;
  const res = await request(t.app).put(`/api/locations/${locationId}/razorpay`).set('Authorization', `Bearer ${token}`).send({ keyId, keySecret, webhookSecret });
  if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  const connectionId = String(res.body.webhookUrl).split('/').pop()!;
  return { locationId, companyId, token, connectionId, keyId, keySecret, webhookSecret, accountId };
}

/**
 * Saves a fresh key pair of another fake account on a connected location (same webhook secret and URL), as an admin
 * does when the location moves to another Razorpay account: the connection forgets its account. Updates `loc`.
 */
export async function switchRazorpayAccount(t: TestApp, rzp: FakeRazorpay, loc: ConnectedLocation): Promise<ConnectedLocation> {
  const { keyId, keySecret, accountId } = rzp.addKey();
  const res = await request(t.app).put(`/api/locations/${loc.locationId}/razorpay`).set('Authorization', `Bearer ${loc.token}`).send({ keyId, keySecret, webhookSecret: loc.webhookSecret });
  if (res.status !== 200) throw new Error(`switch failed: ${res.status} ${JSON.stringify(res.body)}`);
  return Object.assign(loc, { keyId, keySecret, accountId });
}
