import type { Clock } from '../../clock.js';
import { ForbiddenError, RetriableError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Store } from '../../store/types.js';
import type { Requester } from '../request.js';
import { GhlApiError, NotInstalledError } from '../types.js';

/**
 * What GHL says a user may do right now: role and sub-accounts. The SSO payload carries no time, so a captured
 * one proves only who the user once was; this asks GHL itself (cached for `ttlMs`), so a demoted or removed user
 * loses access within that time.
 */
export interface UserGrant {
  /** `agency` for agency users, `account` for sub-account users (GHL's `roles.type`). */
  type: 'agency' | 'account';
  role: 'admin' | 'user';
  /** Sub-accounts GHL lists for the user; an agency admin reaches every location of its agency whatever it lists. */
  locationIds: string[];
}

export type UserAnswer = { ok: true; grant: UserGrant } | { ok: false; reason: 'removed' };

export interface UserAccess {
  /**
   * GHL's word on `userId` of `companyId`, read with the token of `viaLocationId` (any installed location of the
   * company). `recheckFor`: the cached answer does not reach that location, so GHL is asked again, once per
   * cached answer and location (access granted in GHL a moment ago must not wait for the cache, and a user cannot
   * make the app call GHL more than once per location per cache period).
   */
  lookup(companyId: string, userId: string, viaLocationId: string, opts?: { recheckFor?: string }): Promise<UserAnswer>;
  /** Whether the grant reaches a location (agency admins reach all of their agency's). */
  reaches(grant: UserGrant, locationId: string): boolean;
  /** An active location of the company whose token can ask GHL about its users. */
  viaLocationOf(companyId: string): Promise<string | undefined>;
}

/** The fields of apps/users.json `UserSuccessfulResponseDto` (operationId get-user) the app reads. */
interface GhlUser {
  id?: string;
  deleted?: boolean;
  roles?: { type?: string; role?: string; locationIds?: string[] };
}

/** GHL answers these for a user id it does not know (any more). */
const GONE = new Set([400, 404, 422]);

export function createUserAccess(deps: { call: Requester; store: Store; clock: Clock; log: Logger; ttlMs: number }): UserAccess {
  const cache = new Map<string, { at: number; answer: UserAnswer; rechecked: Set<string> }>();
  /** A GHL outage keeps a known answer this much longer than the TTL before sessions are refused. */
  const staleIfErrorMs = deps.ttlMs * 3;

  async function ask(userId: string, viaLocationId: string): Promise<UserAnswer> {
    // apps/users.json GET /users/{userId} (operationId get-user): Version 2021-07-28 (sent by the requester),
    // Location-Access or Agency-Access with scope users.readonly; no query parameters.
    let u: GhlUser;
    try {
      u = await deps.call<GhlUser>({ locationId: viaLocationId, method: 'GET', path: `/users/${encodeURIComponent(userId)}` });
    } catch (e) {
      if (e instanceof GhlApiError && GONE.has(e.httpStatus)) return { ok: false, reason: 'removed' };
      throw e;
    }
    const type = u.roles?.type === 'agency' ? 'agency' : u.roles?.type === 'account' ? 'account' : undefined;
    const role = u.roles?.role === 'admin' ? 'admin' : u.roles?.role === 'user' ? 'user' : undefined;
    if (u.deleted === true || !type || !role || (u.id !== undefined && u.id !== userId)) return { ok: false, reason: 'removed' };
    const locationIds = Array.isArray(u.roles?.locationIds) ? u.roles.locationIds.filter((l): l is string => typeof l === 'string') : [];
    return { ok: true, grant: { type, role, locationIds } };
  }

  return {
    async lookup(companyId, userId, viaLocationId, opts = {}) {
      const key = `${companyId}:${userId}`;
      const now = deps.clock.now();
      const hit = cache.get(key);
      const recheck = opts.recheckFor !== undefined && hit !== undefined && !hit.rechecked.has(opts.recheckFor);
      if (hit && now - hit.at < deps.ttlMs && !recheck) return hit.answer;
      try {
        const answer = await ask(userId, viaLocationId);
        if (cache.size >= 10_000) cache.clear();
        cache.set(key, { at: now, answer, rechecked: new Set(recheck ? [opts.recheckFor!, ...hit!.rechecked] : []) });
        return answer;
      } catch (e) {
        if (hit && now - hit.at < staleIfErrorMs && hit.answer.ok) {
          deps.log.warn('ghl user check failed; using the last answer', { companyId, error: e });
          return hit.answer;
        }
        if (e instanceof NotInstalledError) throw e;
        // an install made before users.readonly was requested: GHL refuses the call until it is re-authorised
        if (e instanceof GhlApiError && (e.httpStatus === 401 || e.httpStatus === 403)) {
          throw new ForbiddenError('HighLevel refused to confirm your access: re-authorise the app (it now needs the users.readonly scope)', 'users_scope_missing');
        }
        throw new RetriableError('user_check_unavailable', 'HighLevel could not confirm your access right now; reload the page in a minute', { status: 503, retryAfterMs: 30_000, cause: e });
      }
    },
    reaches(grant, locationId) {
      return (grant.type === 'agency' && grant.role === 'admin') || grant.locationIds.includes(locationId);
    },
    async viaLocationOf(companyId) {
      const installs = await deps.store.installations.listByCompany(companyId, 'location');
      return installs.find((i) => i.state === 'active')?.id;
    },
  };
}
