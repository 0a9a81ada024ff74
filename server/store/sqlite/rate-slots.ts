import { randomUUID } from 'node:crypto';
import type { RateSlotRepo } from '../repos/rate-slots.js';
import type { Db, Migration } from './db.js';

export const rateSlotMigrations: Migration[] = [
  {
    id: 'rate-slots-001',
    sql: 'CREATE TABLE rate_slots (key TEXT NOT NULL, slot INTEGER NOT NULL, until INTEGER NOT NULL, token TEXT NOT NULL, PRIMARY KEY (key, slot)) WITHOUT ROWID',
  },
];

/** Slots are rows 0…n-1 of a key, created on first need; each take is one IMMEDIATE transaction, so processes on the file never share a slot. */
export function sqliteRateSlots(db: Db): RateSlotRepo {
  const takeFree = db.prepare(`UPDATE rate_slots SET until = @holdUntil, token = @token
    WHERE key = @key AND slot = (SELECT slot FROM rate_slots WHERE key = @key AND slot < @capacity AND until <= @now ORDER BY until LIMIT 1)
    RETURNING slot`);
  const summary = db.prepare('SELECT COUNT(*) AS n, MIN(until) AS soonest FROM rate_slots WHERE key = ? AND slot < ?');
  const insert = db.prepare('INSERT INTO rate_slots (key, slot, until, token) VALUES (@key, @slot, @until, @token) ON CONFLICT (key, slot) DO NOTHING');
  const settle = db.prepare('UPDATE rate_slots SET until = @freeAt WHERE key = @key AND slot = @slot AND token = @token');
  const holdAll = db.prepare('UPDATE rate_slots SET until = @until WHERE key = @key AND slot < @capacity AND until < @until');

  const take = db.transaction((key: string, capacity: number, now: number, holdUntil: number) => {
    const token = randomUUID();
    const row = takeFree.get({ key, capacity, now, holdUntil, token }) as { slot: number } | undefined;
    if (row) return { held: { slot: row.slot, token } };
    const { n, soonest } = summary.get(key, capacity) as { n: number; soonest: number | null };
    if (n < capacity) {
      insert.run({ key, slot: n, until: holdUntil, token });
      return { held: { slot: n, token } };
    }
    return { freeAt: soonest ?? now };
  });
  const purgeIdle = db.prepare('DELETE FROM rate_slots WHERE until < ?');
  const hold = db.transaction((key: string, capacity: number, until: number) => {
    for (let slot = 0; slot < capacity; slot++) insert.run({ key, slot, until: 0, token: '' });
    holdAll.run({ key, capacity, until });
  });

  return {
    async take(key, capacity, now, holdUntil) {
      // a plain read first: when every slot is busy (the usual answer while a location waits) no write lock
      // is taken, so processes waiting on the same file do not queue behind each other for a "no"
      const { n, soonest } = summary.get(key, capacity) as { n: number; soonest: number | null };
      if (n >= capacity && soonest !== null && soonest > now) return { freeAt: soonest };
      return take.immediate(key, capacity, now, holdUntil);
    },
    async settle(key, held, freeAt) {
      settle.run({ key, slot: held.slot, token: held.token, freeAt });
    },
    async holdAll(key, capacity, until) {
      hold.immediate(key, capacity, until);
    },
    async purgeIdle(before) {
      return purgeIdle.run(before).changes;
    },
  };
}
