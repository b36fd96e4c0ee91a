// The one way the pages call the server: same-origin fetches with the session's CSRF token on
// every change, errors turned into messages a person can read.
import { connection } from './live.js';

let csrfToken = null;
let onSignedOut = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

export function whenSignedOut(fn) {
  onSignedOut = fn;
}

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/**
 * Calls the API. `body` is sent as JSON, `form` as multipart; `accept` lists non-2xx statuses whose
 * JSON body is still the answer (the health check answers 503 while the database is away).
 */
export async function api(path, { method = 'GET', body, form, accept = [] } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken && method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    connection.lost();
    throw new ApiError(0, 'unreachable', 'The server cannot be reached.');
  }
  connection.reached();
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (res.ok || accept.includes(res.status)) return data;
  if (res.status === 401 && path.startsWith('/api/')) onSignedOut();
  const message = data?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
  throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, message, data);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
