import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { type Config, loadConfig } from '../../server/config.js';
import { WORKFLOW_SECRET_HEADER } from '../../server/ghl/workflow-secret.js';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';
import { sandboxRoutes } from '../../server/sandbox/routes.js';
import { prepareSample, sampleFacts } from '../../server/sandbox/sample-event.js';
import { refuseProduction, SANDBOX_DB_FILE, sandboxEnv } from '../../server/sandbox/sandbox-env.js';
import type { CrmSnapshot, SandboxBackend, SandboxLocation } from '../../server/sandbox/types.js';
import type { Env } from '../../server/config.js';
import { VIEWS_DIR } from '../../server/paths.js';
import { createApp } from '../../server/web/app.js';
import { type Container, createContainer } from '../../server/web/container.js';
import { ensureSchedules } from '../../server/web/ensure-schedules.js';
import { errorHandler } from '../../server/web/middleware/error-handler.js';
import { securityHeaders } from '../../server/web/middleware/security-headers.js';
import { registerJobs } from '../../server/web/register-jobs.js';
import { shutdown } from '../../server/lifecycle.js';
// The stand-ins ARE the tests' fakes: one implementation of GHL and Razorpay, not two.
import { type FakeGhl, startFakeGhl } from '../../test/fakes/fake-ghl.js';
import { fakeUsers } from '../../test/fakes/ghl/users-routes.js';
import { fakeTriggerTargets, type FakeTriggerTargets } from '../../test/fakes/ghl/workflow-trigger-routes.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { encryptLikeGhl } from '../../test/helpers/ghl-sso.js';
import { accountIdOf, RAZORPAY_FIXTURES_DIR, razorpayFixtureNames, readRazorpayFixture } from '../../test/helpers/razorpay-webhooks.js';

export const SANDBOX_COMPANY = 'sbx_agency';
export const SANDBOX_LOCATIONS: SandboxLocation[] = [
  { id: 'sbx_loc_sunrise', name: 'Sunrise Dental Clinic' },
  { id: 'sbx_loc_lotus', name: 'Lotus Yoga Studio' },
];
const CLIENT = { id: 'sandbox-client', secret: 'sandbox-client-secret' };

interface Running {
  c: Container;
  config: Config;
  fake: FakeGhl;
  triggers: FakeTriggerTargets;
  rzp: FakeRazorpay;
  /** Per location: the connection id (its webhook URL) and the secret samples are signed with. */
  connections: Map<string, { connectionId: string; webhookSecret: string }>;
}

export interface Sandbox {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs the app against the stand-ins of GHL and Razorpay on local ports: an agency with two locations installed
 * through the real OAuth code exchange, Razorpay connected in test mode, deals and a workflow trigger set up, and
 * `/sandbox` to drive it. Every start (and the reset button) begins on a fresh SQLite file, because the stand-ins
 * keep their state in memory.
 */
export async function startSandbox(base: Env, o: { port: number; dataDir: string }): Promise<Sandbox> {
  refuseProduction(base);
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  let running: Running | undefined;
  let handler: express.Express | undefined;
  server.on('request', (req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503, { 'Retry-After': '1' }).end('sandbox starting');
  });

  const backend: SandboxBackend = {
    companyId: SANDBOX_COMPANY,
    locations: () => SANDBOX_LOCATIONS,
    ssoPayload(as) {
      const r = running!;
      return encryptLikeGhl(
        { userId: 'sbx_user', companyId: SANDBOX_COMPANY, role: 'admin', type: as.type, activeLocation: as.type === 'location' ? as.locationId : undefined, userName: 'Sandbox Admin', email: 'admin@sandbox.example' },
        r.config.ghl.sharedSecret,
      );
    },
    samples: () => razorpayFixtureNames().map((file) => ({ file, ...sampleFacts(readRazorpayFixture(file).toString('utf8')) })),
    async send(locationId, file, edits, renewIds) {
      const r = running!;
      const conn = r.connections.get(locationId)!;
      const fresh = randomUUID();
      const raw = readRazorpayFixture(file).toString('utf8');
      // The published samples come from about eight Razorpay accounts and a connection takes one (the first it sees):
      // a sample of another account moves the location to it with new test keys, as an admin switching accounts does.
      const sampleAccount = accountIdOf(raw);
      const taken = (await r.c.connections.getByLocation(locationId, 'test'))?.accountIds[0];
      const switchedToAccount = sampleAccount !== undefined && taken !== undefined && sampleAccount !== taken ? sampleAccount : undefined;
      if (switchedToAccount) await connectRazorpay(r, locationId, conn.webhookSecret);
      const body = renewIds ? prepareSample(raw, edits, { now: r.c.clock.now(), fresh }) : prepareSample(raw, edits, { now: r.c.clock.now(), fresh: 'same' });
      const eventId = `evt_sbx${randomBytes(7).toString('hex')}`;
      // signed like Razorpay signs: HMAC-SHA256 of the exact bytes with the webhook secret, hex
      const res = await fetch(`${url}/webhooks/razorpay/${conn.connectionId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Razorpay-Webhook/v1', 'X-Razorpay-Signature': signRazorpayBody(conn.webhookSecret, Buffer.from(body)), 'X-Razorpay-Event-Id': eventId },
        body,
      });
      return { eventId, event: sampleFacts(raw).event, status: res.status, answer: await res.json().catch(() => undefined), ...(switchedToAccount && { switchedToAccount }) };
    },
    async crm(locationId) {
      return crmOf(running!, locationId);
    },
    async reset() {
      const old = running;
      handler = undefined;
      running = undefined;
      if (old) await stopRunning(old);
      running = await boot();
    },
  };

  async function boot(): Promise<Running> {
    fs.mkdirSync(o.dataDir, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(o.dataDir, SANDBOX_DB_FILE + suffix), { force: true });
    const triggers = fakeTriggerTargets();
    const fake = await startFakeGhl({ clientId: CLIENT.id, clientSecret: CLIENT.secret, extend: triggers.extend });
    const rzp = new FakeRazorpay();
    await rzp.start();
    fake.state.addCompany(SANDBOX_COMPANY, SANDBOX_LOCATIONS, 'Sandbox Agency');
    // the app asks GHL's Users API who signed in (docs/SECURITY.md): the sandbox admin is an agency admin there
    fakeUsers(fake.state).put({ id: 'sbx_user', companyId: SANDBOX_COMPANY, type: 'agency', role: 'admin', locationIds: SANDBOX_LOCATIONS.map((l) => l.id) });
    const config = loadConfig(
      sandboxEnv(base, {
        port,
        dataDir: o.dataDir,
        ghlApiUrl: fake.url,
        razorpayApiUrl: rzp.url,
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        sharedSecret: randomBytes(24).toString('base64url'),
        workflowSecret: randomBytes(24).toString('base64url'),
        encryptionKey: randomBytes(32).toString('base64'),
        triggerTargetPrefix: triggers.targetUrl(fake.url, '', '').replace(/\/+$/, '/'),
      }),
    );
    const c = await createContainer(config);
    registerJobs(c);
    const app = createApp(c);
    app.locals.sandbox = true;
    const outer = express();
    outer.disable('x-powered-by');
    outer.set('view engine', 'ejs');
    outer.set('views', VIEWS_DIR);
    outer.locals.sandbox = true;
    outer.use('/sandbox', securityHeaders(config));
    outer.use(sandboxRoutes(() => backend));
    // GHL's contact links point into the sandbox page (GHL_APP_URL), which shows that contact
    outer.get('/sandbox/v2/location/:locationId/contacts/detail/:contactId', (req, res) => {
      res.redirect(`/sandbox?as=${encodeURIComponent(req.params.locationId)}#contact-${encodeURIComponent(req.params.contactId)}`);
    });
    outer.use(errorHandler(c.log));
    outer.use(app);
    handler = outer;
    const r: Running = { c, config, fake, triggers, rzp, connections: new Map() };
    running = r;
    await seed(r);
    c.worker.start();
    void ensureSchedules(c);
    return r;
  }

  async function seed(r: Running): Promise<void> {
    for (const loc of SANDBOX_LOCATIONS) {
      // installed as GHL installs: the user approves, GHL redirects with a code, the app exchanges it
      const code = r.fake.state.issueCode({ userType: 'Location', companyId: SANDBOX_COMPANY, locationId: loc.id, userId: 'sbx_user' });
      const cb = await fetch(`${url}/oauth/callback?code=${encodeURIComponent(code)}`);
      if (cb.status !== 200) throw new Error(`sandbox install of ${loc.id} failed: ${cb.status} ${await cb.text()}`);
      await connectRazorpay(r, loc.id, `whsec_${randomBytes(12).toString('hex')}`);
      await enableDeals(r, loc.id);
      await subscribeTrigger(r, loc.id);
    }
  }

  /** Connects (or reconnects, with a fresh test key pair: the connection then forgets its account) a location's Razorpay. */
  async function connectRazorpay(r: Running, locationId: string, webhookSecret: string): Promise<void> {
    const { keyId, keySecret } = r.rzp.addKey({ keyId: `rzp_test_${randomBytes(7).toString('hex')}` });
    await r.c.connections.connect({ locationId, companyId: SANDBOX_COMPANY, keyId, keySecret, webhookSecret, userId: 'sbx_user' });
    const conn = (await r.c.connections.getByLocation(locationId, 'test'))!; // the sandbox connects test keys only
    r.connections.set(locationId, { connectionId: conn.id, webhookSecret });
  }

  /** Turns deals on through the settings API, as an admin would on the page. */
  async function enableDeals(r: Running, locationId: string): Promise<void> {
    const token = await session(r, locationId);
    const book = r.fake.state.deals;
    const deals = { enabled: true, pipelineId: book.pipelinesOf(locationId)[0].id, invoiceSentStageId: book.stageId(locationId, 'Invoice sent'), paidStageId: book.stageId(locationId, 'Paid') };
    const res = await fetch(`${url}/api/locations/${locationId}/settings`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ deals }) });
    if (res.status !== 200) throw new Error(`sandbox deals setup failed: ${res.status} ${await res.text()}`);
  }

  /** A workflow using the "payment captured" trigger, subscribed the way GHL subscribes. */
  async function subscribeTrigger(r: Running, locationId: string): Promise<void> {
    const id = `wft_sbx_${locationId}`;
    const res = await fetch(`${url}/ghl/triggers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [WORKFLOW_SECRET_HEADER]: r.config.ghl.workflowSecret },
      body: JSON.stringify({
        triggerData: { id, key: 'razorpay_payment_captured', filters: [], eventType: 'CREATED', targetUrl: r.triggers.targetUrl(r.fake.url, locationId, id) },
        meta: { key: 'razorpay_payment_captured', version: '1.0' },
        extras: { locationId, workflowId: `wf_sbx_${locationId}`, companyId: SANDBOX_COMPANY },
      }),
    });
    if (res.status !== 200) throw new Error(`sandbox trigger subscription failed: ${res.status} ${await res.text()}`);
  }

  async function session(r: Running, locationId: string): Promise<string> {
    const payload = backend.ssoPayload({ type: 'location', locationId });
    const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ payload }) });
    if (res.status !== 200) throw new Error(`sandbox session failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  }

  running = await boot();
  return {
    url,
    async close() {
      handler = undefined;
      if (running) await stopRunning(running);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function stopRunning(r: Running): Promise<void> {
  await shutdown(r.c, undefined, 5_000);
  await Promise.all([r.fake.close(), r.rzp.stop()]);
}

async function crmOf(r: Running, locationId: string): Promise<CrmSnapshot> {
  const s = r.fake.state;
  const fieldName = new Map((s.customFields.get(locationId) ?? []).map((f) => [f.id, f.name]));
  const stageName = new Map(s.deals.pipelinesOf(locationId).flatMap((p) => p.stages.map((st) => [st.id, st.name] as const)));
  const contacts = s
    .contactsOf(locationId)
    .map((c) => ({
      id: c.id,
      name: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.name || undefined,
      email: c.email ?? undefined,
      phone: c.phone ?? undefined,
      tags: [...c.tags],
      customFields: c.customFields.map((f) => ({ name: fieldName.get(f.id) ?? f.id, value: f.value })),
      notes: (s.notes.get(c.id) ?? []).map((n) => ({ body: n.body, at: n.dateAdded })),
      tasks: (s.tasks.get(c.id) ?? []).map((t) => ({ title: t.title, dueDate: t.dueDate, completed: t.completed })),
      opportunities: s.deals.of(locationId, c.id).map((o) => ({ name: o.name, status: o.status, stage: stageName.get(o.pipelineStageId) ?? o.pipelineStageId, value: o.monetaryValue })),
      updatedAt: c.dateUpdated,
    }))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const triggerDeliveries = r.triggers.deliveries
    .filter((d) => d.locationId === locationId)
    .map((d) => ({ triggerId: d.triggerId, key: typeof d.body.event === 'string' ? d.body.event : undefined, contactId: typeof d.body.contactId === 'string' ? d.body.contactId : undefined, body: d.body }));
  const pendingJobs = (await r.c.store.jobs.list({ state: 'pending' })).filter((j) => j.runAt <= r.c.clock.now() + 1_000 && j.type.startsWith('sync')).length;
  return { locationId, contacts, triggerDeliveries, pendingJobs };
}

export { RAZORPAY_FIXTURES_DIR };
