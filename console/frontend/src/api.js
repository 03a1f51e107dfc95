// The console's JSON API (/api/v1) as the browser uses it: session cookie, CSRF header on
// state-changing requests, errors as ApiError with the server's stable code.

let csrfToken = null;
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || `http_${status}`;
    this.details = details || {};
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

export function whenUnauthenticated(fn) {
  onUnauthenticated = fn;
}

async function send(method, path, body, accept = 'application/json') {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch('/api/v1' + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let error = {};
    try {
      error = (await res.json()).error || {};
    } catch (e) {
      error = {};
    }
    if (res.status === 401 && path !== '/login' && path !== '/session') onUnauthenticated();
    throw new ApiError(res.status, error.code, error.message, error);
  }
  return res;
}

export async function request(method, path, body) {
  const res = await send(method, path, body);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);
export const patch = (path, body) => request('PATCH', path, body);

/** POSTs and returns the answer as a Blob with its file name, for downloads. */
export async function download(path, body) {
  const res = await send('POST', path, body, 'application/octet-stream');
  const disposition = res.headers.get('Content-Disposition') || '';
  const m = /filename="([^"]+)"/.exec(disposition);
  return { blob: await res.blob(), name: m ? m[1] : 'download.bin', headers: res.headers };
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
