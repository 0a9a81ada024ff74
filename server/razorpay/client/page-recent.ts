import type { RecentListing, RzpCollection } from '../types.js';

const PAGE = 100;
/** Razorpay's page when `count` is absent (api/payments/fetch-all-payments.md: "By default, only the last 10 records"). */
const DEFAULT_COUNT = 10;

/**
 * Reads a newest-first Razorpay list back to `fromSec` (Unix seconds), correct whichever of `count`/`skip` the
 * endpoint honours, and never further back than needed:
 * - it advances `skip` by what came back, not by what was asked, so a default page of 10 is paged too;
 * - it stops at the first item created before `fromSec` (the list is newest first: the docs' example answers
 *   list the newer entity first), so a long history is not walked every run;
 * - a page with nothing new means `skip` was ignored: it stops and says the listing may be incomplete;
 * - a page shorter than asked ends the list, except one of exactly the default size, which may be the default
 *   page of an endpoint ignoring `count`: one more page is asked for.
 * Items created before `fromSec` are dropped, so an endpoint ignoring `from`/`to` gives the same answer.
 */
export async function pageRecent<T extends { id: string; created_at: number }>(
  page: (count: number, skip: number) => Promise<RzpCollection<T>>,
  fromSec: number,
  maxPages: number,
): Promise<RecentListing<T>> {
  const seen = new Set<string>();
  const items: T[] = [];
  let calls = 0;
  let skip = 0;
  while (calls < maxPages) {
    const res = await page(PAGE, skip);
    calls++;
    const got = res.items ?? [];
    const fresh = got.filter((i) => !seen.has(i.id));
    for (const i of fresh) {
      seen.add(i.id);
      if (i.created_at >= fromSec) items.push(i);
    }
    if (!got.length) return { items, calls, complete: true };
    if (!fresh.length) return { items, calls, complete: got.some((i) => i.created_at < fromSec) };
    if (got.some((i) => i.created_at < fromSec)) return { items, calls, complete: true };
    if (got.length < PAGE && got.length !== DEFAULT_COUNT) return { items, calls, complete: true };
    skip += got.length;
  }
  return { items, calls, complete: false };
}
