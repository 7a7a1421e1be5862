import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { after, before, it } from 'node:test';
import Fastify from 'fastify';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, problemOf, testConfig, type Account } from '../../../test/support/app.js';
import { createTestDatabase, describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { runCli } from '../../../test/support/process.js';
import { openPglite } from '../db/pglite.js';
import { openPostgres } from '../db/postgres.js';
import { AuditTrail } from '../audit/index.js';
import { ACCOUNT_PERSONAL_FIELDS, accessControl, PermissionTable } from '../auth/index.js';
import {
  loadMasterKeys,
  PersonalData,
  readerOf,
  rotateMasterKey,
  type PersonalDataSource,
  type Reader,
} from './index.js';

interface UserBody {
  id: string;
  displayName: string;
  phone: string | null;
  email: string | null;
}

const readerFor = (account: Account, roles: Reader['roles']): Reader => ({
  actor: { kind: 'user', id: account.id, name: account.username, roles: [...roles] },
  roles,
  tenant: '',
  requestId: null,
});

describeEachDriver('personal data', (ctx) => {
  let app: App;
  let admin: Account;
  let officer: Account;
  let viewer: Account;
  let citizen: UserBody;
  let citizenPassword: string;

  /** A city service as it will use the facility: a citizen report with the reporter's name and phone. */
  const reports: PersonalDataSource = {
    name: 'test-reports',
    fields: { reporterName: 'name', reporterPhone: 'phone', description: 'free-text' },
    find: async (tenant, subject) => {
      if (subject.kind !== 'phone') return [];
      const { rows } = await ctx.db.query<{ id: string; tenant: string; n: string; p: string; d: string }>(
        `SELECT id, tenant, reporter_name AS n, reporter_phone AS p, description AS d FROM test_report
         WHERE tenant = $1 AND reporter_phone_index = $2`,
        [tenant, subject.index],
      );
      return rows.map((r) => ({
        id: r.id,
        tenant: r.tenant,
        values: { reporterName: r.n, reporterPhone: r.p, description: r.d },
      }));
    },
    erase: async (_tenant, id) => {
      await ctx.db.query('DELETE FROM test_report WHERE id = $1', [id]);
      return 'erased';
    },
  };
  let reportId: string;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
    officer = await accountWith(app, ['officer']);
    viewer = await accountWith(app, ['viewer']);
    await ctx.db.query(`CREATE TABLE test_report (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant text NOT NULL,
      reporter_name text, reporter_phone text, reporter_phone_index text, description text)`);
    app.personalData.declare(reports);
  });
  after(() => app.http.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, who: Account, payload?: object) =>
    app.http.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
  const auditOf = async (action: string) => {
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ actor_name: string; target: string; detail: Record<string, unknown> }>(
      `SELECT actor_name, target, detail FROM audit_record WHERE action = $1 ORDER BY id DESC`,
      [action],
    );
    return rows;
  };

  it("stores an account's name, phone and email encrypted; clear for pii:read (audited), masked otherwise", async () => {
    citizenPassword = 'a-long-citizen-password';
    const created = await inject('POST', '/api/v1/users', admin, {
      username: `citizen-${randomBytes(3).toString('hex')}`,
      displayName: 'Nguyễn Văn An',
      phone: '0912 345 678',
      email: 'an.nguyen@example.vn',
      password: citizenPassword,
      roles: ['viewer'],
      tenant: '',
    });
    assert.equal(created.statusCode, 201, created.body);
    citizen = created.json<{ user: UserBody }>().user;
    assert.equal(citizen.displayName, 'Nguyễn Văn An');

    const { rows } = await ctx.db.query<Record<string, string>>(
      'SELECT display_name, phone, email, phone_index FROM auth_user WHERE id = $1',
      [citizen.id],
    );
    const raw = JSON.stringify(rows[0]);
    // Pieces that cannot occur by chance in ciphertext (base64 has no spaces, dots or marks).
    for (const plain of ['Nguyễn', 'Văn An', '0912 345', '345 678', '0912345678', 'an.nguyen', 'example.vn']) {
      assert.ok(!raw.includes(plain), `the raw row does not contain "${plain}"`);
    }
    assert.match(rows[0]?.['display_name'] ?? '', /^pd1:/);

    const read = await inject('GET', `/api/v1/users/${citizen.id}`, admin);
    assert.deepEqual((({ displayName, phone, email }) => ({ displayName, phone, email }))(read.json<UserBody>()), {
      displayName: 'Nguyễn Văn An',
      phone: '0912 345 678',
      email: 'an.nguyen@example.vn',
    });
    const audited = (await auditOf('personal-data.read')).find((r) => r.target === `accounts:${citizen.id}`);
    assert.equal(audited?.actor_name, admin.username);
    assert.deepEqual(audited?.detail['fields'], ['displayName', 'phone', 'email']);

    // Someone without pii:read sees the same account masked, and nothing is recorded for it.
    const before = (await auditOf('personal-data.read')).length;
    const [masked] = await app.personalData.reveal(readerFor(viewer, ['viewer']), 'accounts', ACCOUNT_PERSONAL_FIELDS, [
      {
        id: citizen.id,
        tenant: '',
        values: rows[0]
          ? {
              displayName: rows[0]['display_name'] ?? null,
              phone: rows[0]['phone'] ?? null,
              email: rows[0]['email'] ?? null,
            }
          : {},
      },
    ]);
    assert.deepEqual(masked, { displayName: 'N. V. A.', phone: '09******78', email: 'a***@example.vn' });
    assert.equal((await auditOf('personal-data.read')).length, before);

    // The person sees their own data when they log in.
    const login = await app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: read.json<{ username: string }>().username, password: citizenPassword },
    });
    assert.equal(login.json<{ user: UserBody }>().user.phone, '0912 345 678');
  });

  it('lets a city service declare personal fields: sealed, masked for a viewer, clear and audited for an admin', async () => {
    const pd = app.personalData;
    const { rows } = await ctx.db.query<{ id: string }>(
      `INSERT INTO test_report (tenant, reporter_name, reporter_phone, reporter_phone_index, description)
       VALUES ('', $1, $2, $3, $4) RETURNING id`,
      [
        await pd.seal('', 'Nguyễn Văn An'),
        await pd.seal('', '+84 912 345 678'),
        await pd.index('phone', '+84 912 345 678'),
        await pd.seal('', 'Rác thải trước nhà số 12 Hàng Bông'),
      ],
    );
    reportId = (rows[0] as { id: string }).id;
    const { rows: stored } = await ctx.db.query<Record<string, string>>('SELECT * FROM test_report WHERE id = $1', [
      reportId,
    ]);
    assert.ok(!JSON.stringify(stored).includes('Hàng Bông'), "!JSON.stringify(stored).includes('Hàng Bông')");
    // The service's route, as a city module would write it: it reads its row and reveals it to the caller.
    const service = Fastify();
    await service.register(accessControl, { auth: app.auth, permissions: new PermissionTable(), anonymousRead: [] });
    service.get<{ Params: { id: string } }>(
      '/reports/:id',
      { config: { access: { permission: 'context:read' } } },
      async (request) => {
        const { rows: found } = await ctx.db.query<Record<string, string | null>>(
          'SELECT * FROM test_report WHERE id = $1',
          [request.params.id],
        );
        const row = found[0] ?? {};
        const values = {
          reporterName: row['reporter_name'] ?? null,
          reporterPhone: row['reporter_phone'] ?? null,
          description: row['description'] ?? null,
        };
        const [shown] = await pd.reveal(readerOf(request), 'test-reports', reports.fields, [
          { id: request.params.id, tenant: '', values },
        ]);
        return shown;
      },
    );
    await service.ready();
    try {
      const forViewer = await service.inject({ method: 'GET', url: `/reports/${reportId}`, headers: viewer.auth });
      assert.equal(forViewer.statusCode, 200, forViewer.body);
      assert.deepEqual(forViewer.json(), {
        reporterName: 'N. V. A.',
        reporterPhone: '09******78',
        description: '[hidden]',
      });
      assert.equal(
        (await auditOf('personal-data.read')).filter((r) => r.target === `test-reports:${reportId}`).length,
        0,
        'a masked read is not a read of personal data',
      );
      const forAdmin = await service.inject({ method: 'GET', url: `/reports/${reportId}`, headers: admin.auth });
      assert.deepEqual(forAdmin.json(), {
        reporterName: 'Nguyễn Văn An',
        reporterPhone: '+84 912 345 678',
        description: 'Rác thải trước nhà số 12 Hàng Bông',
      });
      const audited = (await auditOf('personal-data.read')).find((r) => r.target === `test-reports:${reportId}`);
      assert.equal(audited?.actor_name, admin.username);
      assert.deepEqual(audited?.detail['fields'], ['reporterName', 'reporterPhone', 'description']);
    } finally {
      await service.close();
    }
  });

  it('records consent per purpose as a ledger: given, then withdrawn', async () => {
    for (const given of [true, false]) {
      const res = await inject('POST', '/api/v1/personal-data/consents', officer, {
        subject: { phone: '0912345678' },
        purpose: 'sms-air-quality-alerts',
        given,
        evidence: given ? 'Form 12/2026 signed at Hoàn Kiếm ward' : 'Call 2026-12-03 10:02, recording 77',
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const state = await inject('POST', '/api/v1/personal-data/consents/lookup', officer, {
      subject: { phone: '+84 912 345 678' },
    });
    const body = state.json<{ current: { purpose: string; given: boolean }[]; history: { evidence: string }[] }>();
    assert.deepEqual(
      body.current.map((c) => [c.purpose, c.given]),
      [['sms-air-quality-alerts', false]],
    );
    assert.equal(body.history.length, 2);
    assert.match(body.history[0]?.evidence ?? '', /Form 12\/2026/);
  });

  it('handles an erasure request: found by phone across modules, exported, erased, with a 72-hour deadline', async () => {
    const bad = await inject('POST', '/api/v1/personal-data/requests', officer, { kind: 'erasure', subject: {} });
    assert.equal(problemOf(bad).code, 'SUBJECT_REQUIRED');
    const refused = await inject('POST', '/api/v1/personal-data/requests', viewer, {
      kind: 'erasure',
      subject: { phone: '0912345678' },
    });
    assert.equal(refused.statusCode, 403);

    const created = await inject('POST', '/api/v1/personal-data/requests', officer, {
      kind: 'erasure',
      subject: { phone: '84912345678' },
      note: 'Asked at the ward office',
    });
    assert.equal(created.statusCode, 201, created.body);
    const request = created.json<{ id: string; status: string; subject: string; receivedAt: string; dueAt: string }>();
    assert.equal(request.status, 'received');
    assert.equal(request.subject, '09******78', 'an officer without pii:read sees the number masked');
    assert.equal(Date.parse(request.dueAt) - Date.parse(request.receivedAt), 72 * 3600_000);

    const exported = await inject('GET', `/api/v1/personal-data/requests/${request.id}/export`, officer);
    assert.equal(exported.statusCode, 200, exported.body);
    const data = exported.json<{
      sources: Record<string, Record<string, string>[]>;
      consents: { history: unknown[] };
    }>();
    assert.deepEqual(
      data.sources['accounts']?.map((r) => r['displayName']),
      ['Nguyễn Văn An'],
    );
    assert.deepEqual(
      data.sources['test-reports']?.map((r) => r['reporterPhone']),
      ['+84 912 345 678'],
    );
    assert.equal(data.consents.history.length, 2);
    assert.equal((await auditOf('personal-data.export'))[0]?.target, `request:${request.id}`);

    const erased = await inject('POST', `/api/v1/personal-data/requests/${request.id}/erase`, officer);
    assert.equal(erased.statusCode, 200, erased.body);
    assert.equal(erased.json<{ status: string }>().status, 'completed');
    assert.deepEqual(erased.json<{ result: unknown }>().result, {
      accounts: { erased: 0, anonymised: 1 },
      'test-reports': { erased: 1, anonymised: 0 },
      // Every module declaring personal data is searched; the emergency centre has no call from them.
      'emergency-calls': { erased: 0, anonymised: 0 },
      // Dispatchers' notes are filed under no person: a request finds none.
      'emergency-notes': { erased: 0, anonymised: 0 },
      'reports-contacts': { erased: 0, anonymised: 0 },
      'reports-messages': { erased: 0, anonymised: 0 },
      // Officers' words on a person's reports are found by the phone on the report: they made none.
      'reports-notes': { erased: 0, anonymised: 0 },
      'reports-push': { erased: 0, anonymised: 0 },
      // The platform's outbox of messages to people: none was sent to them.
      messages: { erased: 0, anonymised: 0 },
      // Online public services: no dossier of theirs, no applicant session.
      'services-applicants': { erased: 0, anonymised: 0 },
      'services-dossiers': { erased: 0, anonymised: 0 },
    });
    const account = (await inject('GET', `/api/v1/users/${citizen.id}`, admin)).json<UserBody>();
    assert.deepEqual([account.displayName, account.phone, account.email], ['', null, null]);
    const { rows } = await ctx.db.query('SELECT 1 FROM test_report WHERE id = $1', [reportId]);
    assert.equal(rows.length, 0);
    const again = await inject('POST', `/api/v1/personal-data/requests/${request.id}/erase`, officer);
    assert.equal(problemOf(again).code, 'REQUEST_CLOSED');
  });

  it('rotates the master key: data keys re-wrapped, values readable under the new key only', async () => {
    const pd = app.personalData;
    const sealed = await pd.seal('', 'Trần Thị Bình');
    const oldKey = loadMasterKeys(testConfig(), silentLog).current;
    const newKey = randomBytes(32);
    const audit = new AuditTrail(ctx.db, silentLog);
    const done = await rotateMasterKey(ctx.db, { current: newKey, previous: oldKey });
    assert.ok(done.rewrapped >= 2, 'the tenant data key and the index key');
    const afterRotation = new PersonalData(ctx.db, { current: newKey }, audit, silentLog);
    assert.equal(await afterRotation.open(sealed), 'Trần Thị Bình');
    const stale = new PersonalData(ctx.db, { current: oldKey }, audit, silentLog);
    await assert.rejects(stale.open(sealed), /PERSONAL_DATA_KEY/);
    assert.equal((await rotateMasterKey(ctx.db, { current: newKey, previous: oldKey })).rewrapped, 0);
    // Back, so the rest of this database's users keep working.
    await rotateMasterKey(ctx.db, { current: oldKey, previous: newKey });
    await audit.stop();
  });
});

describeEachDriver('thanglong keys rotate', (ctx) => {
  it('re-wraps the data keys under the new master key; the data reads with the new key alone', async () => {
    const t = await createTestDatabase(ctx.driver, { open: false });
    const open = () => (t.dataDir ? openPglite(t.dataDir) : openPostgres(t.url as string, 4, silentLog));
    const where: Record<string, string> = t.dataDir
      ? { DATA_DIR: dirname(t.dataDir) }
      : { DATABASE_URL: t.url as string };
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    try {
      let db = await open();
      let app = await buildTestApp(db, { PERSONAL_DATA_KEY: oldKey });
      const admin = await accountWith(app, ['admin'], '*');
      await app.http.close();
      await db.close();

      const missing = await runCli(['keys', 'rotate'], { ...where, PERSONAL_DATA_KEY: newKey });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /PERSONAL_DATA_KEY_PREVIOUS/);
      const rotated = await runCli(['keys', 'rotate'], {
        ...where,
        PERSONAL_DATA_KEY: newKey,
        PERSONAL_DATA_KEY_PREVIOUS: oldKey,
      });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /Re-wrapped [1-9]\d* data key\(s\)/);

      db = await open();
      const { rows } = await db.query<{ actor_name: string }>(
        `SELECT actor_name FROM audit_record WHERE action = 'cli.keys-rotate'`,
      );
      assert.deepEqual(rows, [{ actor_name: 'cli' }], 'the rotation is in the audit trail');
      app = await buildTestApp(db, { PERSONAL_DATA_KEY: newKey });
      const me = await app.http.inject({ method: 'GET', url: `/api/v1/users/${admin.id}`, headers: admin.auth });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json<UserBody>().displayName, admin.username, 'readable under the new key alone');
      await app.http.close();
      await db.close();
    } finally {
      await t.dispose();
    }
  });
});
