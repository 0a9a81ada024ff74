import type { RazorpaySighting } from '../../store/types.js';

/**
 * The entities a webhook envelope carries, each with its status: `payload.payment.entity`,
 * `payload.invoice.entity`, … (published bodies also carry stray keys such as `payload.created_at`).
 */
export function sightingsOf(envelope: { payload?: unknown }): RazorpaySighting[] {
  const payload = envelope.payload;
  if (!payload || typeof payload !== 'object') return [];
  const out: RazorpaySighting[] = [];
  for (const [name, wrapper] of Object.entries(payload as Record<string, unknown>)) {
    const entity = (wrapper as { entity?: { id?: unknown; status?: unknown } } | null)?.entity;
    if (entity && typeof entity.id === 'string' && typeof entity.status === 'string') out.push({ entity: name, entityId: entity.id, status: entity.status });
  }
  return out;
}
