import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import type { EntityChange } from '../platform/bus.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

const enc = encodeURIComponent;
const lamp = (n: number, ward: string) => ({
  id: `urn:ngsi-ld:Streetlight:HK-${n}`,
  type: 'Streetlight',
  ward: { type: 'Property', value: ward },
  powerState: { type: 'Property', value: 'on' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.85 + n / 1000, 21.03] } },
});

describeEachDriver('NGSI-LD purge (DELETE /entities)', (ctx) => {
  let app: App;
  let operator: Account;
  const changes: EntityChange[] = [];
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    app.bus.subscribe('context.entity', (e) => changes.push(e));
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const create = async (...bodies: unknown[]) => {
    for (const body of bodies) assert.equal((await call('POST', '/entities', { body })).statusCode, 201);
  };
  const keyValues = async (n: number) => {
    const res = await call('GET', `/entities/${enc(lamp(n, '').id)}?options=keyValues`);
    return res.statusCode === 200 ? res.json<Record<string, unknown>>() : undefined;
  };

  it('refuses a purge that selects nothing, or keeps and drops at once (400, nothing deleted)', async () => {
    await create(lamp(1, 'HangTrong'));
    for (const query of ['', '?type=Streetlight&keep=ward&drop=powerState', '?local=false']) {
      const res = await call('DELETE', `/entities${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
    assert.ok(await keyValues(1), 'await keyValues(1)');
  });

  it('deletes the entities a type, id or q selects, and tells the bus', async () => {
    await create(lamp(2, 'HangTrong'), lamp(3, 'HangBac'), lamp(4, 'HangBac'));
    changes.length = 0;
    assert.equal((await call('DELETE', `/entities?type=Streetlight&q=${enc('ward=="HangBac"')}`)).statusCode, 204);
    assert.equal(await keyValues(3), undefined);
    assert.equal(await keyValues(4), undefined);
    assert.ok(await keyValues(2), 'await keyValues(2)');
    assert.deepEqual(changes.map((c) => [c.kind, c.entityId]).sort(), [
      ['deleted', lamp(3, '').id],
      ['deleted', lamp(4, '').id],
    ]);
    assert.equal((await call('DELETE', `/entities?id=${enc(lamp(2, '').id)}&type=Streetlight`)).statusCode, 204);
    assert.equal(await keyValues(2), undefined);
    assert.ok(await keyValues(1), 'await keyValues(1)');
  });

  it('drop removes only the attributes named; keep removes all others; the entities stay', async () => {
    await create(lamp(5, 'HangGai'), lamp(6, 'HangGai'));
    assert.equal((await call('DELETE', '/entities?type=Streetlight&drop=powerState,location')).statusCode, 204);
    assert.deepEqual(await keyValues(5), { id: lamp(5, '').id, type: 'Streetlight', ward: 'HangGai' });
    const near = await call(
      'GET',
      `/entities?type=Streetlight&georel=${enc('near;maxDistance==50000')}&geometry=Point&coordinates=[105.85,21.03]`,
    );
    assert.deepEqual(near.json(), [], 'a dropped location is no longer found by a geo-query');
    assert.equal((await call('DELETE', `/entities?id=${enc(lamp(6, '').id)}&keep=powerState`)).statusCode, 204);
    assert.deepEqual(await keyValues(6), { id: lamp(6, '').id, type: 'Streetlight' });
  });

  it('local=true alone purges every entity of the tenant', async () => {
    assert.equal((await call('DELETE', '/entities?local=true')).statusCode, 204);
    const left = await call('GET', '/entities?local=true');
    assert.deepEqual(left.json(), []);
  });
});
