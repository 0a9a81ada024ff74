import { Router, type Response } from 'express';
import { Passport } from 'passport';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import { createInstallService, type InstallDeps, type InstallResult } from './install-service.js';
import { createOAuthApi, GhlOAuthError } from './oauth-api.js';
import { createCodeExchange } from './code-exchange.js';
import { randomBytes } from 'node:crypto';
import { createGhlStrategy, OAUTH_BINDING_COOKIE, STATE_TTL_MS, userTypeHintOf } from './oauth-strategy.js';

const SAFE_CODE = /^[a-z0-9_]{1,40}$/;

/** `?as=agency` asks GHL for a Company grant at the exchange, `?as=location` for a Location one. */
const installQuery = z.strictObject({ as: z.enum(['agency', 'location']).optional() });

function errorPage(res: Response, log: Logger, status: number, code: string, message: string) {
  log.info('ghl install refused', { code, status });
  res.status(status).render('install-error', { code: SAFE_CODE.test(code) ? code : 'install_failed', message });
}

/**
 * `GET /oauth/install[?as=agency|location]` starts an install with a one-time state (carrying the grant type to
 * ask for); `GET /oauth/callback` finishes any install.
 */
export function ghlOAuthRoutes(deps: InstallDeps): Router {
  const oauth = createOAuthApi(deps.config, deps.log);
  const installs = createInstallService({ ...deps, oauth });
  const exchange = createCodeExchange(oauth, deps.log);
  const passport = new Passport();
  passport.use('ghl', createGhlStrategy({ ...deps, exchange }, (t) => installs.completeInstall(t)));
  const r = Router();

  r.get('/oauth/install', (req, res, next) => {
    if (!deps.config.ghl.configured) return errorPage(res, deps.log, 503, 'app_not_configured', 'This app has no GoHighLevel credentials configured yet.');
    const q = installQuery.safeParse(req.query);
    if (!q.success) return errorPage(res, deps.log, 400, 'invalid_install_link', 'This installation link is not valid. Use ?as=agency or ?as=location, or no parameter.');
    const userType = q.data.as === 'agency' ? 'Company' : q.data.as === 'location' ? 'Location' : undefined;
    // the state this install gets is bound to this browser (oauth-strategy.ts): Lax, so GHL's top-level redirect
    // back to the callback carries it; only under /oauth, never readable by a script
    req.oauthBinding = randomBytes(18).toString('base64url');
    res.cookie(OAUTH_BINDING_COOKIE, req.oauthBinding, { httpOnly: true, secure: deps.config.appUrl.startsWith('https:'), sameSite: 'lax', path: '/oauth', maxAge: STATE_TTL_MS });
    // an object `state` option makes passport-oauth2 hand it to our state store, which keeps it in the state value
    passport.authenticate('ghl', { session: false, state: { userType } as unknown as string })(req, res, next);
  });

  r.get('/oauth/callback', (req, res, next) => {
    const q = req.query as Record<string, unknown>;
    if (!deps.config.ghl.configured) return errorPage(res, deps.log, 503, 'app_not_configured', 'This app has no GoHighLevel credentials configured yet.');
    if (typeof q.error === 'string') {
      const denied = q.error === 'access_denied';
      return errorPage(res, deps.log, 400, denied ? 'access_denied' : 'authorization_error', denied ? 'The installation was cancelled in GoHighLevel.' : 'GoHighLevel reported a problem with the authorisation.');
    }
    if (typeof q.code !== 'string' || !q.code) return errorPage(res, deps.log, 400, 'missing_code', 'The link is missing its authorisation code. Start the installation again.');
    const authOptions = { session: false, userTypeHint: userTypeHintOf(q.state) };
    passport.authenticate('ghl', authOptions, (err: unknown, result: InstallResult | false, info?: { message?: string }) => {
      if (err) {
        const reason = err instanceof GhlOAuthError ? err : (err as { oauthError?: unknown }).oauthError;
        if (reason instanceof GhlOAuthError || (err as { name?: string }).name === 'InternalOAuthError') {
          return errorPage(res, deps.log, 502, 'token_exchange_failed', 'GoHighLevel did not accept the authorisation code. Start the installation again.');
        }
        deps.log.error('ghl install failed', { error: err });
        return errorPage(res, deps.log, 500, 'install_failed', 'The installation could not be completed. Please try again.');
      }
      if (!result) {
        const code = info?.message?.startsWith('state_') ? 'invalid_state' : 'install_refused';
        return errorPage(res, deps.log, 403, code, 'This installation link is no longer valid. Start the installation again.');
      }
      res.clearCookie(OAUTH_BINDING_COOKIE, { path: '/oauth' });
      res.render('installed', { result, appUrl: deps.config.appUrl });
    })(req, res, next);
  });
  return r;
}
