import type { Logger } from '../log/logger.js';
import { GhlOAuthError, type OAuthApi, type TokenResponse } from './oauth-api.js';

export type GrantUserType = 'Location' | 'Company';

const other = (t: GrantUserType): GrantUserType => (t === 'Location' ? 'Company' : 'Location');

/**
 * A refusal that may mean "wrong user_type": GHL documents no error list for /oauth/token (highlevel-api-docs
 * issue #249), so any 400/422 refusal earns one retry with the other type. An outage or a bad client does not.
 */
function mayBeWrongType(e: unknown): e is GhlOAuthError {
  return e instanceof GhlOAuthError && (e.reason === 'rejected' || e.reason === 'invalid_grant') && (e.httpStatus === 400 || e.httpStatus === 422);
}

/**
 * The code exchange (apps/oauth.json operationId get-access-token) with the `user_type` the install actually is.
 * At the callback GHL tells us nothing about the grant's type, so the first guess is, in order: the hint carried
 * by the state of an install the app started (`/oauth/install?as=agency|location`), else the type the last
 * exchange of this process succeeded with, else `Location`. If GHL refuses it, one retry with the other type; the
 * type that worked is logged, remembered for the next guess and set on the token response (`userType`) so the
 * install is stored as the right kind.
 */
export function createCodeExchange(oauth: OAuthApi, log: Logger) {
  let lastWorked: GrantUserType | undefined;

  return {
    get lastWorked() {
      return lastWorked;
    },
    async exchange(code: string, redirectUri: string, hint?: GrantUserType): Promise<TokenResponse & { userType: GrantUserType }> {
      const first = hint ?? lastWorked ?? 'Location';
      const source = hint ? 'state hint' : lastWorked ? 'last exchange' : 'default';
      let used = first;
      let t: TokenResponse;
      try {
        t = await oauth.exchangeCode(code, redirectUri, first);
      } catch (e) {
        if (!mayBeWrongType(e)) throw e;
        used = other(first);
        log.info('ghl code exchange refused; retrying once with the other user_type', { refused: first, retry: used, status: e.httpStatus, source });
        t = await oauth.exchangeCode(code, redirectUri, used);
      }
      lastWorked = used;
      log.info('ghl code exchange', { userType: used, retried: used !== first, source });
      return { ...t, userType: t.userType ?? used };
    },
  };
}

export type CodeExchange = ReturnType<typeof createCodeExchange>;
