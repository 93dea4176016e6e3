// Calls to the Hookline API. The key lives in this tab's sessionStorage only and travels as a Bearer header:
// never in a URL, a cookie or localStorage.
const KEY = 'hookline.key';
const ROLE = 'hookline.role';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
    this.fieldErrors = Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  role: () => sessionStorage.getItem(ROLE),
  start(key, role) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
};

let unauthorized = () => {};

/** What to do when the stored key stops being accepted (revoked while signed in). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** The API's URL relative to the console (/console/ -> /v1/…), so a custom domain's base path is kept. */
function url(path, query) {
  const u = new URL('../' + path.replace(/^\/+/, ''), document.baseURI);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') {
      u.searchParams.set(name, value);
    }
  }
  return u;
}

/**
 * One API call: JSON in, JSON out, problem+json turned into an ApiError. `key` overrides the session's key
 * (sign-in checks a key before keeping it).
 */
export async function api(method, path, { body, query, key, headers } = {}) {
  const sent = { Accept: 'application/json', ...(headers || {}) };
  const bearer = key || session.key();
  if (bearer) {
    sent.Authorization = 'Bearer ' + bearer;
  }
  if (body !== undefined) {
    sent['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url(path, query), {
      method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { title: 'Hookline could not be reached', detail: 'The request did not get an answer (' + e.message + ').' });
  }
  const text = response.status === 204 ? '' : await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !key && bearer && bearer === session.key()) {
      // Only a refusal of the key this tab still holds signs out; a late answer to a request sent before the user
      // signed out (or in with another key) changes nothing.
      unauthorized(error);
    }
    throw error;
  }
  return data;
}

/** Which role a key has: 'tenant' or 'admin'; an ApiError (401 for a key nobody accepts) otherwise. */
export async function roleOf(key) {
  try {
    await api('GET', 'v1/api-keys', { key });
    return 'tenant';
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) {
      throw e;
    }
  }
  await api('GET', 'v1/tenants', { key, query: { limit: 1 } });
  return 'admin';
}
