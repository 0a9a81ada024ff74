/** GHL grants: one row per location and one per company (agency bulk installs). */
export type InstallState = 'active' | 'needs_reauth' | 'paused' | 'uninstalled';
export type InstallKind = 'location' | 'company';

export interface Installation {
  kind: InstallKind;
  /** locationId for `location`, companyId for `company`. */
  id: string;
  companyId: string;
  /** Encrypted with the app cipher; never stored in clear. Absent once uninstalled. */
  accessTokenEnc?: string;
  refreshTokenEnc?: string;
  /** Epoch ms when the access token expires. */
  expiresAt?: number;
  scopes: string[];
  state: InstallState;
  stateReason?: string;
  userId?: string;
  planId?: string;
  /** The location's (or agency's) name as GHL gave it (read at install, refreshed on LocationUpdate); absent when GHL gave none. */
  name?: string;
  /** Incremented by every write; {@link InstallationRepo.updateTokens} compares it. */
  version: number;
  installedAt: number;
  updatedAt: number;
}

/** The grant itself; the name is not part of it (an upsert keeps a known name), see {@link InstallationRepo.setName}. */
export type InstallationInput = Omit<Installation, 'version' | 'installedAt' | 'updatedAt' | 'name'>;

export interface TokenSet {
  accessTokenEnc: string;
  refreshTokenEnc?: string;
  expiresAt: number;
}

export interface InstallationRepo {
  get(kind: InstallKind, id: string): Promise<Installation | undefined>;
  /** Creates or replaces the grant (keeps `installedAt` of an existing row), bumping `version`. */
  upsert(input: InstallationInput, now: number): Promise<Installation>;
  /** Compare-and-set on `version`: returns the new row, or `undefined` when someone else wrote first. */
  updateTokens(kind: InstallKind, id: string, expectedVersion: number, tokens: TokenSet, now: number): Promise<Installation | undefined>;
  /** Sets the state; `uninstalled` also wipes both tokens. Returns false when the row is missing. */
  setState(kind: InstallKind, id: string, state: InstallState, reason: string | undefined, now: number): Promise<boolean>;
  listByCompany(companyId: string, kind?: InstallKind): Promise<Installation[]>;
  /**
   * Every row of one kind in one state, by id. The app holds few agency (company) grants, so listing the active
   * ones is how an INSTALL without companyId ("future locations") finds its candidates.
   */
  listByKindAndState(kind: InstallKind, state: InstallState): Promise<Installation[]>;
  /** Records a PLAN_CHANGE without touching tokens (so it never races a refresh). False when the row is missing. */
  setPlan(kind: InstallKind, id: string, planId: string | undefined, now: number): Promise<boolean>;
  /**
   * Records the name GHL gave (undefined forgets it). Leaves `version` alone: a name is not part of the grant, so
   * it never makes a concurrent token refresh lose its compare-and-set. False when the row is missing.
   */
  setName(kind: InstallKind, id: string, name: string | undefined, now: number): Promise<boolean>;
}
