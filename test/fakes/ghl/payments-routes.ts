import type { Express, Request, Response } from 'express';
import { type FakeGhlState, newId } from './state.js';

/**
 * GHL's custom payment provider endpoints (specs/ghl-openapi/apps/payments.json: create-integration,
 * delete-integration, fetch-config, create-config, disconnect-config) and the custom-provider webhook
 * (backend.leadconnectorhq.com/payments/custom-provider/webhook, pointed here by PAYMENTS_WEBHOOK_URL).
 * Each checks what the spec declares: the location's token, `Version: 2021-07-28`, the required `locationId`
 * query (and no other), the DTO's required fields and no undeclared ones. State per location is readable by tests.
 */
export interface FakeProviderKeys {
  apiKey: string;
  publishableKey: string;
}

export interface FakePaymentsLocation {
  integration?: { name: string; description: string; paymentsUrl: string; queryUrl: string; imageUrl: string; supportsSubscriptionSchedule: boolean };
  live?: FakeProviderKeys;
  test?: FakeProviderKeys;
}

/** A GHL payments transaction as get-transaction-by-id answers it (GetTxnResponseSchema's fields the app reads). */
export interface FakeTransaction {
  _id: string;
  altId: string;
  altType: 'location';
  amount?: number;
  currency?: string;
  liveMode?: boolean;
  entityType?: string;
  entityId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakePaymentsState {
  locations: Map<string, FakePaymentsLocation>;
  /** Transactions by id, as GHL's checkout would have made them; a test seeds them (`seedTransaction`). */
  transactions: Map<string, FakeTransaction>;
  /** Reads of an id answer "not found" this many times before the transaction shows (GHL not readable yet). */
  transactionLag: Map<string, number>;
  /** Bodies posted to the custom-provider webhook, in order. */
  webhooks: Record<string, unknown>[];
  /** The next this-many webhook posts answer 503 (GHL down), counted down. */
  failWebhooks: number;
}

export const fakePaymentsState = (): FakePaymentsState => ({ locations: new Map(), transactions: new Map(), transactionLag: new Map(), webhooks: [], failWebhooks: 0 });

/** Seeds the transaction GHL holds for a checkout (decimal major amount, as GHL's payment_initiate_props carry it). */
export function seedTransaction(payments: FakePaymentsState, t: { locationId: string; transactionId: string; amount: number; currency: string; liveMode?: boolean; orderId?: string }): FakeTransaction {
  const now = new Date().toISOString();
  const txn: FakeTransaction = { _id: t.transactionId, altId: t.locationId, altType: 'location', amount: t.amount, currency: t.currency.toLowerCase(), liveMode: t.liveMode ?? false, entityType: 'order', entityId: t.orderId, createdAt: now, updatedAt: now };
  payments.transactions.set(t.transactionId, txn);
  return txn;
}

const refuse = (res: Response, status: number, message: string) => void res.status(status).json({ statusCode: status, message, traceId: newId() });

function fields(body: unknown, required: string[], allowed: string[]): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body must be an object';
  const keys = Object.keys(body);
  const missing = required.filter((k) => !(k in body));
  if (missing.length) return `missing ${missing.join(', ')}`;
  const extra = keys.filter((k) => !allowed.includes(k));
  if (extra.length) return `undeclared ${extra.join(', ')}`;
  return undefined;
}

export function paymentsRoutes(state: FakeGhlState, payments: FakePaymentsState) {
  return (app: Express) => {
    const guard = (req: Request, res: Response): string | undefined => {
      const grant = state.authorize(req.get('authorization'));
      if (!grant?.locationId) return void refuse(res, 401, 'Invalid token');
      if (req.get('version') !== '2021-07-28') return void refuse(res, 400, 'Version must be 2021-07-28');
      const extra = Object.keys(req.query).filter((k) => k !== 'locationId');
      if (extra.length) return void refuse(res, 422, `undeclared query ${extra.join(', ')}`);
      if (req.query.locationId !== grant.locationId) return void refuse(res, req.query.locationId ? 403 : 422, 'locationId is required and must be the token’s location');
      return grant.locationId;
    };
    const loc = (id: string) => {
      let l = payments.locations.get(id);
      if (!l) payments.locations.set(id, (l = {}));
      return l;
    };
    const keysOk = (k: unknown) => !fields(k, ['apiKey', 'publishableKey'], ['apiKey', 'publishableKey']) && typeof (k as FakeProviderKeys).apiKey === 'string' && typeof (k as FakeProviderKeys).publishableKey === 'string';

    app.post('/payments/custom-provider/provider', (req, res) => {
      const id = guard(req, res);
      if (!id) return;
      const all = ['name', 'description', 'paymentsUrl', 'queryUrl', 'imageUrl', 'supportsSubscriptionSchedule'];
      const bad = fields(req.body, all, all);
      if (bad) return refuse(res, 422, bad);
      loc(id).integration = req.body;
      res.json({ name: req.body.name, description: req.body.description, paymentsUrl: req.body.paymentsUrl, queryUrl: req.body.queryUrl, imageUrl: req.body.imageUrl, _id: newId(), locationId: id, marketplaceAppId: 'test', traceId: newId() });
    });
    app.delete('/payments/custom-provider/provider', (req, res) => {
      const id = guard(req, res);
      if (!id) return;
      payments.locations.delete(id);
      res.json({ success: true });
    });
    app.get('/payments/custom-provider/connect', (req, res) => {
      const id = guard(req, res);
      if (!id) return;
      const l = loc(id);
      res.json({ name: l.integration?.name, live: l.live, test: l.test });
    });
    // get-transaction-by-id: required altId + altType (locationId optional), Version 2021-07-28, scope
    // payments/transactions.readonly; an unknown id (or another location's) answers 400 "Transaction not found" as the spec declares
    app.get('/payments/transactions/:transactionId', (req, res) => {
      const grant = state.authorize(req.get('authorization'));
      if (!grant?.locationId) return refuse(res, 401, 'Invalid token');
      if (req.get('version') !== '2021-07-28') return refuse(res, 400, 'Version must be 2021-07-28');
      const extra = Object.keys(req.query).filter((k) => !['locationId', 'altId', 'altType'].includes(k));
      if (extra.length) return refuse(res, 422, `undeclared query ${extra.join(', ')}`);
      if (!req.query.altId || !req.query.altType) return refuse(res, 422, 'altId and altType are required');
      if (req.query.altType !== 'location' || req.query.altId !== grant.locationId) return refuse(res, 403, 'altId must be the token’s location');
      const id = String(req.params.transactionId);
      const lag = payments.transactionLag.get(id) ?? 0;
      if (lag > 0) {
        payments.transactionLag.set(id, lag - 1);
        return refuse(res, 400, 'Transaction not found');
      }
      const txn = payments.transactions.get(id);
      if (!txn || txn.altId !== grant.locationId) return refuse(res, 400, 'Transaction not found');
      res.json(txn);
    });
    app.post('/payments/custom-provider/connect', (req, res) => {
      const id = guard(req, res);
      if (!id) return;
      const bad = fields(req.body, ['live', 'test'], ['live', 'test']);
      if (bad) return refuse(res, 422, bad);
      if (!keysOk(req.body.live) || !keysOk(req.body.test)) return refuse(res, 422, 'live and test need apiKey and publishableKey strings');
      const l = loc(id);
      if (!l.integration) return refuse(res, 400, 'No custom provider integration for this location');
      Object.assign(l, { live: req.body.live, test: req.body.test });
      res.json({ name: l.integration.name, live: l.live, test: l.test });
    });
    app.post('/payments/custom-provider/disconnect', (req, res) => {
      const id = guard(req, res);
      if (!id) return;
      const bad = fields(req.body, ['liveMode'], ['liveMode']);
      if (bad || typeof req.body.liveMode !== 'boolean') return refuse(res, 422, bad ?? 'liveMode must be a boolean');
      const l = loc(id);
      delete l[req.body.liveMode ? 'live' : 'test'];
      res.json({ success: true });
    });
  };
}

/** The custom-provider webhook lives on another GHL host without the API's Version header: mount it before the API checks. */
export function paymentsWebhookRoute(payments: FakePaymentsState) {
  return (app: Express) => {
    // the webhook GHL's payments backend takes: authenticated by the location's apiKey in the body
    app.post('/payments/custom-provider/webhook', (req, res) => {
      if (payments.failWebhooks > 0) {
        payments.failWebhooks--;
        return refuse(res, 503, 'Service Unavailable');
      }
      const b = (req.body ?? {}) as Record<string, unknown>;
      const l = typeof b.locationId === 'string' ? payments.locations.get(b.locationId) : undefined;
      if (!l || !b.apiKey || (b.apiKey !== l.live?.apiKey && b.apiKey !== l.test?.apiKey)) return refuse(res, 401, 'Invalid apiKey');
      if (typeof b.event !== 'string') return refuse(res, 422, 'event is required');
      payments.webhooks.push(b);
      res.json({ success: true });
    });
  };
}
