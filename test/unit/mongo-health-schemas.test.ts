import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthModels } from '../../server/store/mongo/health.js';
import { unconnected } from '../helpers/mongo-schema.js';

const conn = unconnected();

describe('mongo health schemas', () => {
  const m = healthModels(conn);

  it('allows one open incident per location through a unique index limited to open incidents', () => {
    const unique = m.healthIncidents.schema.indexes().filter(([, o]) => o?.unique);
    assert.deepEqual(unique.map(([k, o]) => [Object.keys(k).join(','), o?.partialFilterExpression]), [['locationId', { open: true }]]);
    assert.equal(m.healthIncidents.collection.collectionName, 'health_incidents');
    assert.equal(m.locationSignals.collection.collectionName, 'location_signals');
  });

  it('requires what the repo always writes and accepts absent optional fields', async () => {
    await new m.healthIncidents({ _id: 'i1', locationId: 'l', reasons: [], openedAt: 1, updatedAt: 1, alertCount: 0, taskIds: [] }).validate();
    await new m.locationSignals({ _id: 'l', updatedAt: 1 }).validate();
    await assert.rejects(new m.healthIncidents({ _id: 'i2', reasons: [], openedAt: 1, updatedAt: 1, alertCount: 0, taskIds: [] }).validate(), /locationId/);
  });
});
