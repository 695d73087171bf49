import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  countUsers, createApiKey, createSession, createUser, deleteSession, findApiKey, findSession, findUserByEmail, getUser, setPassword,
  listApiKeys, listUsers, revokeApiKey, touchApiKey, ROLES,
} from './accounts.js';
import { appendAudit, changeMark, listAudit } from './audit.js';
import type { Database } from './database.js';
import { listDatasets, recordImport, upsertDataset } from './datasets.js';
import { listSites } from './queries.js';
import { createSite, deleteSite, getSite, updateSite, type SiteInput } from './site-writes.js';
import { testBackends } from './testing.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const office = (over: Partial<SiteInput> = {}): SiteInput => ({
  name: 'Bureau de poste de Trindade', siteType: 'post_office', country: 'STP', admin1: 'Mé-Zóchi', lat: 0.297, lon: 6.681,
  ...over,
});

const auditCount = async (db: Database) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;

for (const backend of await testBackends()) {
  describe(`accounts, audit and site writes on the ${backend.name} database`, { skip: backend.skip }, () => {
    let db: Database;
    before(async () => {
      db = await backend.open();
    });
    after(async () => {
      await db?.close();
    });

    test('users: emails are trimmed and lower-cased, one account per address', async () => {
      assert.deepEqual(ROLES, ['admin', 'country_manager', 'office_staff', 'device', 'public']);
      assert.equal(await countUsers(db), 0);
      const admin = await createUser(db, { email: '  Ada@Example.ORG ', passwordHash: 'scrypt$abc', role: 'admin' });
      assert.equal(admin.email, 'ada@example.org');
      assert.deepEqual([admin.role, admin.countries, admin.siteIds, admin.disabled], ['admin', [], [], false]);
      assert.match(admin.createdAt, ISO);
      assert.ok(Math.abs(Date.parse(admin.createdAt) - Date.now()) < 60_000);

      await assert.rejects(
        createUser(db, { email: 'ADA@example.org', passwordHash: 'x', role: 'public' }),
        { message: 'users: ada@example.org is already registered' },
      );
      const staff = await createUser(db, { email: 'staff@post.st', passwordHash: 'h2', role: 'office_staff', countries: ['STP'], siteIds: [4, 9] });
      assert.deepEqual([staff.countries, staff.siteIds], [['STP'], [4, 9]]);

      const found = await findUserByEmail(db, ' ADA@EXAMPLE.org');
      assert.deepEqual(found, { ...admin, passwordHash: 'scrypt$abc' });
      assert.equal(await findUserByEmail(db, 'nobody@example.org'), null);
      assert.deepEqual(await getUser(db, staff.id), staff);
      assert.equal(await getUser(db, 999_999), null);
      assert.deepEqual(await listUsers(db), [admin, staff]);
      assert.equal(await countUsers(db), 2);
      // A bad role is refused by the table as well as by the type.
      await assert.rejects(createUser(db, { email: 'x@y.z', passwordHash: 'h', role: 'root' as never }), /check constraint/);
    });

    test('sessions: found while valid, gone when expired, deleted or the user disabled', async () => {
      const u = await createUser(db, { email: 'manager@post.st', passwordHash: 'h', role: 'country_manager', countries: ['STP'] });
      const expires = new Date(Date.now() + 3_600_000);
      await createSession(db, { tokenHash: 'a'.repeat(64), userId: u.id, csrfToken: 'csrf-1', expiresAt: expires });
      await createSession(db, { tokenHash: 'b'.repeat(64), userId: u.id, csrfToken: 'csrf-2', expiresAt: new Date(Date.now() - 1000) });

      const s = await findSession(db, 'a'.repeat(64));
      assert.deepEqual(s, { user: u, csrfToken: 'csrf-1', expiresAt: expires.toISOString() });
      assert.equal(await findSession(db, 'b'.repeat(64)), null, 'expired');
      assert.equal(await findSession(db, 'c'.repeat(64)), null, 'unknown');

      await db.query('UPDATE users SET disabled = true WHERE id = $1', [u.id]);
      assert.equal(await findSession(db, 'a'.repeat(64)), null, 'user disabled');
      await db.query('UPDATE users SET disabled = false WHERE id = $1', [u.id]);
      assert.equal((await findSession(db, 'a'.repeat(64)))!.csrfToken, 'csrf-1');

      await deleteSession(db, 'a'.repeat(64));
      assert.equal(await findSession(db, 'a'.repeat(64)), null, 'deleted');
      await deleteSession(db, 'a'.repeat(64));

      // Deleting the user takes its sessions.
      await db.query('DELETE FROM users WHERE id = $1', [u.id]);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [u.id]);
      assert.equal(rows[0]!.n, 0);
    });

    test('a new password signs the user out everywhere and is audited without the password', async () => {
      const u = await createUser(db, { email: 'reset@example.org', passwordHash: 'hash-old', role: 'admin' });
      await createSession(db, { tokenHash: 'd'.repeat(64), userId: u.id, csrfToken: 'csrf-d', expiresAt: new Date(Date.now() + 3_600_000) });
      await setPassword(db, u.id, 'hash-new', 'postatlas demo');
      assert.equal((await findUserByEmail(db, 'reset@example.org'))!.passwordHash, 'hash-new');
      assert.equal(await findSession(db, 'd'.repeat(64)), null);
      const [entry] = await listAudit(db, { entity: 'user', entityId: String(u.id) });
      assert.deepEqual([entry!.actor, entry!.action, entry!.after], ['postatlas demo', 'update', { email: 'reset@example.org', password: 'changed' }]);
      assert.doesNotMatch(JSON.stringify(entry), /hash-/);
      await assert.rejects(setPassword(db, 999_999, 'x', 'test'), /there is no user 999999/);
    });

    test('API keys: found by prefix until revoked, touched when used, bound to a site', async () => {
      const admin = (await findUserByEmail(db, 'ada@example.org'))!;
      const site = await createSite(db, office({ sourceId: 'KEYSITE' }), `user:${admin.id}`);
      const script = await createApiKey(db, { name: 'nightly import', prefix: 'pa_aaaa', keyHash: 'f'.repeat(64), role: 'country_manager', countries: ['STP'], createdBy: admin.id });
      assert.deepEqual(
        { ...script, createdAt: '' },
        { id: script.id, name: 'nightly import', prefix: 'pa_aaaa', role: 'country_manager', countries: ['STP'], siteId: null, createdBy: admin.id, createdAt: '', lastUsedAt: null, revokedAt: null },
      );
      assert.match(script.createdAt, ISO);
      const device = await createApiKey(db, { name: 'router', prefix: 'pa_bbbb', keyHash: 'e'.repeat(64), role: 'device', siteId: site.id });
      assert.deepEqual([device.siteId, device.createdBy, device.countries], [site.id, null, []]);
      await assert.rejects(createApiKey(db, { name: 'again', prefix: 'pa_aaaa', keyHash: 'd', role: 'public' }), { message: 'api_keys: prefix pa_aaaa is already in use' });

      assert.deepEqual(await findApiKey(db, 'pa_aaaa'), { ...script, keyHash: 'f'.repeat(64) });
      assert.equal(await findApiKey(db, 'pa_zzzz'), null);

      await touchApiKey(db, script.id);
      const touched = (await findApiKey(db, 'pa_aaaa'))!;
      assert.match(touched.lastUsedAt!, ISO);

      const revoked = (await revokeApiKey(db, script.id))!;
      assert.match(revoked.revokedAt!, ISO);
      assert.equal(revoked.lastUsedAt, touched.lastUsedAt);
      assert.equal(await findApiKey(db, 'pa_aaaa'), null, 'revoked');
      await new Promise((r) => setTimeout(r, 5));
      assert.equal((await revokeApiKey(db, script.id))!.revokedAt, revoked.revokedAt, 'revoked once');
      assert.equal(await revokeApiKey(db, 999_999), null);

      assert.deepEqual((await listApiKeys(db)).map((k) => [k.prefix, k.revokedAt !== null]), [['pa_aaaa', true], ['pa_bbbb', false]]);
      assert.deepEqual((await listApiKeys(db, { createdBy: admin.id })).map((k) => k.prefix), ['pa_aaaa']);

      // The device key goes with its site; a deleted creator leaves the key without one.
      await deleteSite(db, site.id, 'test');
      assert.equal(await findApiKey(db, 'pa_bbbb'), null);
      const other = await createUser(db, { email: 'temp@post.st', passwordHash: 'h', role: 'country_manager' });
      const k = await createApiKey(db, { name: 'temp', prefix: 'pa_cccc', keyHash: 'c', role: 'public', createdBy: other.id });
      await db.query('DELETE FROM users WHERE id = $1', [other.id]);
      assert.equal((await findApiKey(db, 'pa_cccc'))!.createdBy, null);
      assert.equal(k.createdBy, other.id);
    });

    test('the audit log is append-only: UPDATE, DELETE and TRUNCATE fail and the entry stays', async () => {
      await appendAudit(db, { actor: 'cli:alice', action: 'login', entity: 'session', entityId: null, country: null, before: null, after: { ip: '10.0.0.1' } });
      const [entry] = await listAudit(db, { entity: 'session', limit: 1 });
      assert.ok(entry);
      assert.deepEqual({ ...entry, id: 0, at: '' }, { id: 0, at: '', actor: 'cli:alice', action: 'login', entity: 'session', entityId: null, country: null, before: null, after: { ip: '10.0.0.1' } });
      assert.equal(typeof entry.id, 'number');
      assert.match(entry.at, ISO);

      await assert.rejects(db.query(`UPDATE audit_log SET actor = 'mallory' WHERE id = $1`, [entry.id]), /audit_log is append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log WHERE id = $1', [entry.id]), /audit_log is append-only/);
      await assert.rejects(db.query('DELETE FROM audit_log'), /audit_log is append-only/);
      await assert.rejects(db.query('TRUNCATE audit_log'), /audit_log is append-only/);
      await assert.rejects(
        db.transaction(async (tx) => {
          await appendAudit(tx, { actor: 'x', action: 'create', entity: 'rolled-back', entityId: null, country: 'STP', before: null, after: null });
          await tx.query(`UPDATE audit_log SET after = '{}' WHERE id = $1`, [entry.id]);
        }),
        /audit_log is append-only/,
      );
      assert.deepEqual((await listAudit(db, { entity: 'session' }))[0], entry);
      assert.equal((await listAudit(db, { entity: 'rolled-back' })).length, 0, 'the entry of the failed transaction rolled back');
    });

    test('site writes: create, update and delete, each with its audit entry', async () => {
      const entriesBefore = await auditCount(db);
      const created = await createSite(db, office({ services: { mail: true, banking: ['transfers'] }, downloadMbps: 2.5 }), 'user:1');
      assert.match(created.sourceId, /^api-[0-9a-f-]{36}$/);
      assert.deepEqual({ ...created, id: 0, sourceId: '' }, {
        id: 0, sourceId: '', dataset: 'api-stp', name: 'Bureau de poste de Trindade', siteType: 'post_office', country: 'STP',
        admin1: 'Mé-Zóchi', admin2: null, lat: 0.297, lon: 6.681, isConnected: null, connectivityType: 'unknown', downloadMbps: 2.5,
        hasElectricity: null, services: { mail: true, banking: ['transfers'] }, openingHours: null,
        contractedMbps: null, contractedMonthlyUsd: null, measuredDownloadMbps: null, measuredAt: null,
      });
      assert.deepEqual(await getSite(db, created.id), created);
      assert.deepEqual((await listSites(db, { country: 'STP' })).find((s) => s.id === created.id), created);
      const dataset = (await listDatasets(db)).find((d) => d.name === 'api-stp')!;
      assert.deepEqual([dataset.layer, dataset.source, dataset.format, dataset.countries, dataset.isPublic], ['sites', 'api', 'api', ['STP'], false]);
      await assert.rejects(createSite(db, office({ sourceId: created.sourceId }), 'user:1'), new RegExp(`${created.sourceId} already exists in dataset api-stp`));
      await assert.rejects(createSite(db, office({ lat: 91 }), 'user:1'), /latitude 91/);

      const [made] = await listAudit(db, { entity: 'site', entityId: String(created.id) });
      assert.deepEqual({ ...made!, id: 0, at: '' }, { id: 0, at: '', actor: 'user:1', action: 'create', entity: 'site', entityId: String(created.id), country: 'STP', before: null, after: created });

      const moved = (await updateSite(db, created.id, { name: 'Correios de Trindade', lat: 0.3, hasElectricity: true, services: null, downloadMbps: undefined }, 'key:7'))!;
      assert.deepEqual(moved, { ...created, name: 'Correios de Trindade', lat: 0.3, hasElectricity: true, services: null });
      const { rows } = await db.query<{ x: number; y: number }>('SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM sites WHERE id = $1', [created.id]);
      assert.deepEqual(rows[0], { x: 6.681, y: 0.3 });
      const [updated] = await listAudit(db, { entity: 'site', entityId: String(created.id), limit: 1 });
      assert.deepEqual([updated!.actor, updated!.action, updated!.country, updated!.before, updated!.after], ['key:7', 'update', 'STP', created, moved]);

      // Nothing to change: nothing written.
      const n = await auditCount(db);
      assert.deepEqual(await updateSite(db, created.id, {}, 'key:7'), moved);
      assert.equal(await auditCount(db), n);
      assert.equal(await updateSite(db, 999_999, { name: 'x' }, 'key:7'), null);
      await assert.rejects(updateSite(db, created.id, { country: 'KEN' } as never, 'key:7'), /country cannot be changed/);

      // A write the table refuses leaves the site and the log as they were.
      await assert.rejects(updateSite(db, created.id, { name: 'Renamed', siteType: 'castle' as never }, 'key:7'), /check constraint/);
      await assert.rejects(updateSite(db, created.id, { name: 'Renamed', downloadMbps: -1 }, 'key:7'), /downloadMbps -1 is not a finite number >= 0/);
      await assert.rejects(updateSite(db, created.id, { name: 'Renamed', downloadMbps: NaN }, 'key:7'), /not a finite number/);
      assert.deepEqual(await getSite(db, created.id), moved);
      assert.equal(await auditCount(db), n);

      const deleted = await deleteSite(db, created.id, 'user:1');
      assert.deepEqual(deleted, moved);
      assert.equal(await getSite(db, created.id), null);
      assert.equal(await deleteSite(db, created.id, 'user:1'), null);
      const history = await listAudit(db, { entity: 'site', entityId: String(created.id) });
      assert.deepEqual(history.map((e) => e.action), ['delete', 'update', 'create']);
      assert.deepEqual([history[0]!.before, history[0]!.after], [moved, null]);
      assert.equal(await auditCount(db), entriesBefore + 3);

      // A second country gets its own dataset.
      const ken = await createSite(db, office({ country: 'KEN', sourceId: 'NBI-1', lat: -1.28, lon: 36.82 }), 'user:1');
      assert.deepEqual([ken.dataset, ken.sourceId], ['api-ken', 'NBI-1']);
      await deleteSite(db, ken.id, 'user:1');
    });

    test('listAudit: newest first, filtered by countries and entity, paged backwards', async () => {
      for (let i = 0; i < 5; i++) {
        for (const country of ['UGA', 'TZA', null]) {
          await appendAudit(db, { actor: 'test', action: 'update', entity: 'paging', entityId: `${country}-${i}`, country, before: { i }, after: { i: i + 1 } });
        }
      }
      const all = await listAudit(db, { entity: 'paging' });
      assert.equal(all.length, 15);
      assert.deepEqual(all.map((e) => e.id), all.map((e) => e.id).sort((a, b) => b - a));

      const uga = await listAudit(db, { countries: ['UGA'], entity: 'paging' });
      assert.deepEqual(uga.map((e) => e.entityId), ['UGA-4', 'UGA-3', 'UGA-2', 'UGA-1', 'UGA-0']);
      assert.equal((await listAudit(db, { countries: ['UGA', 'TZA'], entity: 'paging' })).length, 10);
      assert.deepEqual(await listAudit(db, { countries: [], entity: 'paging' }), [], 'no countries: nothing');
      assert.equal((await listAudit(db, { countries: null, entity: 'paging' })).length, 15, 'null: everything');
      assert.deepEqual((await listAudit(db, { entityId: 'TZA-2' })).map((e) => [e.country, e.before, e.after]), [['TZA', { i: 2 }, { i: 3 }]]);

      const pages: string[][] = [];
      let afterId: number | undefined;
      for (;;) {
        const page = await listAudit(db, { countries: ['UGA'], entity: 'paging', limit: 2, ...(afterId === undefined ? {} : { afterId }) });
        if (page.length === 0) break;
        pages.push(page.map((e) => e.entityId!));
        afterId = page.at(-1)!.id;
      }
      assert.deepEqual(pages, [['UGA-4', 'UGA-3'], ['UGA-2', 'UGA-1'], ['UGA-0']]);

      assert.equal((await listAudit(db, { limit: 0 })).length, 1, 'at least one');
      assert.equal((await listAudit(db)).length, Math.min(100, await auditCount(db)));
      await db.query(`INSERT INTO audit_log (actor, action, entity, entity_id) SELECT 'bulk', 'create', 'bulk', g::text FROM generate_series(1, 1001) g`);
      assert.equal((await listAudit(db, { limit: 5000 })).length, 1000, 'at most 1000');
      assert.equal((await listAudit(db)).length, 100, 'default 100');
    });

    test('the change mark moves with an audited change and with an import, not with reads', async () => {
      const datasetId = await upsertDataset(db, { name: 'mark-test', layer: 'sites', source: 'test', format: 'csv' });
      const mark0 = await changeMark(db);
      await listSites(db, {});
      await listAudit(db);
      assert.equal(await changeMark(db), mark0);
      await appendAudit(db, { actor: 'cli:test', action: 'update', entity: 'site', entityId: '1', country: 'STP', before: null, after: null });
      const mark1 = await changeMark(db);
      assert.notEqual(mark1, mark0);
      const counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, removed: 0, rejected: 0 };
      await recordImport(db, 'sites', { datasetId, countries: [], file: 'f.csv', sha256: 'x', importedBy: 'cli:test', ...counts });
      assert.notEqual(await changeMark(db), mark1);
    });
  });
}
