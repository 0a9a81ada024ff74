import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { Strategy as OAuth2Strategy, type StateStore, type VerifyCallback, type VerifyFunction } from 'passport-oauth2';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import type { CodeExchange } from './code-exchange.js';
import type { TokenResponse } from './oauth-api.js';

export const STATE_TTL_MS = 10 * 60_000;

/** Which grant an install the app started asks for (`/oauth/install?as=agency` → Company). */
export type UserTypeHint = 'Location' | 'Company';

const HINT_SUFFIX: Record<UserTypeHint, string> = { Company: '.c', Location: '.l' };

/**
 * The `user_type` hint carried by a state we issued (random base64url, which has no `.`, plus `.c` or `.l`).
 * Only read after the state was consumed from the store, so a forged or altered suffix never reaches an exchange.
 */
export function userTypeHintOf(state: unknown): UserTypeHint | undefined {
  if (typeof state !== 'string') return undefined;
  if (state.endsWith(HINT_SUFFIX.Company)) return 'Company';
  if (state.endsWith(HINT_SUFFIX.Location)) return 'Location';
  return undefined;
}

/** The cookie that binds a state the app issued to the browser it was issued to. */
export const OAUTH_BINDING_COOKIE = 'rfh_oauth_binding';

declare module 'express-serve-static-core' {
  interface Request {
    /** The binding cookie's value set by `GET /oauth/install` for the state it is about to issue. */
    oauthBinding?: string;
  }
}

const bindingTag = (nonce: string, binding: string) => createHash('sha256').update(`${nonce}|${binding}`).digest('base64url').slice(0, 22);

/**
 * A bound state (`nonce~tag`, hint suffix after) matches only the browser holding its binding cookie. A state
 * without a tag was issued before states were bound (they live minutes) and is left to the one-time store check.
 */
export function stateMatchesBrowser(state: string, binding: string | undefined): boolean {
  const body = state.replace(/\.[cl]$/, '');
  const cut = body.indexOf('~');
  if (cut < 0) return true;
  if (!binding) return false;
  const expected = Buffer.from(bindingTag(body.slice(0, cut), binding));
  const got = Buffer.from(body.slice(cut + 1));
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * One-time `state` values kept in the store, so any process can finish an install another started.
 * A callback without `state` is accepted: installs started from the marketplace listing carry none.
 * The route passes `{ userType }` as passport's `state` option; it is kept in the state value itself.
 */
export function storeStateStore(store: Store, clock: Clock): StateStore {
  return {
    // four parameters: passport-oauth2 hands the `state` option over by arity
    store(req: Request, hint: { userType?: UserTypeHint } | undefined, _meta: unknown, cb: (err: Error | null, state?: string) => void) {
      const nonce = randomBytes(24).toString('base64url');
      // bound to the browser that started the install (finding 14.5): the tag is a hash of the nonce and the
      // browser's binding cookie, so a state replayed into another browser (login CSRF) is refused at the callback
      const binding = req.oauthBinding;
      const state = nonce + (binding ? `~${bindingTag(nonce, binding)}` : '') + (hint?.userType ? HINT_SUFFIX[hint.userType] : '');
      store.oauthStates.create(state, clock.now() + STATE_TTL_MS, clock.now()).then(
        () => cb(null, state),
        (e: Error) => cb(e),
      );
    },
    verify(req: Request, state: string | undefined, cb: (err: Error | null, ok: boolean, info?: { message: string }) => void) {
      if (!state) return cb(null, true);
      if (!stateMatchesBrowser(state, readCookie(req, OAUTH_BINDING_COOKIE))) return cb(null, false, { message: 'state_other_browser' });
      store.oauthStates.consume(state, clock.now()).then(
        (r) => (r === 'ok' ? cb(null, true) : cb(null, false, { message: `state_${r}` })),
        (e: Error) => cb(e, false),
      );
    },
  } as unknown as StateStore;
}

/**
 * passport-oauth2 configured for GHL: authorise at `{marketplace}/v2/oauth/chooselocation`, exchange the code
 * at `{api}/oauth/token`. The exchange goes through {@link CodeExchange} (form-encoded, with the `user_type` the
 * install is, a timeout and classified errors) instead of the library's untimed request. The callback route passes
 * the state's hint as the `userTypeHint` option; `tokenParams` carries it to the exchange.
 */
export function createGhlStrategy(
  deps: { config: Config; store: Store; clock: Clock; exchange: CodeExchange },
  onGrant: (t: TokenResponse) => Promise<unknown>,
): OAuth2Strategy {
  const { config } = deps;
  const callbackURL = `${config.appUrl}/oauth/callback`;
  // five parameters: passport-oauth2 picks the overload that hands us the full token response by arity
  const verify = (_access: string, _refresh: string, params: TokenResponse, _profile: unknown, done: VerifyCallback) => {
    onGrant(params).then(
      (result) => done(null, result as Express.User),
      (e: unknown) => done(e as Error),
    );
  };
  const strategy = new OAuth2Strategy(
    {
      authorizationURL: `${config.ghl.marketplaceUrl}/v2/oauth/chooselocation`,
      tokenURL: `${config.ghl.apiUrl}/oauth/token`,
      clientID: config.ghl.clientId || 'unconfigured',
      clientSecret: config.ghl.clientSecret || 'unconfigured',
      callbackURL,
      scope: config.ghl.scopes,
      scopeSeparator: ' ',
      store: storeStateStore(deps.store, deps.clock),
      skipUserProfile: true,
      passReqToCallback: false,
    },
    verify as VerifyFunction,
  );
  (strategy as unknown as { tokenParams: (o: { userTypeHint?: UserTypeHint }) => object }).tokenParams = (o) => (o.userTypeHint ? { userTypeHint: o.userTypeHint } : {});
  const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
  oauth2.getOAuthAccessToken = (code: string, params: { userTypeHint?: UserTypeHint }, cb: (err: unknown, access?: string, refresh?: string, results?: TokenResponse) => void) => {
    deps.exchange.exchange(code, callbackURL, params.userTypeHint).then(
      (t) => cb(null, t.access_token, t.refresh_token, t),
      (e: unknown) => cb(e),
    );
  };
  return strategy;
}
