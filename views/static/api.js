// JSON calls to our API with the session's Bearer token. The token lives only in this module's memory:
// no cookie, so no cross-site request can ride on it.

let token = null;

export function setToken(t) {
  token = t;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `Request failed (${status})`);
    this.status = status;
    this.code = body && body.error && body.error.code;
    this.details = body && body.error && body.error.details;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = (path) => api('GET', path);
export const put = (path, body) => api('PUT', path, body);
export const post = (path, body) => api('POST', path, body ?? {});
export const del = (path) => api('DELETE', path);
