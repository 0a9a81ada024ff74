import { type Connection, type Model, Schema } from 'mongoose';
import type { CheckoutOrder, PaymentProvider, PaymentsRepo, ProviderModeState } from '../repos/payments.js';
import { isDuplicateKey } from './errors.js';

export type PaymentProviderDoc = Omit<PaymentProvider, 'locationId'> & { _id: string };
export type CheckoutOrderDoc = CheckoutOrder & { _id: string };

const modeSchema = () =>
  new Schema<ProviderModeState>(
    {
      apiKeyHash: { type: String, required: true },
      apiKeyEnc: { type: String, required: true },
      publishableKey: { type: String, required: true },
      keyFingerprint: { type: String, required: true },
      pushedAt: { type: Number, required: true },
    },
    { _id: false },
  );

export function paymentProviderSchema(): Schema<PaymentProviderDoc> {
  const schema = new Schema<PaymentProviderDoc>(
    {
      _id: { type: String, required: true },
      registeredAt: Number,
      modes: { test: modeSchema(), live: modeSchema() },
      lastError: String,
      lastErrorAt: Number,
      updatedAt: { type: Number, required: true },
    },
    { collection: 'payment_providers', versionKey: false, id: false, minimize: false },
  );
  schema.index({ 'modes.test.apiKeyHash': 1 }, { name: 'payment_providers_test_key', unique: true, partialFilterExpression: { 'modes.test.apiKeyHash': { $type: 'string' } } });
  schema.index({ 'modes.live.apiKeyHash': 1 }, { name: 'payment_providers_live_key', unique: true, partialFilterExpression: { 'modes.live.apiKeyHash': { $type: 'string' } } });
  return schema;
}

export function checkoutOrderSchema(): Schema<CheckoutOrderDoc> {
  const schema = new Schema<CheckoutOrderDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      transactionId: { type: String, required: true },
      mode: { type: String, required: true, enum: ['test', 'live'] },
      razorpayOrderId: { type: String, required: true },
      amountMinor: { type: Number, required: true },
      currency: { type: String, required: true },
      ghlOrderId: String,
      contactId: String,
      ghlSubscriptionId: String,
      paymentId: String,
      status: { type: String, required: true, enum: ['created', 'signed', 'paid', 'failed'] },
      createdAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'payment_orders', versionKey: false, id: false },
  );
  schema.index({ locationId: 1, razorpayOrderId: 1 }, { name: 'payment_orders_rzp', unique: true });
  return schema;
}

export const paymentModels = (conn: Connection) => ({
  paymentProviders: conn.model<PaymentProviderDoc>('PaymentProvider', paymentProviderSchema()),
  checkoutOrders: conn.model<CheckoutOrderDoc>('CheckoutOrder', checkoutOrderSchema()),
});

/** One document per (location, transaction): the id makes the insert-once atomic. */
const orderId = (locationId: string, transactionId: string) => `${locationId}:${transactionId}`;

const fromProvider = (d: PaymentProviderDoc): PaymentProvider => {
  const modes: PaymentProvider['modes'] = {};
  if (d.modes?.test?.apiKeyHash) modes.test = d.modes.test;
  if (d.modes?.live?.apiKeyHash) modes.live = d.modes.live;
  return { locationId: d._id, registeredAt: d.registeredAt ?? undefined, modes, lastError: d.lastError ?? undefined, lastErrorAt: d.lastErrorAt ?? undefined, updatedAt: d.updatedAt };
};

const fromOrder = (d: CheckoutOrderDoc): CheckoutOrder => {
  const { _id, ...o } = d;
  void _id;
  return o;
};

export function mongoPayments(m: { paymentProviders: Model<PaymentProviderDoc>; checkoutOrders: Model<CheckoutOrderDoc> }): PaymentsRepo {
  const P = m.paymentProviders;
  const O = m.checkoutOrders;
  return {
    async getProvider(locationId) {
      const d = await P.findById(locationId).lean<PaymentProviderDoc>();
      return d ? fromProvider(d) : undefined;
    },
    async saveProvider(p, now) {
      const doc: PaymentProviderDoc = { _id: p.locationId, modes: p.modes, updatedAt: now, registeredAt: p.registeredAt, lastError: p.lastError, lastErrorAt: p.lastErrorAt };
      await P.replaceOne({ _id: p.locationId }, doc, { upsert: true });
      return fromProvider(doc);
    },
    async findByApiKeyHash(hash) {
      const d = await P.findOne({ $or: [{ 'modes.test.apiKeyHash': hash }, { 'modes.live.apiKeyHash': hash }] }).lean<PaymentProviderDoc>();
      if (!d) return undefined;
      const provider = fromProvider(d);
      return { provider, mode: provider.modes.live?.apiKeyHash === hash ? 'live' : 'test' };
    },
    async deleteProvider(locationId) {
      return (await P.deleteOne({ _id: locationId })).deletedCount > 0;
    },
    async getOrder(locationId, transactionId) {
      const d = await O.findById(orderId(locationId, transactionId)).lean<CheckoutOrderDoc>();
      return d ? fromOrder(d) : undefined;
    },
    async insertOrder(o, now) {
      const _id = orderId(o.locationId, o.transactionId);
      try {
        const created = await O.create({ ...o, _id, updatedAt: now });
        return { created: true, order: fromOrder(created.toObject() as CheckoutOrderDoc) };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const d = await O.findById(_id).lean<CheckoutOrderDoc>();
      if (!d) throw new Error(`checkout order ${_id} collided on another key`);
      return { created: false, order: fromOrder(d) };
    },
    async findOrderByRazorpayId(locationId, razorpayOrderId) {
      const d = await O.findOne({ locationId, razorpayOrderId }).lean<CheckoutOrderDoc>();
      return d ? fromOrder(d) : undefined;
    },
    async updateOrder(locationId, transactionId, patch, now) {
      const set: Record<string, unknown> = { updatedAt: now };
      if (patch.paymentId !== undefined) set.paymentId = patch.paymentId;
      if (patch.status !== undefined) set.status = patch.status;
      const d = await O.findOneAndUpdate({ _id: orderId(locationId, transactionId) }, { $set: set }, { new: true, lean: true });
      return d ? fromOrder(d as CheckoutOrderDoc) : undefined;
    },
  };
}
