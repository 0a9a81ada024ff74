import { randomUUID } from 'node:crypto';
import { type Clock, sleep } from '../clock.js';
import type { Cipher } from '../crypto/cipher.js';
import { openOnce } from '../crypto/opened-secrets.js';
import { RetriableError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Installation, InstallKind, Store, TokenSet } from '../store/types.js';
import { GhlOAuthError, type OAuthApi, type TokenResponse } from './oauth-api.js';
import { NotInstalledError } from './types.js';

/** Refresh when less than this is left, so a token never expires in the middle of a job. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 30_000;
const POLL_MS = 40;

export interface TokenOptions {
  /** Refresh even if the stored token looks fresh (GHL answered 401 to it). */
  forceRefresh?: boolean;
  /** The token GHL refused; if the stored one already differs, another caller refreshed and it is returned. */
  rejectedToken?: string;
}

export interface TokenService {
  getLocationToken(locationId: string, opts?: TokenOptions): Promise<string>;
  getCompanyToken(companyId: string, opts?: TokenOptions): Promise<string>;
}

export const tokensFrom = (cipher: Cipher, t: TokenResponse, now: number, keepRefresh?: string): TokenSet => ({
  accessTokenEnc: cipher.encrypt(t.access_token),
  refreshTokenEnc: t.refresh_token ? cipher.encrypt(t.refresh_token) : keepRefresh,
  expiresAt: now + t.expires_in * 1000,
});

/**
 * Hands out access tokens, refreshing under a per-grant lease in the store so that across processes only one
 * refresh runs at a time. The winner saves the rotated pair (compare-and-set) before anyone uses it; the
 * others wait and re-read. A refused grant marks the installation `needs_reauth`, a suspended sub-account
 * `paused`; neither is retried here, so there is no refresh storm.
 */
export function createTokenService(deps: { store: Store; cipher: Cipher; clock: Clock; log: Logger; oauth: OAuthApi; owner?: string; metrics?: Metrics }): TokenService {
  const { store, cipher, clock, log, oauth } = deps;
  /** ok (refreshed), remint (minted again from the agency grant), invalid (needs re-auth), paused, unavailable, error. */
  const counted = (outcome: string) => deps.metrics?.tokenRefreshes.inc({ outcome });
  const owner = deps.owner ?? `tokens:${randomUUID()}`;
  // every GHL call reads the installation row (a refresh elsewhere is seen at once); an unchanged token is not decrypted again
  const openToken = openOnce(cipher);

  const usable = (kind: InstallKind, id: string, inst: Installation | undefined): Installation => {
    if (!inst || inst.state === 'uninstalled') throw new NotInstalledError(id);
    if (inst.state !== 'active') throw new NotInstalledError(id, inst.state);
    if (!inst.accessTokenEnc && !inst.refreshTokenEnc && kind === 'company') throw new NotInstalledError(id, 'needs_reauth');
    return inst;
  };

  async function obtain(kind: InstallKind, id: string, opts: TokenOptions): Promise<string> {
    const deadline = Date.now() + 2 * LEASE_MS;
    const lease = `ghl-token:${kind}:${id}`;
    while (Date.now() < deadline) {
      const inst = usable(kind, id, await store.installations.get(kind, id));
      const current = inst.accessTokenEnc ? openToken(inst.accessTokenEnc) : undefined;
      const fresh = current !== undefined && (inst.expiresAt ?? 0) - clock.now() > REFRESH_MARGIN_MS;
      const refused = opts.forceRefresh && (opts.rejectedToken === undefined || opts.rejectedToken === current);
      if (current && fresh && !refused) return current;
      if (await store.leases.acquire(lease, owner, clock.now(), LEASE_MS)) {
        try {
          const latest = usable(kind, id, await store.installations.get(kind, id));
          if (latest.version === inst.version) {
            const token = await refresh(latest);
            // only the first pass of a forced refresh is forced; later passes trust the stored token
            return token;
          }
        } finally {
          await store.leases.release(lease, owner).catch(() => undefined);
        }
        opts = { ...opts, rejectedToken: opts.rejectedToken ?? current };
        continue;
      }
      await sleep(POLL_MS);
    }
    throw new RetriableError('ghl_token_busy', `Timed out waiting for another process to refresh the ${kind} token of ${id}`, { retryAfterMs: 5_000 });
  }

  async function refresh(inst: Installation): Promise<string> {
    let t: TokenResponse;
    try {
      if (inst.refreshTokenEnc) {
        t = await oauth.refresh(cipher.decrypt(inst.refreshTokenEnc), inst.kind === 'company' ? 'Company' : 'Location');
      } else if (inst.kind === 'location') {
        // minted from the agency grant without a refresh token: mint again
        const companyToken = await service.getCompanyToken(inst.companyId);
        t = await oauth.mintLocationToken(companyToken, inst.companyId, inst.id);
      } else {
        throw new GhlOAuthError('invalid_grant', 'company grant has no refresh token');
      }
    } catch (e) {
      const failure = await onFailure(inst, e);
      const outcome = failure instanceof NotInstalledError ? (/paused/.test(failure.message) ? 'paused' : 'invalid') : failure instanceof RetriableError ? 'unavailable' : 'error';
      counted(outcome);
      throw failure;
    }
    const tokens = tokensFrom(cipher, t, clock.now());
    let saved = await store.installations.updateTokens(inst.kind, inst.id, inst.version, tokens, clock.now());
    if (!saved) {
      // a plan change bumped the version: keep the rotated pair unless the grant itself was replaced or revoked
      const now = await store.installations.get(inst.kind, inst.id);
      if (now?.state === 'active' && now.refreshTokenEnc === inst.refreshTokenEnc && now.accessTokenEnc === inst.accessTokenEnc) {
        saved = await store.installations.updateTokens(inst.kind, inst.id, now.version, tokens, clock.now());
      }
      if (!saved) throw new RetriableError('ghl_token_replaced', `The ${inst.kind} grant of ${inst.id} changed during refresh`, { retryAfterMs: 1_000 });
    }
    counted(inst.refreshTokenEnc ? 'ok' : 'remint');
    log.info('ghl token refreshed', { kind: inst.kind, id: inst.id, expiresAt: tokens.expiresAt });
    return t.access_token;
  }

  async function onFailure(inst: Installation, e: unknown): Promise<Error> {
    if (e instanceof NotInstalledError) {
      // the agency grant behind a minted location token is gone
      await store.installations.setState(inst.kind, inst.id, 'needs_reauth', `agency grant unusable: ${e.message}`, clock.now());
      return new NotInstalledError(inst.id, 'needs_reauth');
    }
    if (e instanceof GhlOAuthError && e.reason === 'invalid_grant') {
      await store.installations.setState(inst.kind, inst.id, 'needs_reauth', e.message, clock.now());
      log.warn('ghl grant refused; installation needs re-authorisation', { kind: inst.kind, id: inst.id });
      return new NotInstalledError(inst.id, 'needs_reauth');
    }
    if (e instanceof GhlOAuthError && e.reason === 'not_active') {
      await store.installations.setState(inst.kind, inst.id, 'paused', 'Location is not active', clock.now());
      log.warn('ghl location is not active; paused', { id: inst.id });
      return new NotInstalledError(inst.id, 'paused');
    }
    if (e instanceof GhlOAuthError && e.reason === 'unavailable') {
      return new RetriableError('ghl_token_unavailable', e.message, { retryAfterMs: 30_000, cause: e });
    }
    return e instanceof Error ? e : new Error(String(e));
  }

  const service: TokenService = {
    getLocationToken: (locationId, opts = {}) => obtain('location', locationId, opts),
    getCompanyToken: (companyId, opts = {}) => obtain('company', companyId, opts),
  };
  return service;
}
