import type { Express } from 'express';
import { type FakeGhlState, newId } from './state.js';

/**
 * GHL's side of a marketplace workflow trigger: the `targetUrl` it hands out on subscription
 * (`/workflows-marketplace/triggers/execute/<locationId>/<triggerId>`). It wants the location's Bearer token
 * and records each execution; a trigger the workflow owner removed answers 410.
 */
export interface TriggerDelivery {
  locationId: string;
  triggerId: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeTriggerTargets {
  deliveries: TriggerDelivery[];
  /** Trigger ids GHL no longer knows: deliveries to them answer 410 Gone. */
  removed: Set<string>;
  /** The targetUrl GHL would send in a subscription for this location and trigger id. */
  targetUrl(baseUrl: string, locationId: string, triggerId: string): string;
  extend(app: Express, state: FakeGhlState): void;
}

export function fakeTriggerTargets(): FakeTriggerTargets {
  const deliveries: TriggerDelivery[] = [];
  const removed = new Set<string>();
  return {
    deliveries,
    removed,
    targetUrl: (base, locationId, triggerId) => `${base}/workflows-marketplace/triggers/execute/${locationId}/${triggerId}`,
    extend(app, state) {
      app.post('/workflows-marketplace/triggers/execute/:locationId/:triggerId', (req, res) => {
        const grant = state.authorize(req.get('authorization'));
        const { locationId, triggerId } = req.params;
        if (!grant || grant.locationId !== locationId) {
          res.status(401).json({ statusCode: 401, message: 'Invalid token', error: 'Unauthorized', traceId: newId() });
          return;
        }
        if (removed.has(triggerId)) {
          res.status(410).json({ statusCode: 410, message: 'Trigger not found', traceId: newId() });
          return;
        }
        deliveries.push({ locationId, triggerId, body: req.body as Record<string, unknown>, headers: { ...req.headers } });
        res.json({ success: true, traceId: newId() });
      });
    },
  };
}
