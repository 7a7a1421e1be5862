import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

/**
 * How the NGSI-LD API reads a request before any rule of the broker applies: the query parameters
 * each route takes, which error a malformed request gets (InvalidRequest) and that it comes before
 * any lookup, paths naming no id, methods a path does not take, and the media types of answers.
 */

const lake = 'urn:ngsi-ld:WaterBody:HN-HoanKiem';
const enc = encodeURIComponent;
const hoanKiemLake = {
  id: lake,
  type: 'WaterBody',
  name: { type: 'Property', value: 'Hồ Hoàn Kiếm' },
  waterLevel: { type: 'Property', value: 1.2, unitCode: 'MTR', observedAt: '2026-12-01T08:00:00Z' },
};

describeEachDriver('NGSI-LD requests: parameters, paths, methods and media types', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    const created = await call('POST', '/entities', { body: hoanKiemLake });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(() => app.http.close());
  const call = ngsiCaller(
    () => app,
    () => operator,
  );

  it('refuses a query parameter a route does not take with InvalidRequest naming it, and changes nothing', async () => {
    const refused = [
      ['GET', '/entities?type=WaterBody&csf=x'],
      ['GET', `/entities/${enc(lake)}?orderBy=id`],
      ['GET', '/types?colour=blue'],
      ['GET', '/subscriptions?colour=blue'],
      ['GET', '/temporal/entities?type=WaterBody&colour=blue'],
      ['DELETE', `/entities/${enc(lake)}?colour=blue`],
    ] as const;
    for (const [method, url] of refused) {
      const res = await call(method, url);
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'InvalidRequest', url);
      assert.match(problemOf(res).detail, /"(csf|orderBy|colour)"/);
    }
    const create = await call('POST', '/entities?colour=blue', { body: { ...hoanKiemLake, id: `${lake}-2` } });
    assert.equal(ngsiErrorType(create), 'InvalidRequest');
    assert.equal((await call('GET', `/entities/${enc(`${lake}-2`)}`)).statusCode, 404, 'nothing was created');
    assert.equal((await call('GET', `/entities/${enc(lake)}`)).statusCode, 200, 'nothing was deleted');
  });

  it('takes local=true: this broker answers only with what it holds', async () => {
    const res = await call('GET', '/entities?type=WaterBody&local=true');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json<{ id: string }[]>().map((e) => e.id),
      [lake],
    );
    assert.equal((await call('GET', '/temporal/entities?type=WaterBody&local=true')).statusCode, 200);
  });

  it('checks parameters before looking the entity up: a bad format or option is InvalidRequest, not 404', async () => {
    const missing = enc('urn:ngsi-ld:WaterBody:nowhere');
    for (const query of ['format=invalidFormat', 'options=invalidOptions', 'options=keyValues,invalid']) {
      for (const path of [`/entities/${missing}`, `/temporal/entities/${missing}`]) {
        const res = await call('GET', `${path}?${query}`);
        assert.equal(res.statusCode, 400, `${path}?${query}: ${res.body}`);
        assert.equal(ngsiErrorType(res), 'InvalidRequest');
      }
    }
    const temporalQuery = await call('GET', '/temporal/entities?type=WaterBody&format=invalidFormat');
    assert.equal(ngsiErrorType(temporalQuery), 'InvalidRequest');
  });

  it('refuses an empty body, or one that is not a JSON object where an entity belongs, with InvalidRequest', async () => {
    const empty = await call('POST', '/entities', { headers: { 'content-type': 'application/ld+json' } });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(ngsiErrorType(empty), 'InvalidRequest');
    const list = await call('POST', '/entities', { body: [], headers: { 'content-type': 'application/ld+json' } });
    assert.equal(ngsiErrorType(list), 'InvalidRequest');
    const temporal = await call('POST', '/temporal/entities', { headers: { 'content-type': 'application/json' } });
    assert.equal(ngsiErrorType(temporal), 'InvalidRequest');
    const attrs = await call('POST', `/entities/${enc(lake)}/attrs`, {
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(ngsiErrorType(attrs), 'InvalidRequest');
  });

  it('answers 400 for a path naming no id, and 405 with Allow for a method the path does not take', async () => {
    for (const [method, url] of [
      ['POST', '/entities//attrs'],
      ['DELETE', '/entities//attrs/waterLevel'],
      ['PATCH', '/temporal/entities//attrs/waterLevel/urn:ngsi-ld:Instance:1'],
    ] as const) {
      const res = await call(method, url, method === 'DELETE' ? {} : { body: { value: 1 } });
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
    const cases = [
      ['DELETE', `/entities/${enc(lake)}/attrs/`, 'PATCH, POST'],
      ['DELETE', '/temporal/entities/', 'GET, HEAD, POST'],
      ['PATCH', '/subscriptions/', 'GET, HEAD, POST'],
      ['PUT', '/entities', 'DELETE, GET, HEAD, POST'],
    ] as const;
    for (const [method, url, allow] of cases) {
      const res = await call(method, url, method === 'DELETE' ? {} : { body: {} });
      assert.equal(res.statusCode, 405, `${method} ${url}: ${res.body}`);
      assert.equal(res.headers['allow'], allow, url);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(problemOf(res).code, 'METHOD_NOT_ALLOWED');
    }
    const noBody = await call('DELETE', `/entities/${enc(lake)}/attrs/?deleteAll=false`, {
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(noBody.statusCode, 405, `a body-less DELETE naming JSON: ${noBody.body}`);
    assert.equal((await call('GET', `/entities/${enc(lake)}`)).statusCode, 200, 'the entity is still there');
  });

  it('answers with the NGSI-LD media types as such, without a charset parameter', async () => {
    const json = await call('GET', `/entities/${enc(lake)}`);
    assert.equal(json.headers['content-type'], 'application/json');
    const jsonLd = await call('GET', `/entities/${enc(lake)}`, { headers: { accept: 'application/ld+json' } });
    assert.equal(jsonLd.headers['content-type'], 'application/ld+json');
    const temporal = await call('GET', `/temporal/entities/${enc(lake)}`);
    assert.equal(temporal.headers['content-type'], 'application/json');
  });

  it('describes every NGSI-LD route in /openapi.json: its parameters and its answers', async () => {
    const doc = (await app.http.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: object }>>;
    }>();
    const ngsi = Object.entries(doc.paths).filter(([path]) => path.startsWith('/ngsi-ld/v1/'));
    assert.ok(ngsi.length >= 20, 'the NGSI-LD routes are listed');
    const query = doc.paths['/ngsi-ld/v1/entities']?.['get'];
    const names = (query?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    for (const name of ['type', 'q', 'georel', 'limit', 'count', 'options', 'local', 'join', 'orderBy'])
      assert.ok(names.includes(name), name);
    assert.ok(!names.includes('csf'), 'csf is not offered: it is not supported');
    for (const [path, operations] of ngsi) {
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(
          Object.keys(operation.responses).some((s) => s.startsWith('2')),
          `${method} ${path} says what it answers`,
        );
      }
    }
  });

  it('refuses an unknown query parameter on the platform API too, as problem+json with a stable code', async () => {
    const res = await app.http.inject({ url: '/health/live?verbose=1' });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(problemOf(res).code, 'UNKNOWN_QUERY_PARAMETER');
    assert.match(problemOf(res).detail, /"verbose"/);
    const wrongMethod = await app.http.inject({ method: 'DELETE', url: '/health/live' });
    assert.equal(wrongMethod.statusCode, 405);
    assert.equal(wrongMethod.headers['allow'], 'GET, HEAD');
    assert.equal((await app.http.inject({ url: '/health/live' })).statusCode, 200);
  });
});
