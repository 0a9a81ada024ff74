import { Router } from 'express';
import { type FakeGhlState, newId } from './state.js';

/**
 * GHL's Users API as the app uses it: `GET /users/{userId}` (apps/users.json, operationId get-user; header
 * Version 2021-07-28, no query parameters; Location-Access or Agency-Access with users.readonly). Users live beside
 * the fake's state (seed them with `fakeUsers(state).put(...)`); a user of another company, or none, is 404.
 */
export interface FakeUser {
  id: string;
  companyId: string;
  /** GHL's `roles.type`: `agency` or `account` (a sub-account user). */
  type: 'agency' | 'account';
  role: 'admin' | 'user';
  locationIds: string[];
}

export interface FakeUsers {
  /** Adds or replaces a user (ids are per company here, so tests may reuse one id across agencies). */
  put(u: FakeUser): void;
  /** Adds a user or widens an existing one's sub-accounts (role and type are replaced). */
  grant(u: FakeUser): void;
  remove(companyId: string, id: string): void;
  get(companyId: string, id: string): FakeUser | undefined;
}

const books = new WeakMap<FakeGhlState, Map<string, FakeUser>>();

export function fakeUsers(state: FakeGhlState): FakeUsers {
  let m = books.get(state);
  if (!m) books.set(state, (m = new Map()));
  const users = m;
  const key = (companyId: string, id: string) => `${companyId}|${id}`;
  return {
    put: (u) => void users.set(key(u.companyId, u.id), { ...u, locationIds: [...u.locationIds] }),
    grant(u) {
      const before = users.get(key(u.companyId, u.id));
      users.set(key(u.companyId, u.id), { ...u, locationIds: [...new Set([...(before?.locationIds ?? []), ...u.locationIds])] });
    },
    remove: (companyId, id) => void users.delete(key(companyId, id)),
    get: (companyId, id) => users.get(key(companyId, id)),
  };
}

export function usersRoutes(state: FakeGhlState): Router {
  const r = Router();
  r.get('/users/:userId', (req, res) => {
    const g = state.authorize(req.get('authorization'));
    if (!g) return void res.status(401).json({ statusCode: 401, message: 'Invalid JWT', traceId: newId() });
    if (req.get('version') !== '2021-07-28') return void res.status(400).json({ statusCode: 400, message: 'Version must be 2021-07-28', traceId: newId() });
    if (Object.keys(req.query).length) return void res.status(422).json({ statusCode: 422, message: ['property should not exist'], traceId: newId() });
    const u = fakeUsers(state).get(g.companyId, req.params.userId);
    if (!u) return void res.status(404).json({ statusCode: 404, message: 'User not found', traceId: newId() });
    res.json({
      id: u.id,
      name: `User ${u.id}`,
      firstName: 'User',
      lastName: u.id,
      email: `${u.id}@example.com`,
      roles: { type: u.type, role: u.role, locationIds: u.locationIds, restrictSubAccount: u.type === 'agency' && u.role === 'user' },
    });
  });
  return r;
}
