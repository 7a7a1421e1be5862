import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';

const lot = (n: number, free: number) => ({
  id: `urn:ngsi-ld:OffStreetParking:HN-P${n}`,
  type: 'OffStreetParking',
  availableSpotNumber: { type: 'Property', value: free },
  totalSpotNumber: { type: 'Property', value: 120 },
});

describeEachDriver('NGSI-LD batch operations', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  const batch = (operation: string, body: unknown, query = ''): Promise<LightMyRequestResponse> =>
    app.http.inject({
      method: 'POST',
      url: `/ngsi-ld/v1/entityOperations/${operation}${query}`,
      headers: { ...operator.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const free = async (n: number) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(lot(n, 0).id)}?options=keyValues`,
      headers: operator.auth,
    });
    return res.statusCode === 200 ? res.json<{ availableSpotNumber: number }>().availableSpotNumber : undefined;
  };

  it('creates many entities: 201 with their ids', async () => {
    const res = await batch('create', [lot(1, 10), lot(2, 20), lot(3, 30)]);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), [lot(1, 0).id, lot(2, 0).id, lot(3, 0).id]);
    assert.equal(await free(2), 20);
  });

  it('reports each failure (207) and still creates the good ones', async () => {
    const res = await batch('create', [lot(1, 99), lot(4, 40), { ...lot(5, 50), id: 'not a uri' }, lot(4, 41)]);
    assert.equal(res.statusCode, 207);
    const body = res.json<{ success: string[]; errors: { entityId: string; error: { type: string } }[] }>();
    assert.deepEqual(body.success, [lot(4, 0).id]);
    assert.deepEqual(
      body.errors.map((e) => [e.entityId, e.error.type.split('/').pop()]),
      [
        ['not a uri', 'BadRequestData'],
        [lot(4, 0).id, 'AlreadyExists'],
        [lot(1, 0).id, 'AlreadyExists'],
      ],
    );
    assert.equal(await free(1), 10, 'the existing entity is untouched');
    assert.equal(await free(4), 40);
  });

  it('upserts: creates the new (201), replaces the existing', async () => {
    const res = await batch('upsert', [lot(1, 11), lot(6, 60)]);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json(), [lot(6, 0).id]);
    assert.equal(await free(1), 11);
    const again = await batch('upsert', [lot(1, 12)]);
    assert.equal(again.statusCode, 204);
    const extended = await batch(
      'upsert',
      [{ id: lot(2, 0).id, type: 'OffStreetParking', status: { type: 'Property', value: 'open' } }],
      '?options=update',
    );
    assert.equal(extended.statusCode, 204, extended.body);
    assert.equal(await free(2), 20, 'update keeps the attributes not named');
  });

  it('updates and merges existing entities, and reports the missing ones', async () => {
    const res = await batch('update', [
      { id: lot(3, 0).id, availableSpotNumber: { type: 'Property', value: 31 } },
      { id: 'urn:ngsi-ld:OffStreetParking:missing', availableSpotNumber: { type: 'Property', value: 1 } },
    ]);
    assert.equal(res.statusCode, 207);
    assert.equal(res.json<{ errors: { error: { status: number } }[] }>().errors[0]?.error.status, 404);
    assert.equal(await free(3), 31);
    const merged = await batch('merge', [{ id: lot(3, 0).id, availableSpotNumber: 32 }]);
    assert.equal(merged.statusCode, 204, merged.body);
    assert.equal(await free(3), 32);
  });

  it('queries with a Query document: several selectors, attrs and q', async () => {
    const res = await batch(
      'query',
      {
        type: 'Query',
        entities: [{ id: lot(3, 0).id }, { idPattern: 'HN-P[46]$', type: 'OffStreetParking' }],
        attrs: ['availableSpotNumber'],
        q: 'availableSpotNumber>=32',
      },
      '?options=keyValues&count=true',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['ngsild-results-count'], '3');
    assert.deepEqual(
      res.json<{ id: string; availableSpotNumber: number }[]>().map((e) => [e.id, e.availableSpotNumber]),
      [
        [lot(3, 0).id, 32],
        [lot(4, 0).id, 40],
        [lot(6, 0).id, 60],
      ],
    );
    const bad = await batch('query', { entities: [] });
    assert.equal(bad.statusCode, 400);
    const badGeo = await batch('query', {
      type: 'Query',
      geoQ: { georel: 5, geometry: 'Point', coordinates: [105.8, 21] },
    });
    assert.equal(badGeo.statusCode, 400);
    assert.match(badGeo.json<{ detail: string }>().detail, /geoQ member georel must be a string/);
    const near = await batch('query', {
      type: 'Query',
      geoQ: { georel: 'near;maxDistance==100', geometry: 'Point', coordinates: [105.8, 21] },
    });
    assert.equal(near.statusCode, 200, near.body);
  });

  it('deletes by id: 204, or 207 naming the ones that did not exist', async () => {
    assert.equal((await batch('delete', [lot(5, 0).id])).statusCode, 207);
    const res = await batch('delete', [lot(1, 0).id, lot(2, 0).id]);
    assert.equal(res.statusCode, 204);
    assert.equal(await free(1), undefined);
  });

  it("makes one entity's @context problem that entity's error (207), not the whole batch's", async () => {
    const ld = (body: unknown) =>
      app.http.inject({
        method: 'POST',
        url: '/ngsi-ld/v1/entityOperations/create',
        headers: { ...operator.auth, 'content-type': 'application/ld+json' },
        payload: JSON.stringify(body),
      });
    const core = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
    const withContext = (n: number, context: unknown) => ({ ...lot(n, n), '@context': context });
    const res = await ld([
      withContext(20, core),
      lot(21, 21),
      withContext(22, 'http://127.0.0.1:9/never.jsonld'),
      withContext(23, [core]),
    ]);
    assert.equal(res.statusCode, 207, res.body);
    const body = res.json<{ success: string[]; errors: { entityId: string; error: { type: string } }[] }>();
    assert.deepEqual(body.success, [lot(20, 0).id, lot(23, 0).id]);
    assert.deepEqual(
      body.errors.map((e) => [e.entityId, e.error.type.split('/').pop()]),
      [
        [lot(21, 0).id, 'BadRequestData'],
        [lot(22, 0).id, 'LdContextNotAvailable'],
      ],
    );
    const json = await batch('create', [lot(24, 24), withContext(25, core)]);
    assert.equal(json.statusCode, 207, json.body);
    assert.deepEqual(json.json<{ success: string[] }>().success, [lot(24, 0).id]);
    assert.equal(await free(25), undefined);
  });

  it('rejects a body that is not a batch', async () => {
    for (const body of [{}, [], 'x']) {
      const res = await batch('create', body);
      assert.equal(res.statusCode, 400, res.body);
    }
  });
});
