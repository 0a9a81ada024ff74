import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import request from 'supertest';
import { signRazorpayBody } from '../../server/razorpay/webhooks/signature.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `../shared/fixtures/razorpay/` seen from the repository root (worktrees and CI clones sit beside `shared/`). */
export const SHARED_FIXTURES_DIR = path.resolve(here, '../../../shared/fixtures/razorpay');
/** The copy kept in the repository, so a clone without `shared/` beside it (the sandbox, a newcomer) has them. */
export const VENDORED_FIXTURES_DIR = path.resolve(here, '../fixtures/razorpay');
/**
 * Where the fixtures are read from: the shared folder when it is there (it is the source, and new fixtures land
 * there first; `test/fixtures-vendored.test.ts` fails until the copy is refreshed), else the vendored copy.
 */
export const RAZORPAY_FIXTURES_DIR = fs.existsSync(SHARED_FIXTURES_DIR) ? SHARED_FIXTURES_DIR : VENDORED_FIXTURES_DIR;

/** Every fixture file name (`<event>__<variant>.json`). */
export function razorpayFixtureNames(): string[] {
  return fs
    .readdirSync(RAZORPAY_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** The exact bytes of a fixture, as published. */
export function readRazorpayFixture(name: string): Buffer {
  return fs.readFileSync(path.join(RAZORPAY_FIXTURES_DIR, name.endsWith('.json') ? name : `${name}.json`));
}

/** A stable event id per body, so posting the same file again looks like a Razorpay retry. */
export const eventIdFor = (body: Buffer | string) => `evt_${createHash('sha256').update(body).digest('hex').slice(0, 14)}`;

export interface PostOptions {
  /** `X-Razorpay-Event-Id`; default derived from the body; `null` sends no header. */
  eventId?: string | null;
  /** Override the signature header; `null` sends none. */
  signature?: string | null;
  /** Change the body after signing (tamper tests). */
  tamper?: (signed: Buffer) => Buffer;
}

/** Signs `body` with `secret` and posts it to `/webhooks/razorpay/:connectionId` the way Razorpay does. */
export function postRazorpayWebhook(app: Express, connectionId: string, secret: string, body: Buffer | string, opts: PostOptions = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const signature = opts.signature === undefined ? signRazorpayBody(secret, bytes) : opts.signature;
  const sent = opts.tamper ? opts.tamper(bytes) : bytes;
  const eventId = opts.eventId === undefined ? eventIdFor(bytes) : opts.eventId;
  // superagent JSON-encodes a Buffer sent as application/json, so UTF-8 bodies go as strings (same bytes);
  // anything else goes as octet-stream, which the raw route accepts alike.
  const text = sent.toString('utf8');
  const exact = Buffer.from(text, 'utf8').equals(sent);
  let r = request(app)
    .post(`/webhooks/razorpay/${connectionId}`)
    .set('Content-Type', exact ? 'application/json' : 'application/octet-stream')
    .set('User-Agent', 'Razorpay-Webhook/v1');
  if (signature !== null) r = r.set('X-Razorpay-Signature', signature);
  if (eventId !== null) r = r.set('X-Razorpay-Event-Id', eventId);
  return exact ? r.send(text) : r.send(sent);
}

/** Signs and posts one fixture file of `../shared/fixtures/razorpay/`. */
export function postRazorpayFixture(app: Express, connectionId: string, secret: string, fixture: string, opts: PostOptions = {}) {
  return postRazorpayWebhook(app, connectionId, secret, readRazorpayFixture(fixture), opts);
}

/**
 * The `account_id` a body carries, or undefined (some Razorpay payloads have none). The published fixtures come
 * from about eight Razorpay accounts, and a connection refuses every account but its first, so a bed that posts
 * fixtures of several accounts needs one connection per account ({@link perAccount}).
 */
export function accountIdOf(body: Buffer | string): string | undefined {
  const v = (JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as { account_id?: unknown }).account_id;
  return typeof v === 'string' && v ? v : undefined;
}

/** The `account_id` of a fixture file. */
export const fixtureAccountId = (fixture: string) => accountIdOf(readRazorpayFixture(fixture));

/**
 * One connection per Razorpay account, made the first time an account is asked for (concurrent asks share it).
 * A body without `account_id` goes to the first connection made (or to `''`'s own, when none was made yet).
 */
export function perAccount<C>(connect: (accountId: string) => Promise<C>) {
  const made = new Map<string, Promise<C>>();
  const forAccount = (accountId: string | undefined): Promise<C> => {
    const key = accountId ?? made.keys().next().value ?? '';
    let c = made.get(key);
    if (!c) made.set(key, (c = connect(key)));
    return c;
  };
  return {
    forAccount,
    forBody: (body: Buffer | string) => forAccount(accountIdOf(body)),
    forFixture: (fixture: string) => forAccount(fixtureAccountId(fixture)),
    /** The connections made so far, by account id. */
    all: async () => new Map(await Promise.all([...made].map(async ([k, v]) => [k, await v] as const))),
  };
}
