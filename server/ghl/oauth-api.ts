import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log/logger.js';

export const GHL_API_VERSION = '2021-07-28';
const TIMEOUT_MS = 15_000;

/** GHL's token response (apps/oauth.json GetAccessCodeSuccessfulResponseDto); unknown fields pass through. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().positive().default(86_399),
  scope: z.string().optional(),
  userType: z.enum(['Location', 'Company']).optional(),
  locationId: z.string().min(1).optional(),
  companyId: z.string().min(1).optional(),
  approvedLocations: z.array(z.string()).optional(),
  userId: z.string().optional(),
  planId: z.string().optional(),
  isBulkInstallation: z.boolean().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

const installedLocationsSchema = z.object({
  locations: z.array(z.looseObject({ _id: z.string(), name: z.string().optional(), isInstalled: z.boolean().optional() })).default([]),
  count: z.number().optional(),
});

/**
 * Why an OAuth call failed. `invalid_grant` means the grant is gone (re-authorise), `not_active` a suspended
 * sub-account, `unavailable` something a later retry may fix, `rejected` any other refusal.
 */
export type OAuthFailure = 'invalid_grant' | 'not_active' | 'unavailable' | 'rejected';

export class GhlOAuthError extends AppError {
  constructor(readonly reason: OAuthFailure, message: string, readonly httpStatus?: number) {
    super(`ghl_oauth_${reason}`, message, { status: reason === 'unavailable' ? 503 : 502 });
  }
}

function classify(e: unknown, what: string): GhlOAuthError {
  if (!axios.isAxiosError(e) || !e.response) {
    const code = axios.isAxiosError(e) ? e.code : undefined;
    return new GhlOAuthError('unavailable', `${what}: GHL did not answer (${code ?? 'network error'})`);
  }
  const { status, data } = e.response;
  const body = (data ?? {}) as { error?: string; error_description?: string; message?: string | string[] };
  const text = [body.error, body.error_description, ...(Array.isArray(body.message) ? body.message : [body.message])].filter(Boolean).join(': ');
  if (status === 429 || status >= 500) return new GhlOAuthError('unavailable', `${what}: GHL answered ${status}`, status);
  if (/not active/i.test(text)) return new GhlOAuthError('not_active', `${what}: ${text}`, status);
  if (body.error === 'invalid_grant' || /invalid.{0,10}(grant|refresh)|refresh token|revoked/i.test(text)) {
    return new GhlOAuthError('invalid_grant', `${what}: ${text || 'grant rejected'}`, status);
  }
  return new GhlOAuthError('rejected', `${what}: GHL answered ${status}${text ? ` (${text})` : ''}`, status);
}

/** The OAuth endpoints: code exchange, refresh, location tokens from a company token, installed locations. */
export interface OAuthApi {
  exchangeCode(code: string, redirectUri: string, userType?: 'Location' | 'Company'): Promise<TokenResponse>;
  refresh(refreshToken: string, userType: 'Location' | 'Company'): Promise<TokenResponse>;
  mintLocationToken(companyToken: string, companyId: string, locationId: string): Promise<TokenResponse>;
  /** `locationId` narrows the listing to that one location (an INSTALL that came without companyId). */
  installedLocations(companyToken: string, companyId: string, page: { skip: number; limit: number; locationId?: string }): Promise<{ ids: string[]; returned: number; count?: number }>;
}

/** `appId` for installedLocations is the client id's part before the first `-` (platform-facts). */
export const appIdOf = (clientId: string) => clientId.split('-')[0];

export function createOAuthApi(config: Config, log: Logger, http?: AxiosInstance): OAuthApi {
  const ax = http ?? axios.create({ baseURL: config.ghl.apiUrl, timeout: TIMEOUT_MS });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };

  // apps/oauth.json get-access-token: form-encoded GetAccessCodebodyDto (client_id, client_secret, grant_type required)
  async function tokenCall(fields: Record<string, string>, what: string): Promise<TokenResponse> {
    const started = Date.now();
    try {
      const res = await ax.post('/oauth/token', form({ client_id: config.ghl.clientId, client_secret: config.ghl.clientSecret, ...fields }), { headers: formHeaders });
      log.info('ghl oauth', { call: what, status: res.status, ms: Date.now() - started });
      return tokenResponseSchema.parse(res.data);
    } catch (e) {
      const err = e instanceof z.ZodError ? new GhlOAuthError('rejected', `${what}: unexpected token response`) : classify(e, what);
      log.warn('ghl oauth failed', { call: what, reason: err.reason, status: err.httpStatus, ms: Date.now() - started });
      throw err;
    }
  }

  return {
    exchangeCode(code, redirectUri, userType = 'Location') {
      return tokenCall({ grant_type: 'authorization_code', code, user_type: userType, redirect_uri: redirectUri }, 'code exchange');
    },
    refresh(refreshToken, userType) {
      return tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken, user_type: userType }, `${userType.toLowerCase()} refresh`);
    },
    // apps/oauth.json get-location-access-token: form body companyId + locationId (both required), Version 2021-07-28
    async mintLocationToken(companyToken, companyId, locationId) {
      const started = Date.now();
      try {
        const res = await ax.post('/oauth/locationToken', form({ companyId, locationId }), {
          headers: { ...formHeaders, Authorization: `Bearer ${companyToken}`, Version: GHL_API_VERSION },
        });
        log.info('ghl oauth', { call: 'location token', locationId, status: res.status, ms: Date.now() - started });
        return tokenResponseSchema.parse({ locationId, ...res.data });
      } catch (e) {
        const err = e instanceof z.ZodError ? new GhlOAuthError('rejected', 'location token: unexpected response') : classify(e, 'location token');
        log.warn('ghl oauth failed', { call: 'location token', locationId, reason: err.reason, status: err.httpStatus });
        throw err;
      }
    },
    // apps/oauth.json get-installed-location: companyId and appId required, Version 2021-07-28; skip, limit,
    // isInstalled and locationId are declared query names
    async installedLocations(companyToken, companyId, page) {
      try {
        const res = await ax.get('/oauth/installedLocations', {
          params: { companyId, appId: appIdOf(config.ghl.clientId), skip: page.skip, limit: page.limit, isInstalled: true, ...(page.locationId && { locationId: page.locationId }) },
          headers: { Authorization: `Bearer ${companyToken}`, Version: GHL_API_VERSION, Accept: 'application/json' },
        });
        const parsed = installedLocationsSchema.parse(res.data);
        return { ids: parsed.locations.filter((l) => l.isInstalled !== false).map((l) => l._id), returned: parsed.locations.length, count: parsed.count };
      } catch (e) {
        throw e instanceof z.ZodError ? new GhlOAuthError('rejected', 'installed locations: unexpected response') : classify(e, 'installed locations');
      }
    },
  };
}
