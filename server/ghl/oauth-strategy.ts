import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { Strategy as OAuth2Strategy, type StateStore, type VerifyCallback, type VerifyFunction } from 'passport-oauth2';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import type { OAuthApi, TokenResponse } from './oauth-api.js';

export const STATE_TTL_MS = 10 * 60_000;

/**
 * One-time `state` values kept in the store, so any process can finish an install another started.
 * A callback without `state` is accepted: installs started from the marketplace listing carry none.
 */
export function storeStateStore(store: Store, clock: Clock): StateStore {
  return {
    store(_req: Request, _meta: unknown, cb: (err: Error | null, state?: string) => void) {
      const state = randomBytes(24).toString('base64url');
      store.oauthStates.create(state, clock.now() + STATE_TTL_MS, clock.now()).then(
        () => cb(null, state),
        (e: Error) => cb(e),
      );
    },
    verify(_req: Request, state: string | undefined, cb: (err: Error | null, ok: boolean, info?: { message: string }) => void) {
      if (!state) return cb(null, true);
      store.oauthStates.consume(state, clock.now()).then(
        (r) => (r === 'ok' ? cb(null, true) : cb(null, false, { message: `state_${r}` })),
        (e: Error) => cb(e, false),
      );
    },
  } as unknown as StateStore;
}

/**
 * passport-oauth2 configured for GHL: authorise at `{marketplace}/v2/oauth/chooselocation`, exchange the code
 * at `{api}/oauth/token`. The exchange goes through {@link OAuthApi} (form-encoded, with `user_type`, a timeout
 * and classified errors) instead of the library's untimed request.
 */
export function createGhlStrategy(
  deps: { config: Config; store: Store; clock: Clock; oauth: OAuthApi },
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
  const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
  oauth2.getOAuthAccessToken = (code: string, _params: unknown, cb: (err: unknown, access?: string, refresh?: string, results?: TokenResponse) => void) => {
    deps.oauth.exchangeCode(code, callbackURL).then(
      (t) => cb(null, t.access_token, t.refresh_token, t),
      (e: unknown) => cb(e),
    );
  };
  return strategy;
}
