import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { runCli } from '../../../test/support/process.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import type { Database } from '../db/index.js';
import { AuditTrail, type AuditRecord, type VerifyReport } from './index.js';

interface RecordBody extends Omit<AuditRecord, 'at'> {
  at: string;
}

/** Changes the database as someone with its superuser's rights would, past the append-only trigger. */
async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
  try {
    await db.query(sql, params);
  } finally {
    await db.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
  }
}

describeEachDriver('audit trail', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;
  let viewer: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    operator = await accountWith(app, ['operator']);
    viewer = await accountWith(app, ['viewer']);
  });
  after(() => app.http.close());

  const records = async (query: string, who = admin) => {
    await app.audit.flush();
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/audit?${query}`, headers: who.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ items: RecordBody[]; next: string | null }>();
  };
  const verify = async () => {
    await app.audit.flush();
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<VerifyReport>();
  };

  it('records every write through HTTP: who with roles, tenant, action, target, time, request id, outcome', async () => {
    const entity = 'urn:ngsi-ld:AirQualityObserved:audit-hk-01';
    const started = Date.now();
    const created = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { ...operator.auth, 'content-type': 'application/json', 'x-request-id': 'audit-create-1' },
      payload: JSON.stringify({ id: entity, type: 'AirQualityObserved', pm25: { type: 'Property', value: 41 } }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const patched = await app.http.inject({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(entity)}/attrs`,
      headers: { ...operator.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ pm25: { type: 'Property', value: 55 } }),
    });
    assert.equal(patched.statusCode, 204, patched.body);
    // A denial is recorded too, and so is a caller without credentials.
    const denied = await app.http.inject({
      method: 'DELETE',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(entity)}`,
      headers: viewer.auth,
    });
    assert.equal(denied.statusCode, 403);
    const anonymous = await app.http.inject({ method: 'POST', url: '/api/v1/alarms/42/acknowledge' });
    assert.equal(anonymous.statusCode, 401);
    // Reads are not recorded.
    await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(entity)}`,
      headers: operator.auth,
    });

    const mine = (await records(`actor=${operator.username}`)).items;
    assert.deepEqual(
      mine.map((r) => r.action),
      ['PATCH /ngsi-ld/v1/entities/:entityId/attrs', 'POST /ngsi-ld/v1/entities'],
    );
    const create = mine[1] as RecordBody;
    assert.deepEqual(create.actor, { kind: 'user', id: operator.id, name: operator.username, roles: ['operator'] });
    assert.equal(create.tenant, '');
    assert.equal(create.target, entity, 'the entity created, from its Location');
    assert.equal(create.requestId, 'audit-create-1');
    assert.equal(create.outcome, 201);
    assert.ok(
      Date.parse(create.at) >= started - 1000 && Date.parse(create.at) <= Date.now(),
      'Date.parse(create.at) >= started - 1000 && Date.parse(create.at) <= Date.now()',
    );
    assert.equal((mine[0] as RecordBody).target, entity);
    assert.equal((mine[0] as RecordBody).outcome, 204);

    const refusal = (await records(`actor=${viewer.username}`)).items[0];
    assert.equal(refusal?.action, 'DELETE /ngsi-ld/v1/entities/:entityId');
    assert.equal(refusal?.outcome, 403);
    assert.deepEqual(refusal?.actor.roles, ['viewer']);
    const unknown = (await records('target=42')).items[0];
    assert.equal(unknown?.action, 'POST /api/v1/alarms/:id/acknowledge');
    assert.deepEqual(unknown?.actor, { kind: 'anonymous', id: null, name: null, roles: [] });
    assert.equal(unknown?.outcome, 401);
    assert.equal((await records(`target=${encodeURIComponent(entity)}&action=GET`)).items.length, 0);
  });

  it('records account changes with the account as target, and pages newest first', async () => {
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${viewer.id}`,
      headers: admin.auth,
      payload: { displayName: 'Trần Thị Bình' },
    });
    assert.equal(res.statusCode, 200);
    const page = await records(`target=${viewer.id}&limit=1`);
    assert.equal(page.items[0]?.action, 'PATCH /api/v1/users/:id');
    assert.deepEqual(page.items[0]?.detail, { params: { id: viewer.id } });
    const all = await records('limit=2');
    assert.ok(all.next, 'a full page links to the next');
    const next = await app.http.inject({ method: 'GET', url: all.next, headers: admin.auth });
    const older = next.json<{ items: RecordBody[] }>().items;
    assert.ok(
      older.length > 0 && (older[0] as RecordBody).id < (all.items[1] as RecordBody).id,
      'older.length > 0 && (older[0] as RecordBody).id < (all.items[1] as RecordBody).id',
    );
  });

  it('records a failed login with the username tried as its target, a name without an account too', async () => {
    const ghost = `nobody-${process.pid}`;
    for (const username of [viewer.username, ghost]) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'not the password at all' },
      });
      assert.equal(res.statusCode, 401, res.body);
      const [failed] = (await records(`target=${encodeURIComponent(username)}`)).items;
      assert.equal(failed?.action, 'POST /api/v1/auth/login');
      assert.equal(failed?.target, username);
      assert.equal(failed?.outcome, 401);
      assert.deepEqual(failed?.actor, { kind: 'anonymous', id: null, name: null, roles: [] });
    }
  });

  it('is for administrators only (audit:read)', async () => {
    for (const url of ['/api/v1/audit', '/api/v1/audit/verify', '/api/v1/audit/export']) {
      const res = await app.http.inject({ method: 'GET', url, headers: operator.auth });
      assert.equal(res.statusCode, 403, url);
      assert.match(problemOf(res).detail, /audit:read/);
    }
  });

  it('exports records as JSON lines, oldest first, with their hashes', async () => {
    await app.audit.flush();
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/audit/export', headers: admin.auth });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordBody);
    assert.ok(lines.length >= 5, 'lines.length >= 5');
    lines
      .slice(1)
      .forEach((r, i) => assert.equal(r.prevHash, (lines[i] as RecordBody).hash, 'each links to the one before'));
  });

  it('refuses to change or delete a record in the database', async () => {
    await app.audit.flush();
    await assert.rejects(ctx.db.query('UPDATE audit_record SET outcome = 200'), /append-only/);
    await assert.rejects(ctx.db.query('DELETE FROM audit_record'), /append-only/);
    await assert.rejects(ctx.db.query('TRUNCATE audit_record'), /append-only/);
    await assert.rejects(ctx.db.query('UPDATE audit_chain SET last_id = 0'), /only moves forward/);
  });

  it('names the record that was changed, and a record removed from the middle', async () => {
    const intact = await verify();
    assert.equal(intact.intact, true, JSON.stringify(intact.broken));
    assert.ok(intact.records >= 5, 'intact.records >= 5');
    const { rows } = await ctx.db.query<{ id: number; outcome: number }>(
      `SELECT id, outcome FROM audit_record WHERE action = 'DELETE /ngsi-ld/v1/entities/:entityId' AND outcome = 403`,
    );
    const denial = rows[0] as { id: number; outcome: number };
    // Someone hides the refusal: 403 becomes 204.
    await tamper(ctx.db, 'UPDATE audit_record SET outcome = 204 WHERE id = $1', [denial.id]);
    const edited = await verify();
    assert.equal(edited.intact, false);
    assert.equal(edited.broken?.recordId, denial.id);
    assert.match(edited.broken?.reason ?? '', /was changed/);
    await tamper(ctx.db, 'UPDATE audit_record SET outcome = 403 WHERE id = $1', [denial.id]);
    assert.equal((await verify()).intact, true);

    // Someone removes it instead.
    const { rows: saved } = await ctx.db.query<Record<string, unknown>>('SELECT * FROM audit_record WHERE id = $1', [
      denial.id,
    ]);
    await tamper(ctx.db, 'DELETE FROM audit_record WHERE id = $1', [denial.id]);
    const removed = await verify();
    assert.equal(removed.intact, false);
    assert.equal(removed.broken?.recordId, denial.id);
    assert.match(removed.broken?.reason ?? '', new RegExp(`record ${denial.id} is missing`));
    // Put back as it was, the chain holds again.
    const row = saved[0] as Record<string, unknown>;
    const columns = Object.keys(row);
    await ctx.db.query(
      `INSERT INTO audit_record (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => row[c]),
    );
    assert.equal((await verify()).intact, true);
  });

  it('never forks the chain when several instances append at once', async () => {
    const instances = [0, 1, 2].map(() => new AuditTrail(ctx.db, silentLog, { flushDelayMs: 0 }));
    await Promise.all(
      instances.flatMap((trail, n) =>
        Array.from({ length: 40 }, (_, i) =>
          trail.record({
            actor: { kind: 'system', id: null, name: `instance-${n}`, roles: [] },
            tenant: '',
            action: 'test.concurrent',
            target: `${n}-${i}`,
          }),
        ),
      ),
    );
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_record WHERE action = 'test.concurrent'`,
    );
    assert.equal(rows[0]?.n, 120);
    const report = await verify();
    assert.equal(report.intact, true, JSON.stringify(report.broken));
  });

  it('loses nothing queued at a graceful stop', async () => {
    const trail = new AuditTrail(ctx.db, silentLog, { flushDelayMs: 3_600_000 });
    for (let i = 0; i < 3; i++) {
      trail.note({ actor: { kind: 'system', id: null, name: 'shutdown', roles: [] }, tenant: '', action: 'test.stop' });
    }
    await trail.stop();
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_record WHERE action = 'test.stop'`,
    );
    assert.equal(rows[0]?.n, 3);
  });

  it('removes records past AUDIT_RETENTION and records the new anchor, so the rest still verifies', async () => {
    const trail = new AuditTrail(ctx.db, silentLog, { flushDelayMs: 0, retention: 'P30D' });
    const old = new Date(Date.now() - 40 * 86_400_000);
    await trail.record({
      actor: { kind: 'system', id: null, name: 'old', roles: [] },
      tenant: '',
      action: 'test.old',
      at: old,
    });
    await trail.record({ actor: { kind: 'system', id: null, name: 'new', roles: [] }, tenant: '', action: 'test.new' });
    const { rows: before } = await ctx.db.query<{ id: number }>(
      `SELECT id FROM audit_record WHERE action = 'test.old'`,
    );
    const oldId = (before[0] as { id: number }).id;
    const result = await trail.applyRetention();
    assert.equal(result.anchorId, oldId);
    assert.ok(result.removed >= 1, 'result.removed >= 1');
    const { rows: left } = await ctx.db.query<{ min: number }>('SELECT min(id) AS min FROM audit_record');
    assert.equal(left[0]?.min, oldId + 1, 'everything up to the expired record is gone');
    const report = await verify();
    assert.equal(report.intact, true, JSON.stringify(report.broken));
    assert.equal(report.anchor.id, oldId);
    const note = (await records('action=audit.retention')).items[0];
    assert.equal(note?.target, String(oldId));
    assert.equal((await trail.applyRetention()).removed, 0, 'nothing more to remove');
  });
});

describeEachDriver('thanglong audit verify', (ctx) => {
  it('exits 0 on an intact chain and names the changed record otherwise', async () => {
    const t = await createTestDatabase(ctx.driver, { open: false });
    const open = () => (t.dataDir ? openPglite(t.dataDir) : openPostgres(t.url as string, 4, silentLog));
    const env: Record<string, string> = t.dataDir
      ? { DATA_DIR: dirname(t.dataDir) }
      : { DATABASE_URL: t.url as string };
    try {
      let db = await open();
      const app = await buildTestApp(db);
      const admin = await accountWith(app, ['admin'], '*');
      for (const name of ['a', 'b', 'c']) {
        const res = await app.http.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: admin.auth,
          payload: { name, roles: ['monitor'], tenant: '' },
        });
        assert.equal(res.statusCode, 201);
      }
      await app.http.close(); // a graceful close writes what is queued
      await db.close();

      const ok = await runCli(['audit', 'verify'], env);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /The audit trail is intact: [1-9]\d* record\(s\)/);

      db = await open();
      const { rows } = await db.query<{ id: number }>(
        `SELECT id FROM audit_record WHERE action = 'POST /api/v1/api-keys' ORDER BY id LIMIT 1 OFFSET 1`,
      );
      const id = (rows[0] as { id: number }).id;
      await tamper(db, `UPDATE audit_record SET actor_name = 'someone-else' WHERE id = $1`, [id]);
      await db.close();

      const broken = await runCli(['audit', 'verify'], env);
      assert.equal(broken.code, 3);
      assert.match(broken.stderr, new RegExp(`broken at record ${id}: record ${id} was changed`));
    } finally {
      await t.dispose();
    }
  });
});
