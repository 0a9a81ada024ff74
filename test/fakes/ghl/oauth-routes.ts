import express, { Router } from 'express';
import type { FakeGhlState } from './state.js';

const tokenError = (error: string, description: string) => ({ error, error_description: description });
const notActive = { statusCode: 400, message: 'Location is not active', error: 'Bad Request' };
/**
 * GHL refuses a `user_type` other than the grant's type (what it says is undocumented, highlevel-api-docs #249);
 * the code or refresh token stays usable, so a retry with the right type works.
 */
const wrongUserType = (asked: string) => ({ statusCode: 400, message: `Invalid user_type ${asked} for this grant`, error: 'Bad Request' });

/** POST /oauth/token, POST /oauth/locationToken, GET /oauth/installedLocations, as apps/oauth.json describes them. */
export function oauthRoutes(state: FakeGhlState, client: { id: string; secret: string }): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false });

  r.post('/oauth/token', form, (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) {
      res.status(400).json({ statusCode: 400, message: 'Body must be form-encoded' });
      return;
    }
    const b = req.body as Record<string, string>;
    if (b.client_id !== client.id || b.client_secret !== client.secret) {
      res.status(401).json(tokenError('invalid_client', 'Invalid client credentials'));
      return;
    }
    if (b.user_type !== 'Location' && b.user_type !== 'Company') {
      res.status(422).json({ statusCode: 422, message: ['user_type must be one of Location, Company'], error: 'Unprocessable Entity' });
      return;
    }
    if (b.grant_type === 'authorization_code') {
      state.counters.codeExchanges++;
      const spec = state.codes.get(b.code);
      if (!spec) {
        res.status(400).json(tokenError('invalid_grant', 'Invalid authorization code'));
        return;
      }
      if (spec.userType !== b.user_type) {
        state.counters.wrongUserType++;
        res.status(400).json(wrongUserType(b.user_type));
        return;
      }
      state.codes.delete(b.code);
      res.json(state.grant(spec));
      return;
    }
    if (b.grant_type === 'refresh_token') {
      state.counters.refreshes++;
      const spec = state.refreshTokens.get(b.refresh_token);
      if (!spec) {
        res.status(400).json(tokenError('invalid_grant', 'Invalid grant: refresh token is invalid'));
        return;
      }
      if (spec.userType !== b.user_type) {
        state.counters.wrongUserType++;
        res.status(400).json(wrongUserType(b.user_type));
        return;
      }
      if (spec.locationId && state.findLocation(spec.locationId)?.active === false) {
        res.status(400).json(notActive);
        return;
      }
      // refresh tokens rotate: the old one dies with this use
      state.refreshTokens.delete(b.refresh_token);
      res.json(state.grant(spec));
      return;
    }
    res.status(400).json(tokenError('unsupported_grant_type', 'Unsupported grant type'));
  });

  r.post('/oauth/locationToken', form, (req, res) => {
    state.counters.locationTokens++;
    const g = state.authorize(req.get('authorization'));
    if (!g || g.userType !== 'Company') {
      res.status(401).json({ statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
      return;
    }
    const { companyId, locationId } = req.body as Record<string, string>;
    if (!req.get('version')) {
      res.status(400).json({ statusCode: 400, message: 'Version header was not found' });
      return;
    }
    const company = state.companies.get(companyId);
    const loc = company?.locations.get(locationId);
    if (companyId !== g.companyId || !loc || !loc.installed) {
      res.status(400).json({ statusCode: 400, message: 'App is not installed for this location', error: 'Bad Request' });
      return;
    }
    if (!loc.active) {
      res.status(400).json(notActive);
      return;
    }
    const out = state.grant({ userType: 'Location', companyId, locationId, userId: g.userId, planId: g.planId }, state.locationTokenRefresh);
    res.status(201).json(out);
  });

  r.get('/oauth/installedLocations', (req, res) => {
    state.counters.installedLocations++;
    const g = state.authorize(req.get('authorization'));
    if (!g || g.userType !== 'Company') {
      res.status(401).json({ statusCode: 401, message: 'Invalid JWT', error: 'Unauthorized' });
      return;
    }
    const q = req.query as Record<string, string | undefined>;
    if (q.companyId !== g.companyId || !q.appId) {
      res.status(400).json({ statusCode: 400, message: 'companyId and appId are required' });
      return;
    }
    const company = state.companies.get(q.companyId);
    let locations = [...(company?.locations.values() ?? [])];
    if (q.isInstalled === 'true') locations = locations.filter((l) => l.installed);
    if (q.locationId) locations = locations.filter((l) => l.id === q.locationId);
    const skip = Number(q.skip ?? 0);
    const limit = Math.min(Number(q.limit ?? 20), 100);
    res.json({
      locations: locations.slice(skip, skip + limit).map((l) => ({ _id: l.id, name: l.name, address: l.address, isInstalled: l.installed })),
      count: locations.length,
      installToFutureLocations: false,
    });
  });

  return r;
}
