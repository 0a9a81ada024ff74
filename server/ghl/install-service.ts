import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Cipher } from '../crypto/cipher.js';
import type { Queue } from '../jobs/queue.js';
import type { Logger } from '../log/logger.js';
import type { Installation, Store } from '../store/types.js';
import { GhlOAuthError, type OAuthApi, type TokenResponse } from './oauth-api.js';
import type { GhlClient } from './types.js';
import { tokensFrom } from './token-service.js';
import type { TokenService } from './token-service.js';

export const JOB_COMPANY_INSTALL = 'ghl.company-install';
export const JOB_MINT_LOCATION = 'ghl.mint-location';

export interface InstallDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  store: Store;
  cipher: Cipher;
  queue: Queue;
  tokens: TokenService;
  /** Reads the location's name once at install (one call; LocationUpdate refreshes it). */
  ghl: Pick<GhlClient, 'getLocation'>;
}

/**
 * Stores the name GHL gives a location, so pages show it without asking GHL on every open. A failure leaves the
 * name unknown (pages show the id) and never fails the install: the name is a courtesy, the grant is the point.
 */
export async function refreshLocationName(deps: Pick<InstallDeps, 'store' | 'clock' | 'log' | 'ghl'>, locationId: string, known?: string | null): Promise<string | undefined> {
  let name = typeof known === 'string' ? known.trim() : undefined;
  if (name === undefined) {
    try {
      name = (await deps.ghl.getLocation(locationId))?.name?.trim();
    } catch (e) {
      deps.log.warn('could not read the location name from GHL; pages show its id', { locationId, error: e });
      return undefined;
    }
  }
  await deps.store.installations.setName('location', locationId, name || undefined, deps.clock.now());
  return name || undefined;
}

export type InstallResult =
  | { kind: 'location'; locationId: string; companyId: string }
  | { kind: 'company'; companyId: string; approvedLocations?: string[] };

const scopesOf = (t: TokenResponse) => (t.scope ?? '').split(/\s+/).filter(Boolean);

/** Stores grants from the code exchange and mints location grants from agency ones. */
export function createInstallService(deps: InstallDeps & { oauth: OAuthApi }) {
  const { store, cipher, clock, queue, log, oauth } = deps;

  async function saveLocationGrant(t: TokenResponse, locationId: string, companyId: string): Promise<Installation> {
    const tokens = tokensFrom(cipher, t, clock.now());
    const inst = await store.installations.upsert(
      { kind: 'location', id: locationId, companyId, ...tokens, scopes: scopesOf(t), state: 'active', userId: t.userId, planId: t.planId },
      clock.now(),
    );
    log.info('ghl location installed', { locationId, companyId });
    await queue.enqueue({ type: 'payments.provider-sync', tenant: locationId, payload: { locationId } }); // payments room (PAYMENTS_PROVIDER_JOB): register the provider
    const name = await refreshLocationName(deps, locationId);
    return { ...inst, name };
  }

  /** INSTALL webhooks that beat the exchange: each becomes a mint job now that the agency grant exists. */
  async function resolvePending(companyId: string, onlyLocation?: string): Promise<number> {
    const company = await store.installations.get('company', companyId);
    let n = 0;
    for (const p of await store.pendingInstalls.listUnresolved(companyId)) {
      if (onlyLocation && p.locationId !== onlyLocation) continue;
      if (!(await store.pendingInstalls.resolve(p.id, clock.now()))) continue;
      if (p.locationId && company?.state === 'active') {
        await queue.enqueue({ type: JOB_MINT_LOCATION, payload: { companyId, locationId: p.locationId }, dedupeKey: `ghl-mint:${p.locationId}:${p.webhookId}` });
      }
      n++;
    }
    return n;
  }

  return {
    resolvePending,

    /** The code exchange's outcome: a location grant, or an agency grant whose locations are minted by jobs. */
    async completeInstall(t: TokenResponse): Promise<InstallResult> {
      const companyId = t.companyId;
      if (!companyId) throw new Error('token response carries no companyId');
      if (t.userType !== 'Company' && t.locationId) {
        await saveLocationGrant(t, t.locationId, companyId);
        await resolvePending(companyId, t.locationId);
        await store.audit.record({ tenant: t.locationId, action: 'install', actor: t.userId ? `user:${t.userId}` : 'ghl', details: { companyId, kind: 'location' }, at: clock.now() });
        return { kind: 'location', locationId: t.locationId, companyId };
      }
      const tokens = tokensFrom(cipher, t, clock.now());
      const company = await store.installations.upsert(
        { kind: 'company', id: companyId, companyId, ...tokens, scopes: scopesOf(t), state: 'active', userId: t.userId, planId: t.planId },
        clock.now(),
      );
      await queue.enqueue({
        type: JOB_COMPANY_INSTALL,
        tenant: companyId,
        payload: { companyId, approvedLocations: t.approvedLocations ?? null },
        dedupeKey: `ghl-company-install:${companyId}:${company.version}`,
      });
      await resolvePending(companyId);
      await store.audit.record({ tenant: companyId, action: 'install', actor: t.userId ? `user:${t.userId}` : 'ghl', details: { kind: 'company', approved: t.approvedLocations?.length ?? 'all' }, at: clock.now() });
      log.info('ghl agency installed', { companyId, approved: t.approvedLocations?.length ?? 'all' });
      return { kind: 'company', companyId, approvedLocations: t.approvedLocations };
    },

    /** Every location the agency grant covers: the approved list, else every page of installedLocations. */
    async locationsOf(companyId: string, approved?: string[] | null): Promise<string[]> {
      if (approved?.length) return approved;
      const token = await deps.tokens.getCompanyToken(companyId);
      const ids: string[] = [];
      const limit = 100;
      for (let skip = 0; ; skip += limit) {
        const page = await oauth.installedLocations(token, companyId, { skip, limit });
        ids.push(...page.ids);
        if (page.returned < limit) break;
      }
      return ids;
    },

    /**
     * The agency whose grant covers a location named by an INSTALL without companyId (AppInstall.md: installs via
     * "future locations" may omit companyId and userId). Candidates are the active company grants we hold; the
     * company a stored row of that location names goes first. One candidate is returned without a call (the mint
     * that follows confirms it: GHL refuses a location the app is not installed on there); with several, each is
     * asked `GET /oauth/installedLocations?locationId=…` until one lists it. Undefined when none does.
     */
    async agencyOf(locationId: string): Promise<string | undefined> {
      const companies = (await store.installations.listByKindAndState('company', 'active')).map((c) => c.id);
      const known = (await store.installations.get('location', locationId))?.companyId;
      if (known && companies.includes(known)) return known;
      if (companies.length <= 1) return companies[0];
      for (const companyId of companies) {
        try {
          const token = await deps.tokens.getCompanyToken(companyId);
          const page = await oauth.installedLocations(token, companyId, { skip: 0, limit: 1, locationId });
          if (page.ids.includes(locationId)) return companyId;
        } catch (e) {
          // one agency's broken grant must not hide the owner; an outage is retried by the job instead
          if (e instanceof GhlOAuthError && e.reason === 'unavailable') throw e;
          log.warn('ghl agency skipped while resolving a future-location install', { companyId, locationId, error: e });
        }
      }
      return undefined;
    },

    /**
     * Mints and stores a location grant from the agency grant. Skips a location that already has an active
     * grant (idempotent: duplicate INSTALLs and the company listing may both ask).
     */
    async mintLocation(companyId: string, locationId: string): Promise<'minted' | 'already_installed'> {
      const existing = await store.installations.get('location', locationId);
      if (existing?.state === 'active' && existing.accessTokenEnc) return 'already_installed';
      const companyToken = await deps.tokens.getCompanyToken(companyId);
      const t = await oauth.mintLocationToken(companyToken, companyId, locationId);
      const company = await store.installations.get('company', companyId);
      await saveLocationGrant({ ...t, userId: t.userId ?? company?.userId, planId: t.planId ?? company?.planId }, locationId, companyId);
      await store.audit.record({ tenant: locationId, action: 'install', actor: 'ghl-agency', details: { companyId, kind: 'location' }, at: clock.now() });
      return 'minted';
    },
  };
}

export type InstallService = ReturnType<typeof createInstallService>;
