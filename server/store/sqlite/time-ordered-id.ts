import { randomFillSync } from 'node:crypto';

const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;
const hex = (b: Buffer, from: number, to: number) => b.toString('hex', from, to);

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids made one after another sort
 * together, so a table keyed by them appends to the right edge of its indexes instead of touching a random page
 * per row: with random UUIDs every webhook dirtied (and wrote to the WAL, then checkpointed) a page of each id
 * index — inbox, job, the job's dedupe key (issue 17 profile). Still unguessable: 74 bits from the CSPRNG.
 */
export function timeOrderedId(now: number = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const b = pool.subarray(next * 16, next * 16 + 16);
  next++;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  return `${hex(b, 0, 4)}-${hex(b, 4, 6)}-${hex(b, 6, 8)}-${hex(b, 8, 10)}-${hex(b, 10, 16)}`;
}
