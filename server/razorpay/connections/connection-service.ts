import { randomBytes } from 'node:crypto';
import { openOnce } from '../../crypto/opened-secrets.js';
import { AppError } from '../../errors.js';
import type { RazorpayConnection, RazorpayMode } from '../../store/types.js';
import { PAYMENTS_PROVIDER_JOB, PREVIOUS_SECRET_TTL_MS, RECONCILE_JOB, type RazorpayDeps } from '../deps.js';
import { ensureReconcileSchedules, scheduleNextReconcile } from '../reconcile/schedule.js';
import { RazorpayApiError, type RzpCredentials } from '../types.js';
import { RAZORPAY_WEBHOOK_EVENTS } from '../webhook-events.js';

/** What the API and pages may show about a connection: never a secret. */
export interface ConnectionStatus {
  connected: boolean;
  mode?: RazorpayMode;
  keyIdMasked?: string;
  webhookUrl?: string;
  events: readonly string[];
  /** The connection's Razorpay account: the first `account_id` a signed webhook carried. */
  accountId?: string;
  accountIds?: string[];
  /** A webhook signed with this connection's secret carried another Razorpay account's id. */
  accountConflict?: boolean;
  /** Those webhooks, refused (nothing of them reached the CRM), with what to do. */
  refusedEvents?: RefusedEventsStatus;
  lastWebhookAt?: string;
  /** Until when the replaced webhook secret is still accepted. */
  previousWebhookSecretValidUntil?: string;
  connectedAt?: string;
}

/** Both modes of a location, as the settings page shows them. */
export interface LocationConnections {
  /** At least one mode is connected. */
  connected: boolean;
  events: readonly string[];
  modes: Record<RazorpayMode, ConnectionStatus>;
}

export interface RefusedEventsStatus {
  count: number;
  firstAt: string;
  lastAt: string;
  /** The account the refused webhooks came from. */
  accountId: string;
  reason: 'account_mismatch';
  message: string;
}

/** Why webhooks were refused and what the admin does about it, for the settings page and the health check. */
export function refusedAccountMessage(connected: string | undefined, r: { count: number; lastAt: number; accountId: string }): string {
  return (
    `${r.count} Razorpay webhook(s) signed with this connection's webhook secret came from account ${r.accountId}, not from the connected account ${connected ?? '(unknown)'}, ` +
    `and were refused: nothing of them reached the CRM (last one ${new Date(r.lastAt).toISOString().slice(0, 16).replace('T', ' ')} UTC). ` +
    `If the webhook in account ${r.accountId} is a mistake, remove it there (or give it another secret). If this location now uses account ${r.accountId}, ` +
    'save that account\'s API keys here (new keys reset the connected account), or disconnect and connect again.'
  );
}

export interface ConnectInput {
  locationId: string;
  companyId: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  userId?: string;
  /** The mode the admin meant (the settings form of that mode); a key id of the other mode is refused. */
  mode?: RazorpayMode;
}

export interface ConnectionService {
  /**
   * Proves the key pair with Razorpay, then stores all three secrets sealed as the connection of the key's mode.
   * Rotates when that mode is already connected; the other mode's connection is untouched.
   */
  connect(input: ConnectInput): Promise<ConnectionStatus>;
  status(locationId: string): Promise<LocationConnections>;
  /** Deletes the connection of `mode` (every mode when omitted) and its secrets, and cancels its pending reconciliation. */
  disconnect(locationId: string, mode?: RazorpayMode): Promise<boolean>;
  getByLocation(locationId: string, mode: RazorpayMode): Promise<RazorpayConnection | undefined>;
  /** Live first. */
  listByLocation(locationId: string): Promise<RazorpayConnection[]>;
  /**
   * The key pair of `mode`; without a mode, the location's primary connection: live when connected, else test
   * (what reminders and the workflow actions that create something act with; actions on an existing entity follow
   * it to the mode that has it — docs/payments.md, "Test and live at once").
   */
  credentialsFor(locationId: string, mode?: RazorpayMode): Promise<RzpCredentials | undefined>;
  credentialsOf(conn: RazorpayConnection): RzpCredentials;
  /** The secrets a webhook may be signed with right now (the previous one only until it expires). */
  webhookSecrets(conn: RazorpayConnection): { current: string; previous?: string };
  /** Repairs reconciliation schedules at process start. */
  ensureSchedules(): Promise<number>;
}

export const modeOf = (keyId: string): RazorpayMode => (keyId.startsWith('rzp_live_') ? 'live' : 'test');
export const maskKeyId = (keyId: string) => `${keyId.slice(0, keyId.indexOf('_', 4) + 1)}••••${keyId.slice(-4)}`;
const newConnectionId = () => randomBytes(24).toString('base64url');
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** A failed key check becomes a plain message the admin can act on (the API shows it as-is). */
function connectFailure(e: RazorpayApiError): AppError {
  const status = e.reason === 'bad_credentials' || e.reason === 'access_denied' ? 422 : 503;
  return new AppError(e.code, e.message, { status, expose: true, cause: e });
}

export function createConnectionService(d: RazorpayDeps): ConnectionService {
  const { store, cipher, clock } = d;
  const repo = store.razorpayConnections;
  // Webhook secrets opened per ciphertext: every webhook still reads its connection row, so a rotation (new
  // ciphertext) or a disconnect (no row) takes effect on the very next request in every process.
  const open = openOnce(cipher);

  const toStatus = (c: RazorpayConnection | undefined): ConnectionStatus => {
    if (!c) return { connected: false, events: RAZORPAY_WEBHOOK_EVENTS };
    const prevValid = c.previousWebhookSecretExpiresAt !== undefined && c.previousWebhookSecretExpiresAt > clock.now();
    return {
      connected: true,
      mode: c.mode,
      keyIdMasked: c.keyIdMasked,
      webhookUrl: `${d.config.appUrl}/webhooks/razorpay/${c.id}`,
      events: RAZORPAY_WEBHOOK_EVENTS,
      accountId: c.accountIds[0],
      accountIds: c.accountIds,
      accountConflict: c.accountConflict,
      refusedEvents: c.refusedAccount && {
        count: c.refusedAccount.count,
        firstAt: iso(c.refusedAccount.firstAt)!,
        lastAt: iso(c.refusedAccount.lastAt)!,
        accountId: c.refusedAccount.accountId,
        reason: 'account_mismatch',
        message: refusedAccountMessage(c.accountIds[0], c.refusedAccount),
      },
      lastWebhookAt: iso(c.lastWebhookAt),
      previousWebhookSecretValidUntil: prevValid ? iso(c.previousWebhookSecretExpiresAt) : undefined,
      connectedAt: iso(c.connectedAt),
    };
  };

  /**
   * Whether another connection is signed with this secret (current or still-valid previous): another location's,
   * or this location's other mode. A shared secret would let one account (or the test mode) sign events the other
   * connection accepts. Secrets are sealed with random IVs, so the check opens them page by page; connecting is
   * rare and this runs after the key check.
   */
  async function secretUsedElsewhere(locationId: string, mode: RazorpayMode, secret: string): Promise<boolean> {
    for (let afterId: string | undefined; ; ) {
      const page = await repo.list({ afterId, limit: 200 });
      for (const c of page) {
        if (c.locationId === locationId && c.mode === mode) continue;
        const s = service.webhookSecrets(c);
        if (s.current === secret || s.previous === secret) return true;
      }
      if (page.length < 200) return false;
      afterId = page[page.length - 1].id;
    }
  }

  const service: ConnectionService = {
    async connect(i) {
      const mode = modeOf(i.keyId);
      if (i.mode && i.mode !== mode) {
        throw new AppError('razorpay_wrong_mode', `This is a ${mode} key id (rzp_${mode}_…); the ${i.mode} mode needs an rzp_${i.mode}_… key`, { status: 400, expose: true });
      }
      const creds = { keyId: i.keyId, keySecret: i.keySecret };
      try {
        await d.razorpay.verifyCredentials(creds);
      } catch (e) {
        if (e instanceof RazorpayApiError) throw connectFailure(e);
        throw e;
      }
      if (await secretUsedElsewhere(i.locationId, mode, i.webhookSecret)) {
        throw new AppError('webhook_secret_in_use', 'This webhook secret is already used by another connection: choose a new one (e.g. openssl rand -hex 24) and type it in the Razorpay Dashboard too', { status: 409, expose: true });
      }
      const now = clock.now();
      const existing = await repo.getByLocation(i.locationId, mode);
      let previousWebhookSecretEnc = existing?.previousWebhookSecretEnc;
      let previousWebhookSecretExpiresAt = existing?.previousWebhookSecretExpiresAt;
      if (existing && cipher.decrypt(existing.webhookSecretEnc) !== i.webhookSecret) {
        previousWebhookSecretEnc = existing.webhookSecretEnc;
        previousWebhookSecretExpiresAt = now + PREVIOUS_SECRET_TTL_MS;
      }
      // Another key pair may be another account: its history starts now, not at the old watermark, and its webhooks
      // name the connection's account afresh (a new webhook secret alone keeps the account).
      const sameKey = existing !== undefined && cipher.decrypt(existing.keyIdEnc) === i.keyId;
      const saved = await repo.save(
        {
          id: existing?.id ?? newConnectionId(),
          locationId: i.locationId,
          companyId: i.companyId,
          mode,
          keyIdEnc: cipher.encrypt(i.keyId),
          keyIdMasked: maskKeyId(i.keyId),
          keySecretEnc: cipher.encrypt(i.keySecret),
          webhookSecretEnc: cipher.encrypt(i.webhookSecret),
          previousWebhookSecretEnc,
          previousWebhookSecretExpiresAt,
          reconciledUntil: sameKey ? existing.reconciledUntil : now,
          connectedBy: i.userId,
          forgetAccount: existing !== undefined && !sameKey,
        },
        now,
      );
      await store.health.noteSignals(i.locationId, { razorpayRejectedAt: null, razorpayRejectedReason: null }, now); // keys just proven
      await scheduleNextReconcile(d, saved);
      await d.queue.enqueue({ type: PAYMENTS_PROVIDER_JOB, tenant: i.locationId, payload: { locationId: i.locationId } }); // push the provider config to GHL
      d.log.info('razorpay connected', {
        locationId: i.locationId,
        mode: saved.mode,
        keyIdMasked: saved.keyIdMasked,
        rotated: Boolean(existing),
        ...(existing && !sameKey && existing.accountIds.length > 0 && { accountForgotten: existing.accountIds[0], refusedBefore: existing.refusedAccount?.count ?? 0 }),
      });
      return toStatus(saved);
    },
    async status(locationId) {
      const all = await repo.listByLocation(locationId);
      const of = (m: RazorpayMode) => toStatus(all.find((c) => c.mode === m));
      return { connected: all.length > 0, events: RAZORPAY_WEBHOOK_EVENTS, modes: { test: of('test'), live: of('live') } };
    },
    async disconnect(locationId, mode) {
      const gone = (await repo.listByLocation(locationId)).filter((c) => !mode || c.mode === mode);
      const removed = gone.length > 0 && (await repo.delete(locationId, mode));
      // only the removed connections' reconciliation: the other mode keeps polling
      for (const c of gone) await store.jobs.cancelPending({ tenant: locationId, type: RECONCILE_JOB, dedupeKeyPrefix: `rzp-recon:${c.id}:` }, clock.now());
      if (removed) await d.queue.enqueue({ type: PAYMENTS_PROVIDER_JOB, tenant: locationId, payload: { locationId } }); // disconnect the provider config in GHL
      if (removed) d.log.info('razorpay disconnected', { locationId, modes: gone.map((c) => c.mode) });
      return removed;
    },
    getByLocation: (locationId, mode) => repo.getByLocation(locationId, mode),
    listByLocation: (locationId) => repo.listByLocation(locationId),
    async credentialsFor(locationId, mode) {
      const c = mode ? await repo.getByLocation(locationId, mode) : (await repo.listByLocation(locationId))[0];
      return c && service.credentialsOf(c);
    },
    credentialsOf: (c) => ({ keyId: cipher.decrypt(c.keyIdEnc), keySecret: cipher.decrypt(c.keySecretEnc) }),
    webhookSecrets(c) {
      const previous =
        c.previousWebhookSecretEnc && c.previousWebhookSecretExpiresAt !== undefined && c.previousWebhookSecretExpiresAt > clock.now()
          ? open(c.previousWebhookSecretEnc)
          : undefined;
      return { current: open(c.webhookSecretEnc), previous };
    },
    ensureSchedules: () => ensureReconcileSchedules(d),
  };
  return service;
}
