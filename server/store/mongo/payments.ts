import { type Connection, type Model, Schema } from 'mongoose';
import type { CheckoutOrder, PaymentProvider, PaymentSubscription, PaymentsRepo, ProviderModeState } from '../repos/payments.js';
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

export type PaymentSubscriptionDoc = PaymentSubscription & { _id: string };
export interface PaymentPlanDoc {
  _id: string;
  locationId: string;
  planId: string;
  createdAt: number;
}

export function paymentSubscriptionSchema(): Schema<PaymentSubscriptionDoc> {
  const schema = new Schema<PaymentSubscriptionDoc>(
    {
      _id: { type: String, required: true },
      locationId: { type: String, required: true },
      ghlSubscriptionId: { type: String, required: true },
      mode: { type: String, required: true, enum: ['test', 'live'] },
      razorpaySubscriptionId: { type: String, required: true },
      planId: { type: String, required: true },
      amountMinor: { type: Number, required: true },
      currency: { type: String, required: true },
      ghlTransactionId: String,
      contactId: String,
      status: { type: String, required: true },
      firstPaymentId: String,
      createdAt: { type: Number, required: true },
      updatedAt: { type: Number, required: true },
    },
    { collection: 'payment_subscriptions', versionKey: false, id: false },
  );
  schema.index({ locationId: 1, razorpaySubscriptionId: 1 }, { name: 'payment_subscriptions_rzp', unique: true });
  return schema;
}

export function paymentPlanSchema(): Schema<PaymentPlanDoc> {
  return new Schema<PaymentPlanDoc>(
    { _id: { type: String, required: true }, locationId: { type: String, required: true }, planId: { type: String, required: true }, createdAt: { type: Number, required: true } },
    { collection: 'payment_plans', versionKey: false, id: false },
  );
}

export const paymentModels = (conn: Connection) => ({
  paymentProviders: conn.model<PaymentProviderDoc>('PaymentProvider', paymentProviderSchema()),
  checkoutOrders: conn.model<CheckoutOrderDoc>('CheckoutOrder', checkoutOrderSchema()),
  paymentSubscriptions: conn.model<PaymentSubscriptionDoc>('PaymentSubscription', paymentSubscriptionSchema()),
  paymentPlans: conn.model<PaymentPlanDoc>('PaymentPlan', paymentPlanSchema()),
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

const fromSub = (d: PaymentSubscriptionDoc): PaymentSubscription => {
  const { _id, ...s } = d;
  void _id;
  return s;
};

export function mongoPayments(m: {
  paymentProviders: Model<PaymentProviderDoc>;
  checkoutOrders: Model<CheckoutOrderDoc>;
  paymentSubscriptions: Model<PaymentSubscriptionDoc>;
  paymentPlans: Model<PaymentPlanDoc>;
}): PaymentsRepo {
  const P = m.paymentProviders;
  const O = m.checkoutOrders;
  const S = m.paymentSubscriptions;
  const L = m.paymentPlans;
  return {
    async getSubscription(locationId, ghlSubscriptionId) {
      const d = await S.findById(orderId(locationId, ghlSubscriptionId)).lean<PaymentSubscriptionDoc>();
      return d ? fromSub(d) : undefined;
    },
    async insertSubscription(sub, now) {
      const _id = orderId(sub.locationId, sub.ghlSubscriptionId);
      try {
        const created = await S.create({ ...sub, _id, updatedAt: now });
        return { created: true, subscription: fromSub(created.toObject() as PaymentSubscriptionDoc) };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const d = await S.findById(_id).lean<PaymentSubscriptionDoc>();
      if (!d) throw new Error(`subscription ${_id} collided on another key`);
      return { created: false, subscription: fromSub(d) };
    },
    async findSubscriptionByRazorpayId(locationId, razorpaySubscriptionId) {
      const d = await S.findOne({ locationId, razorpaySubscriptionId }).lean<PaymentSubscriptionDoc>();
      return d ? fromSub(d) : undefined;
    },
    async updateSubscription(locationId, ghlSubscriptionId, patch, now) {
      const set: Record<string, unknown> = { updatedAt: now };
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.firstPaymentId !== undefined) set.firstPaymentId = patch.firstPaymentId;
      const d = await S.findOneAndUpdate({ _id: orderId(locationId, ghlSubscriptionId) }, { $set: set }, { new: true, lean: true });
      return d ? fromSub(d as PaymentSubscriptionDoc) : undefined;
    },
    async getPlan(locationId, planKey) {
      return (await L.findById(orderId(locationId, planKey)).lean<PaymentPlanDoc>())?.planId;
    },
    async insertPlan(locationId, planKey, planId, now) {
      const _id = orderId(locationId, planKey);
      try {
        await L.create({ _id, locationId, planId, createdAt: now });
        return planId;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      return (await L.findById(_id).lean<PaymentPlanDoc>())!.planId;
    },
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
