import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { defineModule } from '../../platform/modules.js';
import { cityModules } from '../index.js';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from './hanoi-procedures.js';
import { procedureRoutes } from './procedures-routes.js';
import { PROCEDURE_ERRORS, ProcedureCatalogue, type NewProcedure, type ProcedureSummary } from './procedures.js';
import type { Agency, Procedure } from './model.js';

/**
 * The catalogue's HTTP API: the public list (searched with or without marks), a procedure's page and
 * the agencies, for the default tenant only; admins' changes (401 without a login, 403 for other roles),
 * each a new version, a procedure with problems refused with the list of them and nothing saved; every
 * route with its response in the API document.
 *
 * The services module's definition belongs to the dossiers' part: this test mounts the catalogue's
 * routes in a module of the same name and permissions.
 */

const servicesForTest = defineModule({
  name: 'services',
  permissions: {
    'services:read': ['admin', 'officer', 'operator', 'viewer'],
    'services:handle': ['admin', 'officer'],
    'services:catalogue': ['admin'],
  },
  errors: PROCEDURE_ERRORS,
  async create({ db }) {
    const catalogue = new ProcedureCatalogue({ db });
    await catalogue.seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
    return {
      provides: catalogue,
      async routes(app) {
        await app.register(procedureRoutes, { catalogue });
      },
    };
  },
});

const BASE = '/api/v1/services';
const BIRTH = HANOI_PROCEDURES.find((p) => p.code === '1.001193') as NewProcedure;
const NEW: NewProcedure = {
  ...BIRTH,
  code: '1.004884',
  name: { vi: 'Đăng ký lại khai sinh', en: 'Re-registration of a birth' },
  limitDays: 5,
  steps: BIRTH.steps.map((s) => (s.code === 'handle' ? { ...s, days: 4.5 } : s)),
};

describeEachDriver('the procedures catalogue over HTTP', (ctx) => {
  let app: App;
  let admin: Account;
  let officer: Account;
  let viewer: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {}, [...cityModules.filter((m) => m.name !== 'services'), servicesForTest]);
    admin = await accountWith(app, ['admin']);
    officer = await accountWith(app, ['officer']);
    viewer = await accountWith(app, ['viewer']);
  });
  after(() => app.http.close());

  const list = async (query: string) => {
    const res = await app.http.inject({ method: 'GET', url: `${BASE}/procedures${query}` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ procedures: ProcedureSummary[] }>().procedures;
  };

  it('lists the procedures to anyone, found with or without marks', async () => {
    const all = await list('');
    assert.equal(all.length, HANOI_PROCEDURES.length);
    const birth = all.find((p) => p.code === '1.001193');
    assert.deepEqual(birth, {
      code: '1.001193',
      version: 1,
      name: BIRTH.name,
      field: BIRTH.field,
      level: 'commune',
      agency: BIRTH.agency,
      limitDays: 1,
      feeFromVnd: 0,
      onlineLevel: 'full',
    });
    assert.equal((await list('?q=dang%20ky%20khai%20sinh'))[0]?.code, '1.001193');
    assert.equal((await list(`?q=${encodeURIComponent('Đăng ký khai sinh')}`))[0]?.code, '1.001193');
    assert.deepEqual(
      (await list('?q=giay%20phep%20xay%20dung')).map((p) => p.code),
      ['HN.XD.GPXD-NO'],
    );
    assert.equal((await list('?field=ho%20tich')).length, 4);
    assert.deepEqual(
      (await list('?agency=cong-an-phuong-xa')).map((p) => p.code),
      ['HN.CA.XNCT'],
    );
    assert.equal((await list('?level=city')).length, 0);
    const bad = await app.http.inject({ method: 'GET', url: `${BASE}/procedures?level=district` });
    assert.equal(bad.statusCode, 400);
  });

  it('shows a procedure with its e-form, and says 404 for one it does not have', async () => {
    const res = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.001193` });
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json<Procedure>();
    assert.equal(p.version, 1);
    assert.deepEqual(p.form, BIRTH.form, 'the form comes whole, conditions included');
    assert.deepEqual(p.documents, BIRTH.documents);
    const missing = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/9.999999` });
    assert.equal(problemOf(missing).code, 'SERVICES_PROCEDURE_NOT_FOUND');
  });

  it('lists the agencies and the ward committees', async () => {
    const res = await app.http.inject({ method: 'GET', url: `${BASE}/agencies` });
    assert.equal(res.statusCode, 200);
    const agencies = res.json<{ agencies: Agency[] }>().agencies;
    assert.ok(
      agencies.some((a) => a.code === 'trung-tam-phvhcc' && a.level === 'city'),
      "agencies.some((a) => a.code === 'trung-tam-phvhcc' && a.level === 'city')",
    );
    assert.ok(
      agencies.some((a) => a.code === 'ward-00070' && a.name.vi === 'UBND phường Hoàn Kiếm'),
      "agencies.some((a) => a.code === 'ward-00070' && a.name.vi === 'UBND phường Hoàn Kiếm')",
    );
    // The wards' police are agencies to pick; the stand-ins for "the applicant's ward's" are not.
    assert.ok(
      agencies.some((a) => a.code === 'cong-an-00070' && a.name.vi === 'Công an phường Hoàn Kiếm'),
      "agencies.some((a) => a.code === 'cong-an-00070' && a.name.vi === 'Công an phường Hoàn Kiếm')",
    );
    assert.ok(
      !agencies.some((a) => a.code === 'cong-an-phuong-xa' || a.code === 'ubnd-phuong-xa'),
      "!agencies.some((a) => a.code === 'cong-an-phuong-xa' || a.code === 'ubnd-phuong-xa')",
    );
  });

  it('serves the public routes for the default tenant only', async () => {
    for (const url of [`${BASE}/procedures`, `${BASE}/procedures/1.001193`, `${BASE}/agencies`]) {
      const res = await app.http.inject({ method: 'GET', url, headers: { 'ngsild-tenant': 'elsewhere' } });
      assert.equal(res.statusCode, 404, url);
    }
  });

  it('lets only admins change the catalogue: 401 without a login, 403 for an officer, nothing saved', async () => {
    const anonymous = await app.http.inject({ method: 'POST', url: `${BASE}/procedures`, payload: NEW });
    assert.equal(problemOf(anonymous).status, 401);
    const byOfficer = await app.http.inject({
      method: 'POST',
      url: `${BASE}/procedures`,
      payload: NEW,
      headers: officer.auth,
    });
    assert.equal(problemOf(byOfficer).status, 403);
    const put = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.001193`,
      payload: BIRTH,
      headers: officer.auth,
    });
    assert.equal(problemOf(put).status, 403);
    const versions = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.001193/versions`,
      headers: officer.auth,
    });
    assert.equal(problemOf(versions).status, 403);
    assert.equal((await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.004884` })).statusCode, 404);
  });

  it('adds a procedure for an admin, once', async () => {
    const res = await app.http.inject({ method: 'POST', url: `${BASE}/procedures`, payload: NEW, headers: admin.auth });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['location'], `${BASE}/procedures/1.004884`);
    assert.equal(res.json<Procedure>().version, 1);
    assert.deepEqual(
      res.json<Procedure>().form,
      NEW.form,
      'conditions keep their types (a checkbox equals true, not "true")',
    );
    assert.equal((await list('?q=dang%20ky%20lai%20khai%20sinh'))[0]?.code, '1.004884');
    const again = await app.http.inject({
      method: 'POST',
      url: `${BASE}/procedures`,
      payload: NEW,
      headers: admin.auth,
    });
    assert.equal(problemOf(again).code, 'SERVICES_PROCEDURE_EXISTS');
  });

  it('refuses a procedure whose e-form has problems, listing them, saving nothing', async () => {
    const bad: NewProcedure = {
      ...NEW,
      code: '1.000001',
      form: {
        sections: [
          {
            id: 'main',
            title: { vi: 'Chính', en: 'Main' },
            fields: [
              { id: 'name', label: { vi: 'Tên', en: 'Name' }, type: 'text', pattern: '(a+)+$' },
              { id: 'name', label: { vi: 'Tên', en: 'Name' }, type: 'text' },
              { id: 'kind', label: { vi: 'Loại', en: 'Kind' }, type: 'select' },
              { id: 'later', label: { vi: 'Sau', en: 'Later' }, type: 'text', when: { field: 'after', filled: true } },
            ],
          },
        ],
      },
    };
    const res = await app.http.inject({ method: 'POST', url: `${BASE}/procedures`, payload: bad, headers: admin.auth });
    const problem = problemOf(res);
    assert.equal(problem.status, 400);
    assert.equal(problem.code, 'SERVICES_PROCEDURE_INVALID');
    const problems = problem['problems'] as string[];
    for (const pattern of [
      /nested quantifiers/,
      /"name" is used twice/,
      /needs 1 to 500 "options"/,
      /comes before it/,
    ]) {
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `${String(pattern)} in ${JSON.stringify(problems)}`,
      );
    }
    assert.equal((await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.000001` })).statusCode, 404);
    // A change to an existing procedure refused the same way: it stays at its version.
    const put = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.004884`,
      payload: { ...bad, code: '1.004884' },
      headers: admin.auth,
    });
    assert.equal(problemOf(put).code, 'SERVICES_PROCEDURE_INVALID');
    const versions = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.004884/versions`,
      headers: admin.auth,
    });
    assert.equal(versions.json<{ versions: unknown[] }>().versions.length, 1);
  });

  it('refuses a fee with bad page rates or cap, naming each problem, the procedure left at its version', async () => {
    const COPY = HANOI_PROCEDURES.find((p) => p.code === '2.000815') as NewProcedure;
    const good = COPY.fees[0]!;
    const before = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/2.000815` });
    const version = before.json<Procedure>().version;
    for (const [byCount, unitCapVnd, pattern] of [
      [{ field: 'originalPages', rates: [{ from: 3, amountVnd: 1000 }] }, 200_000, /rate 1: "from" must be 1/],
      [
        {
          field: 'originalPages',
          rates: [
            { from: 1, amountVnd: 2000 },
            { from: 1, amountVnd: 1000 },
          ],
        },
        200_000,
        /rate 2: "from" must be a whole number above the rate before's \(1\)/,
      ],
      [
        { field: 'originalPages', rates: [{ from: 1, amountVnd: -2000 }] },
        200_000,
        /rate 1: "amountVnd" must be whole đồng/,
      ],
      [{ field: 'originalPages', rates: [] }, 200_000, /must list 1 to 20 rates/],
      [
        { field: 'documentName', rates: [{ from: 1, amountVnd: 2000 }] },
        200_000,
        /"byCount.field" must name a number field/,
      ],
      [{ field: 'copies', rates: [{ from: 1, amountVnd: 2000 }] }, 200_000, /must differ from "perField"/],
      [good.byCount, 0, /"unitCapVnd" must be whole đồng above 0/],
    ] as const) {
      const res = await app.http.inject({
        method: 'PUT',
        url: `${BASE}/procedures/2.000815`,
        payload: { ...COPY, fees: [{ ...good, byCount, unitCapVnd }] },
        headers: admin.auth,
      });
      const problem = problemOf(res);
      assert.equal(problem.status, 400, res.body);
      assert.equal(problem.code, 'SERVICES_PROCEDURE_INVALID');
      const problems = problem['problems'] as string[];
      assert.ok(
        problems.some((x) => x.startsWith('fee phi-chung-thuc') && pattern.test(x)),
        `${String(pattern)} in ${JSON.stringify(problems)}`,
      );
    }
    const after = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/2.000815` });
    assert.equal(after.json<Procedure>().version, version, 'nothing saved');
    assert.deepEqual(after.json<Procedure>().fees, COPY.fees, 'the rates and cap are served as saved');
  });

  it('changes a procedure into a new version, keeping the old one readable', async () => {
    const changed = {
      ...NEW,
      limitDays: 6,
      steps: NEW.steps.map((s) => (s.code === 'handle' ? { ...s, days: 5.5 } : s)),
    };
    const res = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.004884`,
      payload: changed,
      headers: admin.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<Procedure>().version, 2);
    const same = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.004884`,
      payload: changed,
      headers: admin.auth,
    });
    assert.equal(same.json<Procedure>().version, 2, 'the same again makes no version');
    const versions = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.004884/versions`,
      headers: admin.auth,
    });
    assert.deepEqual(
      versions.json<{ versions: { version: number }[] }>().versions.map((v) => v.version),
      [1, 2],
    );
    const first = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.004884/versions/1`,
      headers: admin.auth,
    });
    assert.equal(first.json<Procedure>().limitDays, 5);
    // An officer reads the version a dossier was filed under (its form's questions), not the list of versions.
    const byOfficer = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.004884/versions/1`,
      headers: officer.auth,
    });
    assert.equal(byOfficer.statusCode, 200, byOfficer.body);
    assert.equal(byOfficer.json<Procedure>().limitDays, 5);
    const anonymousVersion = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.004884/versions/1` });
    assert.equal(problemOf(anonymousVersion).status, 401);
    const current = await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.004884` });
    assert.equal(current.json<Procedure>().limitDays, 6);
    const mismatch = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.001193`,
      payload: changed,
      headers: admin.auth,
    });
    assert.equal(problemOf(mismatch).code, 'SERVICES_PROCEDURE_INVALID');
    const absent = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/7.777777`,
      payload: { ...changed, code: '7.777777' },
      headers: admin.auth,
    });
    assert.equal(problemOf(absent).status, 404);
  });

  it('hides a withdrawn procedure from the public, not from its versions', async () => {
    const res = await app.http.inject({
      method: 'PUT',
      url: `${BASE}/procedures/1.004884`,
      payload: {
        ...NEW,
        limitDays: 6,
        steps: NEW.steps.map((s) => (s.code === 'handle' ? { ...s, days: 5.5 } : s)),
        published: false,
      },
      headers: admin.auth,
    });
    assert.equal(res.json<Procedure>().version, 2, 'withdrawing is no new version');
    assert.ok(
      !(await list('')).some((p) => p.code === '1.004884'),
      "!(await list('')).some((p) => p.code === '1.004884')",
    );
    assert.equal((await app.http.inject({ method: 'GET', url: `${BASE}/procedures/1.004884` })).statusCode, 404);
    const kept = await app.http.inject({
      method: 'GET',
      url: `${BASE}/procedures/1.004884/versions/2`,
      headers: admin.auth,
    });
    assert.equal(kept.json<Procedure>().published, false);
  });

  it('keeps a draft to those who manage the catalogue; other staff read what was offered', async () => {
    const read = (code: string, n: number, who: Account) =>
      app.http.inject({ method: 'GET', url: `${BASE}/procedures/${code}/versions/${n}`, headers: who.auth });
    // 1.004884: version 1 was published; version 2 is withdrawn (above) and no dossier was filed under it.
    for (const who of [officer, viewer]) {
      assert.equal((await read('1.004884', 1, who)).statusCode, 200);
      assert.equal(problemOf(await read('1.004884', 2, who)).code, 'SERVICES_PROCEDURE_NOT_FOUND');
    }
    assert.equal((await read('1.004884', 2, admin)).statusCode, 200);
    // A new procedure saved unpublished: a draft.
    const draft = await app.http.inject({
      method: 'POST',
      url: `${BASE}/procedures`,
      payload: { ...NEW, code: '1.009999', published: false },
      headers: admin.auth,
    });
    assert.equal(draft.statusCode, 201, draft.body);
    assert.equal(problemOf(await read('1.009999', 1, officer)).status, 404);
    assert.equal((await read('1.009999', 1, admin)).json<Procedure>().published, false);
    // A dossier filed under version 2 while it was offered: the officers handling it read its form still.
    await ctx.db.query(
      `INSERT INTO services_dossiers (tenant, code, procedure_code, procedure_version, limit_days, electronic_result,
         online_level, agency, state, channel, language, applicant_kind, applicant_name, fee_state, submitted_at,
         queue_at, updated_at, decided_by)
       VALUES ('', 'H26.261207.00001', '1.004884', 2, 6, false, 'partial', 'trung-tam-phvhcc', 'submitted', 'online',
         'vi', 'citizen', 'sealed', 'none', now(), now(), now(), 'trung-tam-phvhcc')`,
    );
    assert.equal((await read('1.004884', 2, officer)).json<Procedure>().version, 2);
  });

  it('records each admin write in the audit trail', async () => {
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ action: string; target: string; outcome: number }>(
      `SELECT action, target, outcome FROM audit_record WHERE action LIKE '% /api/v1/services/procedures%' ORDER BY id`,
    );
    assert.ok(
      rows.some((r) => r.action === 'POST /api/v1/services/procedures' && r.outcome === 201 && r.target === '1.004884'),
      "rows.some((r) => r.action === 'POST /api/v1/services/procedures' && r.outcome === 201 && r.target === '1.004884')",
    );
    assert.ok(
      rows.some((r) => r.action === 'PUT /api/v1/services/procedures/:code' && r.outcome === 200),
      "rows.some((r) => r.action === 'PUT /api/v1/services/procedures/:code' && r.outcome === 200)",
    );
    assert.ok(
      rows.some((r) => r.outcome === 403),
      'refusals too',
    );
  });

  it('documents every route with its response', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }>; security?: unknown }>>;
    }>();
    const routes: [string, string][] = [
      ['/api/v1/services/procedures', 'get'],
      ['/api/v1/services/procedures', 'post'],
      ['/api/v1/services/procedures/{code}', 'get'],
      ['/api/v1/services/procedures/{code}', 'put'],
      ['/api/v1/services/procedures/{code}/versions', 'get'],
      ['/api/v1/services/procedures/{code}/versions/{n}', 'get'],
      ['/api/v1/services/agencies', 'get'],
    ];
    for (const [path, method] of routes) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path} is documented`);
      const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'));
      assert.ok(ok?.[1].content, `${method} ${path} describes its answer`);
    }
    assert.equal(doc.paths['/api/v1/services/procedures']?.['get']?.security, undefined, 'the list needs no login');
  });
});
