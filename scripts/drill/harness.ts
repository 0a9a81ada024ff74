import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type FakeGhl, startFakeGhl } from '../../test/fakes/fake-ghl.js';
import { closeAll } from '../../test/helpers/close-all.js';
import { FakeRazorpay } from '../../test/fakes/fake-razorpay.js';
import { appEnv, type ChildHandle, freePort, startApp, startWorkerProcess } from '../lib/app-process.js';
import { paymentCaptured, paymentIdFor } from '../lib/events.js';
import { seedLocations, type SeededLocation } from '../lib/seed.js';

/** One payment per event: which location, which customer, which payment id, the signed body. */
export interface DrillEvent {
  loc: SeededLocation;
  paymentId: string;
  email: string;
  body: Buffer;
  eventId: string;
}

export interface DrillBed {
  dir: string;
  dbPath: string;
  ghl: FakeGhl;
  rzp: FakeRazorpay;
  locs: SeededLocation[];
  port: number;
  app?: ChildHandle;
  /** Worker-only processes started by startWorkers (the app itself runs no worker when the bed says so). */
  workers: ChildHandle[];
  start(): Promise<ChildHandle>;
  startWorkers(n: number): Promise<ChildHandle[]>;
  stopWorkers(): Promise<void>;
  urlOf(e: DrillEvent): string;
  events(n: number, tag: string): DrillEvent[];
  /** Inbox entries of Razorpay deliveries not yet done (read from the app's file, read-only). */
  pending(): number;
  count(sql: string): number;
  waitDrained(limitMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app as a real process on a SQLite file in a temp dir, the fake GHL (limit scaled to 200 per second per
 * location, the app's budget set to match) and the fake Razorpay in this process, `locations` connected
 * locations.
 */
export async function drillBed(o: {
  locations: number;
  extraEnv?: Record<string, string>;
  chaos?: { p5xx: number; p429: number };
  /** GHL's per-location limit, enforced by the fake and configured in the app alike (default 200 per second). */
  rateLimit?: { perInterval: number; intervalMs: number };
  /** false: the app process only ingests; jobs run in processes from startWorkers. */
  runWorker?: boolean;
}): Promise<DrillBed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rfh-drill-'));
  const dbPath = path.join(dir, 'app.db');
  const key = crypto.randomBytes(32).toString('base64');
  const limit = o.rateLimit ?? { perInterval: 200, intervalMs: 1000 };
  const ghl = await startFakeGhl({ rateLimit: limit, chaos: o.chaos });
  const rzp = new FakeRazorpay();
  await rzp.start();
  const locs = await seedLocations({ dbPath, key, ghl, rzp, count: o.locations, prefix: 'loc_drill' });
  const port = await freePort();
  const env = appEnv({
    port,
    dbPath,
    key,
    ghlUrl: ghl.url,
    rzpUrl: rzp.url,
    runWorker: o.runWorker ?? true,
    extra: { GHL_RATE_LIMIT_PER_INTERVAL: String(limit.perInterval), GHL_RATE_LIMIT_INTERVAL_MS: String(limit.intervalMs), WORKER_CONCURRENCY: String(o.locations), ...o.extraEnv },
  });
  let db: Database.Database | undefined;
  const open = () => (db ??= new Database(dbPath, { readonly: true, fileMustExist: true }));
  const bed: DrillBed = {
    dir,
    dbPath,
    ghl,
    rzp,
    locs,
    port,
    workers: [],
    async start() {
      bed.app = await startApp(env, port);
      return bed.app;
    },
    async startWorkers(n) {
      const started = await Promise.all(Array.from({ length: n }, () => startWorkerProcess(env)));
      bed.workers.push(...started);
      return started;
    },
    async stopWorkers() {
      await Promise.all(bed.workers.splice(0).map((w) => w.stop('SIGTERM')));
    },
    urlOf: (e) => `http://127.0.0.1:${port}/webhooks/razorpay/${e.loc.connectionId}`,
    events(n, tag) {
      return Array.from({ length: n }, (_, i) => {
        const loc = locs[i % locs.length];
        const paymentId = paymentIdFor(tag, i);
        // a handful of customers per location: contacts are created once, then known
        const email = `c${i % 7}.${loc.locationId}@example.com`;
        return { loc, paymentId, email, body: paymentCaptured(paymentId, { email, phone: `+91900000${String(i % 7).padStart(4, '0')}` }), eventId: `evt_${paymentId}` };
      });
    },
    count: (sql) => (open().prepare(sql).get() as { c: number }).c,
    pending: () => bed.count("SELECT COUNT(*) AS c FROM inbox WHERE source = 'razorpay' AND status IN ('received', 'processing')"),
    async waitDrained(limitMs) {
      const until = Date.now() + limitMs;
      while (bed.pending() > 0) {
        if (Date.now() > until) throw new Error(`not drained after ${limitMs} ms: ${bed.pending()} pending\n${bed.app?.output().slice(-3000) ?? ''}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () =>
      closeAll(
        () => db?.close(),
        () => Promise.all(bed.workers.splice(0).map((w) => w.stop('SIGKILL'))),
        () => bed.app?.stop('SIGKILL'),
        () => ghl.close(),
        () => rzp.stop(),
        () => fs.rmSync(dir, { recursive: true, force: true }),
      ),
  };
  return bed;
}

export interface EffectCheck {
  /** Payments whose note is missing, or present more than once. */
  missing: string[];
  doubled: string[];
  /** Contacts created more than once for one customer (same e-mail in one location). */
  duplicateContacts: number;
  notesTotal: number;
  tasksTotal: number;
  contactsWithoutTag: number;
}

/** Each payment's effects in the fake GHL: its note (by the `[rzp:money-in:<payment>]` marker) exactly once. */
export function checkEffects(ghl: FakeGhl, events: DrillEvent[]): EffectCheck {
  const notes = [...ghl.state.notes.values()].flat();
  const byMarker = new Map<string, number>();
  for (const n of notes) {
    for (const m of n.body.matchAll(/\[rzp:money-in:(pay_[A-Za-z0-9]+)\]/g)) byMarker.set(m[1], (byMarker.get(m[1]) ?? 0) + 1);
  }
  const missing = events.filter((e) => !byMarker.get(e.paymentId)).map((e) => e.paymentId);
  const doubled = events.filter((e) => (byMarker.get(e.paymentId) ?? 0) > 1).map((e) => e.paymentId);
  const contacts = [...ghl.state.contacts.values()];
  const seen = new Set<string>();
  let duplicateContacts = 0;
  for (const c of contacts) {
    const k = `${c.locationId}|${(c.email ?? '').toLowerCase()}`;
    if (seen.has(k)) duplicateContacts++;
    seen.add(k);
  }
  return {
    missing,
    doubled,
    duplicateContacts,
    notesTotal: notes.length,
    tasksTotal: [...ghl.state.tasks.values()].flat().length,
    contactsWithoutTag: contacts.filter((c) => !c.tags.length).length,
  };
}

/** Runs `items` through `fn` with at most `width` at once. */
export async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}
