/**
 * The API as the app calls it: same origin, the session in an httpOnly cookie the script never
 * sees, and the session's CSRF token sent with every write.
 *
 *     const me = await signIn('admin@example.org', '…');
 *     await api('/api/sites/7', { method: 'PATCH', body: { services: { banking: true } } });
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
