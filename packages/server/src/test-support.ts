/** What the server's tests share: signing in as a user through the API, as a browser does. */
import assert from 'node:assert/strict';
import type { App } from './app.js';

/** Signs in; returns the headers that authenticate a request, writes included (cookie and CSRF token). */
export async function signIn(app: App, email: string, password: string): Promise<Record<string, string>> {
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  assert.equal(r.statusCode, 200, r.body);
  const cookie = r.cookies.find((c) => c.name === 'postatlas_session')!;
  return { cookie: `postatlas_session=${cookie.value}`, 'x-csrf-token': r.json().csrfToken };
}
