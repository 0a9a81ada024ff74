import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeOrderedId } from '../../server/store/sqlite/time-ordered-id.js';

describe('time-ordered ids (SQLite row ids, issue 17)', () => {
  it('are RFC 9562 version 7 UUIDs carrying the millisecond they were made', () => {
    const id = timeOrderedId(Date.UTC(2026, 11, 1, 23, 59));
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), Date.UTC(2026, 11, 1, 23, 59));
  });

  it('sort by the time they were made, and never repeat', () => {
    const t = Date.now();
    const ids = Array.from({ length: 3000 }, (_, i) => timeOrderedId(t + Math.floor(i / 10)));
    for (let i = 10; i < ids.length; i += 10) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} !< ${ids[i]}`);
    assert.equal(new Set(Array.from({ length: 100_000 }, () => timeOrderedId(t))).size, 100_000);
  });
});
