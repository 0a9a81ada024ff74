import { AppError, PermanentError } from '../errors.js';
import type { JobRegistry } from '../jobs/registry.js';
import { createInstallService, type InstallDeps, JOB_COMPANY_INSTALL, JOB_MINT_LOCATION, refreshLocationName } from './install-service.js';
import { createOAuthApi, GhlOAuthError } from './oauth-api.js';
import { lifecycleOwnerMismatch } from './lifecycle-owner.js';
import { NotInstalledError } from './types.js';
import { type ConnectionHook, uninstallCompany, uninstallLocation } from './uninstall.js';
import { ghlWebhookSchema } from './webhook-event.js';
import { JOB_GHL_WEBHOOK } from './webhook-route.js';

export type GhlJobDeps = InstallDeps & { registry: JobRegistry; connections?: ConnectionHook };

/** A refusal GHL will repeat (app not installed there, agency grant gone) ends the job instead of retrying it. */
function settle(e: unknown): never {
  if (e instanceof GhlOAuthError && e.reason === 'rejected') throw new PermanentError('ghl_install_refused', e.message, { cause: e });
  if (e instanceof NotInstalledError) throw new PermanentError('not_installed', e.message, { cause: e });
  throw e;
}

/** Registers the GHL lifecycle jobs. `deps` is read when a job runs, so hooks added later (connections) are seen. */
export function registerGhlJobs(deps: GhlJobDeps): void {
  const installs = createInstallService({ ...deps, oauth: createOAuthApi(deps.config, deps.log) });
  const { store, clock } = deps;

  deps.registry.register(JOB_COMPANY_INSTALL, async (job) => {
    const { companyId, approvedLocations } = job.payload as { companyId: string; approvedLocations?: string[] | null };
    const ids = await installs.locationsOf(companyId, approvedLocations).catch(settle);
    for (const locationId of ids) {
      await deps.queue.enqueue({ type: JOB_MINT_LOCATION, payload: { companyId, locationId }, dedupeKey: `ghl-mint:${locationId}:${job.id}` });
    }
  });

  deps.registry.register(JOB_MINT_LOCATION, async (job) => {
    const { companyId, locationId, optional } = job.payload as { companyId: string; locationId: string; optional?: boolean };
    try {
      await installs.mintLocation(companyId, locationId);
    } catch (e) {
      if (optional && e instanceof GhlOAuthError && e.reason === 'rejected') return; // LocationCreate where the app is not installed
      settle(e);
    }
  });

  /**
   * An INSTALL without companyId ("install to future locations"): find the agency among our company grants and
   * mint like any other location. No agency found may mean its code exchange is still under way, so the job is
   * retried (bounded by its attempts) rather than ended.
   */
  async function installFutureLocation(locationId: string, planId: string | undefined): Promise<void> {
    const loc = await store.installations.get('location', locationId);
    if (loc?.state === 'active' && loc.accessTokenEnc) {
      if (planId && planId !== loc.planId) await store.installations.setPlan('location', locationId, planId, clock.now());
      return;
    }
    const companyId = await installs.agencyOf(locationId).catch(settle);
    if (!companyId) throw new AppError('agency_unknown', `INSTALL without companyId: no agency grant we hold covers location ${locationId}`);
    deps.log.info('ghl future-location install resolved', { locationId, companyId });
    await installs.mintLocation(companyId, locationId).catch(settle);
    if (planId) await store.installations.setPlan('location', locationId, planId, clock.now());
  }

  deps.registry.register(JOB_GHL_WEBHOOK, async (job) => {
    const entry = await store.inbox.get(String(job.payload.inboxId));
    if (!entry?.body) throw new PermanentError('inbox_missing', `inbox entry ${String(job.payload.inboxId)} has no body`);
    const ev = ghlWebhookSchema.parse(JSON.parse(entry.body));
    const webhookId = ev.webhookId ?? entry.eventId;
    const companyId = ev.companyId ?? undefined;
    const locationId = ev.locationId ?? undefined;
    let outcome: 'done' | 'ignored' = 'done';
    // checked again here: the location may have been installed under its real owner after the route's check
    const mismatch = await lifecycleOwnerMismatch(store, ev);
    if (mismatch) {
      deps.log.warn('ghl lifecycle webhook refused', { code: 'company_mismatch', reason: mismatch, type: ev.type, webhookId });
      await store.inbox.setStatus(entry.id, 'ignored', `company_mismatch: ${mismatch}`, clock.now());
      return;
    }
    try {
      switch (ev.type) {
        case 'INSTALL': {
          if (!companyId) {
            if (!locationId) throw new PermanentError('bad_event', 'INSTALL names neither company nor location');
            await installFutureLocation(locationId, ev.planId ?? undefined);
            break;
          }
          const company = await store.installations.get('company', companyId);
          if (!locationId) {
            if (company?.state === 'active') await deps.queue.enqueue({ type: JOB_COMPANY_INSTALL, tenant: companyId, payload: { companyId, approvedLocations: null }, dedupeKey: `ghl-company-install:${companyId}:${webhookId}` });
            else await store.pendingInstalls.add({ companyId, webhookId, planId: ev.planId ?? undefined, receivedAt: entry.receivedAt });
            break;
          }
          const loc = await store.installations.get('location', locationId);
          if (loc?.state === 'active' && loc.accessTokenEnc) {
            if (ev.planId && ev.planId !== loc.planId) await store.installations.setPlan('location', locationId, ev.planId, clock.now());
            break;
          }
          if (company?.state === 'active') {
            await installs.mintLocation(companyId, locationId).catch(settle);
            break;
          }
          await store.pendingInstalls.add({ companyId, locationId, webhookId, planId: ev.planId ?? undefined, receivedAt: entry.receivedAt });
          // the code exchange may have stored the agency grant meanwhile; whoever sees both resolves the race
          if ((await store.installations.get('company', companyId))?.state === 'active') await installs.resolvePending(companyId);
          break;
        }
        case 'UNINSTALL':
          if (locationId) await uninstallLocation(deps, locationId, { webhookId, companyId });
          else if (companyId) await uninstallCompany(deps, companyId, { webhookId });
          else throw new PermanentError('bad_event', 'UNINSTALL names neither location nor company');
          break;
        case 'PLAN_CHANGE': {
          const planId = ev.newPlanId ?? ev.planId ?? undefined;
          if (locationId) await store.installations.setPlan('location', locationId, planId, clock.now());
          else if (companyId) await store.installations.setPlan('company', companyId, planId, clock.now());
          break;
        }
        case 'LocationCreate': {
          const newLocation = ev.id ?? locationId;
          if (companyId && newLocation && (await store.installations.get('company', companyId))?.state === 'active') {
            await deps.queue.enqueue({ type: JOB_MINT_LOCATION, payload: { companyId, locationId: newLocation, optional: true }, dedupeKey: `ghl-mint:${newLocation}:${webhookId}` });
          } else outcome = 'ignored';
          break;
        }
        case 'LocationUpdate': {
          // the payload names the location (its `id`); a name it lacks is read from GHL, one call
          const updated = ev.id ?? locationId;
          const inst = updated ? await store.installations.get('location', updated) : undefined;
          if (updated && inst && inst.state !== 'uninstalled') await refreshLocationName(deps, updated, ev.name);
          else outcome = 'ignored';
          break;
        }
        default:
          outcome = 'ignored';
      }
    } catch (e) {
      await store.inbox.setStatus(entry.id, 'failed', e instanceof Error ? e.message : String(e), clock.now());
      throw e;
    }
    await store.inbox.setStatus(entry.id, outcome, undefined, clock.now());
  });
}

