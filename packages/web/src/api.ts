/**
 * The API as the app calls it: same origin, the session in an httpOnly cookie the script never
 * sees, and the session's CSRF token sent with every write.
 *
 *     const me = await signIn('admin@example.org', '…');
 *     await api('/api/sites/7', { method: 'PATCH', body: { services: { banking: true } } });
 *     await upload('/api/imports?layer=sites&country=KEN', file, 'text/csv', (sent) => show(sent));
 */

export interface Me {
  email: string;
  role: 'admin' | 'country_manager' | 'office_staff' | 'device' | 'public';
  countries: string[];
  siteIds: number[];
  csrfToken: string;
}

/** An RFC 9457 problem the server answered with. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string; errors?: unknown[] }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

let csrfToken: string | null = null;

export async function api<T>(path: string, o: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.method && o.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const r = await fetch(path, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body), credentials: 'same-origin' });
  if (r.status === 204) return null as T;
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, body);
  return body as T;
}

/**
 * A file sent as the request body itself (not multipart), with the session's CSRF token. Through
 * XMLHttpRequest because fetch() cannot say how much of a large upload has been sent.
 */
export function upload<T>(path: string, file: Blob, contentType: string, onProgress?: (sent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    if (onProgress) xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body: unknown = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: the status says enough */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body as ApiError['problem']));
    };
    xhr.onerror = () => reject(new Error(`${path}: the upload did not reach the server`));
    xhr.send(file);
  });
}

export async function currentUser(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/session');
    csrfToken = me.csrfToken;
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function signIn(email: string, password: string): Promise<Me> {
  const me = await api<Me>('/api/session', { method: 'POST', body: { email, password } });
  csrfToken = me.csrfToken;
  return me;
}

export async function signOut(): Promise<void> {
  await api('/api/session', { method: 'DELETE' });
  csrfToken = null;
}
