import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { ManualClock } from '../../server/clock.js';
import { type Env, loadConfig } from '../../server/config.js';
import { createApp } from '../../server/web/app.js';
import { type Container, type ContainerOverrides, createContainer } from '../../server/web/container.js';
import { registerJobs } from '../../server/web/register-jobs.js';
import { type CaptureTransport, captureLogger } from './logs.js';
import { type FakeGhl, startFakeGhl } from '../fakes/fake-ghl.js';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export const tmpDbPath = () => path.join(os.tmpdir(), `rfh-test-${randomUUID()}.db`);

export interface TestApp {
  c: Container;
  app: Express;
  clock: ManualClock;
  logs: CaptureTransport;
  /**
   * The fake GHL the app talks to: started here unless `env.GHL_API_URL` names one (beds that bring their own set
   * this), so every session check asks a fake GHL's Users API, never the internet.
   */
  fakeGhl?: FakeGhl;
  close(): Promise<void>;
}

/**
 * A fresh app on its own SQLite file with a manual clock and captured logs. `env` overrides config keys
 * (e.g. GHL_API_URL pointing at a fake). The worker is not started: tests call `c.worker.drain()`.
 */
export async function buildTestApp(env: Env = {}, over: ContainerOverrides = {}): Promise<TestApp> {
  const ownGhl = env.GHL_API_URL === undefined ? await startFakeGhl() : undefined;
  const config = loadConfig({
    ...(ownGhl ? { GHL_API_URL: ownGhl.url } : {}),
    NODE_ENV: 'test',
    SQLITE_PATH: tmpDbPath(),
    ENCRYPTION_KEYS: TEST_KEY,
    APP_URL: 'https://app.example.test',
    GHL_CLIENT_ID: 'test-client-abc',
    GHL_CLIENT_SECRET: 'test-client-secret',
    GHL_SHARED_SECRET: 'test-shared-secret',
    GHL_WORKFLOW_SECRET: 'test-workflow-secret',
    ...env,
  });
  const clock = new ManualClock();
  const { log, capture } = captureLogger();
  const c = await createContainer(config, { clock, log, worker: { pollMs: 20, backoff: { baseMs: 1000, maxMs: 60_000 } }, ...over });
  registerJobs(c);
  const app = createApp(c);
  return {
    c,
    app,
    clock,
    logs: capture,
    fakeGhl: ownGhl,
    async close() {
      await c.worker.stop(1000);
      await c.store.close();
      await ownGhl?.close();
    },
  };
}
