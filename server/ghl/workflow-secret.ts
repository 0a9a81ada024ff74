import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * GHL signs neither trigger subscription calls nor action calls (platform-facts), so both carry a shared secret
 * we configure on them in the developer portal: this header, or `Authorization: Bearer <secret>`.
 */
export const WORKFLOW_SECRET_HEADER = 'x-rfh-workflow-secret';

export type SecretVerdict = 'ok' | 'missing' | 'mismatch' | 'unconfigured';

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // the length check leaks only the length; the compare itself is constant-time
  if (a.length !== b.length) {
    timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
    return false;
  }
  return timingSafeEqual(a, b);
}

/** An unset secret refuses every call (fail closed). */
export function checkWorkflowSecret(expected: string, headers: Record<string, string | string[] | undefined>): SecretVerdict {
  if (!expected) return 'unconfigured';
  const header = headers[WORKFLOW_SECRET_HEADER];
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : undefined;
  const given = typeof header === 'string' && header !== '' ? header : bearer;
  if (!given) return 'missing';
  return safeEqual(given, expected) ? 'ok' : 'mismatch';
}
