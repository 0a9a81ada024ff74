import { randomBytes, randomUUID } from 'node:crypto';
import { FakeOpportunityBook } from './opportunities-state.js';

/**
 * In-memory state of the fake GHL. Everything a test may seed or assert on lives here, so routes stay thin
 * and new capabilities (opportunities, workflow triggers) add a map and a route file.
 */
export interface FakeLocation {
  id: string;
  name: string;
  address: string;
  /** Whether our app is installed there (GET /oauth/installedLocations). */
  installed: boolean;
  /** A suspended sub-account: refreshes and mints answer 400 "Location is not active". */
  active: boolean;
}

export interface FakeCompany {
  id: string;
  name: string;
  locations: Map<string, FakeLocation>;
}

export interface GrantSpec {
  userType: 'Location' | 'Company';
  companyId: string;
  locationId?: string;
  approvedLocations?: string[];
  userId?: string;
  planId?: string;
  isBulkInstallation?: boolean;
}

export interface AccessGrant extends GrantSpec {
  expiresAt: number;
}

export interface FakeContact {
  id: string;
  locationId: string;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  businessId?: string | null;
  source?: string | null;
  tags: string[];
  customFields: { id: string; value: unknown }[];
  dateAdded: string;
  dateUpdated: string;
}

export interface FakeNote {
  id: string;
  body: string;
  userId?: string;
  contactId: string;
  dateAdded: string;
}

export interface FakeTask {
  id: string;
  title: string;
  body?: string;
  dueDate: string;
  completed: boolean;
  assignedTo?: string;
  contactId: string;
}

export interface FakeCustomField {
  id: string;
  name: string;
  fieldKey: string;
  dataType: string;
  locationId: string;
  model: 'contact' | 'opportunity';
}

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;
export const newId = () => randomUUID().replace(/-/g, '').slice(0, 20);

export class FakeGhlState {
  readonly companies = new Map<string, FakeCompany>();
  readonly codes = new Map<string, GrantSpec>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly refreshTokens = new Map<string, GrantSpec>();
  readonly contacts = new Map<string, FakeContact>();
  readonly notes = new Map<string, FakeNote[]>();
  readonly tasks = new Map<string, FakeTask[]>();
  readonly appointments = new Map<string, { id: string; [k: string]: unknown }[]>();
  readonly customFields = new Map<string, FakeCustomField[]>();
  /** Pipelines and opportunities (a test moves one "as a person" with `deals.moveAsPerson`). */
  readonly deals: FakeOpportunityBook;
  /** Counts of token endpoint uses, for "exactly one refresh" style assertions. */
  readonly counters = { codeExchanges: 0, wrongUserType: 0, refreshes: 0, locationTokens: 0, installedLocations: 0, rateLimited: 0, chaos5xx: 0, chaos429: 0 };

  constructor(
    readonly now: () => number,
    readonly tokenTtlSec: number,
    /** Whether POST /oauth/locationToken includes a refresh_token (newer specs do, older do not). */
    readonly locationTokenRefresh: boolean,
  ) {
    this.deals = new FakeOpportunityBook(now);
  }

  addCompany(companyId: string, locations: { id: string; name?: string; installed?: boolean }[] = [], name = `Agency ${companyId}`): FakeCompany {
    const company = this.companies.get(companyId) ?? { id: companyId, name, locations: new Map() };
    for (const l of locations) {
      company.locations.set(l.id, { id: l.id, name: l.name ?? `Location ${l.id}`, address: '1 Test Street', installed: l.installed ?? true, active: true });
    }
    this.companies.set(companyId, company);
    return company;
  }

  findLocation(locationId: string): FakeLocation | undefined {
    for (const c of this.companies.values()) {
      const l = c.locations.get(locationId);
      if (l) return l;
    }
    return undefined;
  }

  /** What GHL would put in the redirect after the user approves: a one-use code. */
  issueCode(spec: GrantSpec): string {
    const code = token('code');
    this.codes.set(code, spec);
    return code;
  }

  /** Mints an access/refresh pair and answers in GHL's token response shape. */
  grant(spec: GrantSpec, withRefresh = true): Record<string, unknown> {
    const access = token(spec.userType === 'Company' ? 'cat' : 'lat');
    this.accessTokens.set(access, { ...spec, expiresAt: this.now() + this.tokenTtlSec * 1000 });
    const out: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: this.tokenTtlSec,
      scope: 'contacts.readonly contacts.write locations/customFields.readonly locations/customFields.write oauth.readonly oauth.write',
      userType: spec.userType,
      companyId: spec.companyId,
      userId: spec.userId ?? 'user_1',
      planId: spec.planId,
    };
    if (withRefresh) {
      const refresh = token('rt');
      this.refreshTokens.set(refresh, spec);
      out.refresh_token = refresh;
    }
    if (spec.userType === 'Location') out.locationId = spec.locationId;
    else {
      out.approvedLocations = spec.approvedLocations;
      out.isBulkInstallation = spec.isBulkInstallation ?? true;
      out.installToFutureLocations = false;
      out.approveAllLocations = !spec.approvedLocations;
    }
    return out;
  }

  /** The location a valid bearer token speaks for, or the company grant. Undefined when unknown or expired. */
  authorize(authHeader: string | undefined): AccessGrant | undefined {
    const m = /^Bearer (.+)$/.exec(authHeader ?? '');
    if (!m) return undefined;
    const g = this.accessTokens.get(m[1]);
    if (!g || g.expiresAt <= this.now()) return undefined;
    return g;
  }

  /** Makes every current access token of a location stale, as if a day had passed. */
  expireAccessTokens(locationId?: string): void {
    for (const g of this.accessTokens.values()) if (!locationId || g.locationId === locationId) g.expiresAt = 0;
  }

  /** A contact a person made in GHL (not through the app), e.g. from an ad campaign's form. */
  addContact(locationId: string, fields: Partial<Omit<FakeContact, 'id' | 'locationId'>> = {}): FakeContact {
    const at = new Date(this.now()).toISOString();
    const c: FakeContact = { id: newId(), locationId, tags: [], customFields: [], dateAdded: at, dateUpdated: at, ...fields };
    c.contactName ??= [c.firstName, c.lastName].filter(Boolean).join(' ').toLowerCase() || c.name || null;
    this.contacts.set(c.id, c);
    return c;
  }

  contactsOf(locationId: string): FakeContact[] {
    return [...this.contacts.values()].filter((c) => c.locationId === locationId);
  }
}
