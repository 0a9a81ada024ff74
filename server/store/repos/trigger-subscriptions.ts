/**
 * GHL workflow trigger subscriptions: one row per workflow trigger id that GHL announced (CREATED/UPDATED),
 * removed on DELETED. Deliveries go to `targetUrl` while `active`; a 404/410 from GHL deactivates the row.
 */
export interface TriggerFilter {
  /** Dot path into the trigger payload (e.g. `amount`, `currency`, `method`). */
  field: string;
  operator?: string;
  /** A string for string/select filters, a list for multiselect. */
  value: string | string[];
}

export interface TriggerSubscription {
  /** GHL's workflow trigger id (`triggerData.id`), unique across locations. */
  id: string;
  /** Our trigger key, e.g. `razorpay_payment_captured`. */
  key: string;
  locationId: string;
  companyId?: string;
  workflowId?: string;
  targetUrl: string;
  filters: TriggerFilter[];
  active: boolean;
  inactiveReason?: string;
  createdAt: number;
  updatedAt: number;
}

export type TriggerSubscriptionInput = Omit<TriggerSubscription, 'active' | 'inactiveReason' | 'createdAt' | 'updatedAt'>;

export interface TriggerSubscriptionRepo {
  /** Creates or replaces the subscription (keeps `createdAt`) and makes it active again. */
  upsert(input: TriggerSubscriptionInput, now: number): Promise<TriggerSubscription>;
  get(id: string): Promise<TriggerSubscription | undefined>;
  /** Removes the row only when it belongs to `locationId`; false when there was none. */
  delete(id: string, locationId: string): Promise<boolean>;
  /** Stops deliveries without forgetting the row. False when the row is missing. */
  deactivate(id: string, reason: string, now: number): Promise<boolean>;
  /** Active subscriptions of one location for one trigger key, oldest first. */
  listActive(locationId: string, key: string): Promise<TriggerSubscription[]>;
  listByLocation(locationId: string): Promise<TriggerSubscription[]>;
  /** Uninstall: forget every subscription of the location. Returns how many were removed. */
  deleteByLocation(locationId: string): Promise<number>;
}
