/**
 * Runs every close step in order even when one fails, then throws the first failure. A bed's fake GHL rejects its
 * `close()` with the non-conforming requests it saw; the servers after it must still stop, or the test process
 * would hang on their open handles instead of failing.
 */
export async function closeAll(...steps: (() => unknown)[]): Promise<void> {
  let first: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first) throw first.error;
}
