import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildApp, type App } from '../../app.js';
import type { Database } from '../db/index.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, testConfig } from '../../../test/support/app.js';

describeEachDriver('health, metrics and API docs', (ctx) => {
  let app: App;
  before(async () => {
    app = await buildTestApp(ctx.db);
  });
  after(() => app.http.close());

  it('is live and ready, with the database checked', async () => {
    const live = await app.http.inject({ method: 'GET', url: '/health/live' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'up' });
    const ready = await app.http.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    const body = ready.json<{ status: string; checks: { database: { status: string; driver: string } } }>();
    assert.equal(body.status, 'up');
    assert.equal(body.checks.database.status, 'up');
    assert.equal(body.checks.database.driver, ctx.driver);
  });

  it('gives every response a request id, echoing a sane one from the caller', async () => {
    const given = await app.http.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'lb-7f3a' } });
    assert.equal(given.headers['x-request-id'], 'lb-7f3a');
    const hostile = await app.http.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'x\u0000'.repeat(200) },
    });
    assert.match(String(hostile.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics to monitoring, counting requests by route', async () => {
    const anonymous = await app.http.inject({ method: 'GET', url: '/metrics' });
    assert.equal(anonymous.statusCode, 401);
    const monitor = await accountWith(app, ['monitor']);
    await app.http.inject({ method: 'GET', url: '/health/live' });
    const res = await app.http.inject({ method: 'GET', url: '/metrics', headers: monitor.auth });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.body, /thanglong_http_requests_total\{method="GET",route="\/health\/live",status_code="200"/);
    assert.match(res.body, /thanglong_http_request_duration_seconds_bucket\{/);
    assert.match(res.body, new RegExp(`thanglong_db_pool_connections\\{driver="${ctx.driver}",state="max"`));
    // Notification delivery, for alerting on receivers that stay down.
    assert.match(res.body, /^thanglong_notifications_delivered_total\{[^}]*\} \d+$/m);
    assert.match(res.body, /^thanglong_notification_delivery\{state="backing_off"[^}]*\} \d+$/m);
    assert.match(res.body, /thanglong_process_resident_memory_bytes/);
    const viewer = await accountWith(app, ['viewer']);
    const forbidden = await app.http.inject({ method: 'GET', url: '/metrics', headers: viewer.auth });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(problemOf(forbidden).code, 'FORBIDDEN');
  });

  it('publishes an OpenAPI 3.1 document generated from the routes, and browsable docs', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/health/ready',
      '/metrics',
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/api-keys',
      '/api/v1/environment/air-quality/stations',
      '/api/v1/environment/air-quality/daily',
      '/api/v1/alarms',
      '/api/v1/alarms/{id}/acknowledge',
      '/api/v1/warnings/cap.atom',
      '/api/v1/warnings/cap/{identifier}',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    assert.equal(doc.paths['/api/v1/warnings']?.['get']?.security, undefined, 'public warnings need no login');
    assert.ok(doc.paths['/api/v1/users']?.['post']?.requestBody, 'request bodies come from the schemas');
    assert.deepEqual(doc.paths['/api/v1/users']?.['get']?.security, [{ bearerAuth: [] }, { apiKey: [] }]);
    assert.equal(doc.paths['/health/live']?.['get']?.security, undefined, 'public routes need no credentials');
    assert.ok(doc.components.securitySchemes['bearerAuth'], "doc.components.securitySchemes['bearerAuth']");
    // Each operation says how it fails, as problem+json: an integrator's client knows the shape of a refusal.
    type Answer = { content?: Record<string, { schema?: { $ref?: string } }> };
    const answers = (path: string, method: string) =>
      (doc.paths[path]?.[method] as { responses?: Record<string, Answer> } | undefined)?.responses ?? {};
    const userById = answers('/api/v1/users/{id}', 'get');
    for (const status of ['400', '401', '403', '404', '500', '503']) {
      const schema = userById[status]?.content?.['application/problem+json']?.schema;
      assert.equal(schema?.$ref, '#/components/schemas/Problem', `GET /api/v1/users/{id} documents ${status}`);
    }
    assert.ok(userById['200'], 'the success answer stays');
    const live = answers('/health/live', 'get');
    assert.equal(live['401'], undefined, 'a public route asks no credentials, so it documents no 401');
    assert.equal(live['403'], undefined, 'nor a 403');
    const problemSchema = (doc.components as { schemas?: Record<string, { required?: string[] }> }).schemas?.[
      'Problem'
    ];
    assert.deepEqual(problemSchema?.required, ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId']);
    const docs = await app.http.inject({ method: 'GET', url: '/docs' });
    assert.ok([200, 302].includes(docs.statusCode), '[200, 302].includes(docs.statusCode)');
    const page = await app.http.inject({ method: 'GET', url: '/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/i);
  });
});

describeEachDriver('metrics opened to anonymous monitoring by configuration', (ctx) => {
  let app: App;
  before(async () => {
    app = await buildTestApp(ctx.db, { AUTH_ANONYMOUS_READ: 'metrics' });
  });
  after(() => app.http.close());

  it('lets an anonymous scraper read metrics, in the default tenant only', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    const otherTenant = await app.http.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'ngsild-tenant': 'hanoi_water' },
    });
    assert.equal(otherTenant.statusCode, 401);
  });

  it('still refuses anonymous management of accounts', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/users' });
    assert.equal(res.statusCode, 401);
  });
});

describeEachDriver('liveness while the database does not answer', (ctx) => {
  let app: App;
  let stalled = false;
  const release: (() => void)[] = [];
  /** The test database, except that while `stalled` every statement waits (a heavy query, a full pool). */
  const stalling = (): Database => {
    const wait = async () => {
      while (stalled) await new Promise<void>((resolve) => release.push(resolve));
    };
    return {
      ...ctx.db,
      driver: ctx.db.driver,
      poolStats: () => ctx.db.poolStats(),
      query: async (text, params) => {
        await wait();
        return ctx.db.query(text, params);
      },
      exec: async (script) => {
        await wait();
        return ctx.db.exec(script);
      },
      transaction: async (work) => {
        await wait();
        return ctx.db.transaction(work);
      },
      ping: async () => {
        await wait();
        return ctx.db.ping();
      },
    };
  };
  before(async () => {
    app = await buildApp(testConfig(), { db: stalling(), log: silentLog });
  });
  after(async () => {
    stalled = false;
    release.splice(0).forEach((go) => go());
    await app.http.close();
  });

  it('answers /health/live from the process alone, even to a probe sending credentials; /health/ready says down', async () => {
    stalled = true;
    for (const headers of [{}, { 'x-api-key': 'tl_probe-key-that-was-revoked' }, { authorization: 'Bearer x.y.z' }]) {
      const live = await app.http.inject({ method: 'GET', url: '/health/live', headers });
      assert.equal(live.statusCode, 200);
      assert.deepEqual(live.json(), { status: 'up' });
    }
    // Readiness asks the database, with its own deadline.
    const ready = await app.http.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal(problemOf(ready).code, 'DATABASE_UNAVAILABLE');
    stalled = false;
    release.splice(0).forEach((go) => go());
    assert.equal((await app.http.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
  });
});
