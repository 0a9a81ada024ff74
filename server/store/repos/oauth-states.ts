/** One-time OAuth `state` values for installs the app starts (`/oauth/install`). */
export type OAuthStateCheck = 'ok' | 'unknown' | 'used' | 'expired';

export interface OAuthStateRepo {
  create(state: string, expiresAt: number, now: number): Promise<void>;
  /** Atomic: only the first consume of an existing, unexpired state answers `ok`; later ones say why not. */
  consume(state: string, now: number): Promise<OAuthStateCheck>;
  /** Deletes states that expired before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
