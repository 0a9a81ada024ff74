/** Exponential backoff with jitter: attempt 1 waits about `baseMs`, doubling up to `maxMs`, then 50–100 % of that. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
