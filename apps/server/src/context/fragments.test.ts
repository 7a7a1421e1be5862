import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

const enc = encodeURIComponent;
let serial = 0;

describeEachDriver('NGSI-LD fragments: scope, types and refusals of append and update', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  /** A new bin, with these scopes; returns its path. */
  const bin = async (scope?: string | string[]) => {
    const id = `urn:ngsi-ld:WasteContainer:HK-${++serial}`;
    const res = await call('POST', '/entities', {
      body: { id, type: 'WasteContainer', fillingLevel: 0.4, ...(scope ? { scope } : {}) },
    });
    assert.equal(res.statusCode, 201, res.body);
    return `/entities/${enc(id)}`;
  };
  const read = async (path: string) => (await call('GET', `${path}?options=keyValues`)).json<Record<string, unknown>>();

  it('append replaces the scope, or adds to it with noOverwrite', async () => {
    const path = await bin('/Hanoi/HoanKiem');
    assert.equal((await call('POST', `${path}/attrs`, { body: { scope: '/Hanoi/BaDinh' } })).statusCode, 204);
    assert.equal((await read(path))['scope'], '/Hanoi/BaDinh');
    const kept = await call('POST', `${path}/attrs?options=noOverwrite`, { body: { scope: '/Hanoi/TayHo' } });
    assert.equal(kept.statusCode, 204, kept.body);
    assert.deepEqual((await read(path))['scope'], ['/Hanoi/BaDinh', '/Hanoi/TayHo']);
  });

  it('update replaces an existing scope; an entity without one reports it (207) and is unchanged', async () => {
    const scoped = await bin(['/Hanoi/HoanKiem', '/Hanoi/Old']);
    assert.equal((await call('PATCH', `${scoped}/attrs`, { body: { scope: '/Hanoi/BaDinh' } })).statusCode, 204);
    assert.equal((await read(scoped))['scope'], '/Hanoi/BaDinh');
    const bare = await bin();
    const res = await call('PATCH', `${bare}/attrs`, { body: { scope: '/Hanoi/BaDinh', fillingLevel: 0.9 } });
    assert.equal(res.statusCode, 207, res.body);
    assert.deepEqual(res.json(), {
      updated: ['fillingLevel'],
      notUpdated: [{ attributeName: 'scope', reason: 'The entity has no scope.' }],
    });
    const after = await read(bare);
    assert.equal(after['scope'], undefined);
    assert.equal(after['fillingLevel'], 0.9);
  });

  it('update adds the types it names', async () => {
    const path = await bin();
    const res = await call('PATCH', `${path}/attrs`, { body: { type: ['DepositPoint', 'WasteContainer'] } });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual((await read(path))['type'], ['WasteContainer', 'DepositPoint']);
  });

  it('refuses an empty fragment on append and update, and a partial update changing the type (400)', async () => {
    const path = await bin();
    for (const [method, url, body] of [
      ['POST', `${path}/attrs`, {}],
      ['PATCH', `${path}/attrs`, {}],
      ['PATCH', `${path}/attrs/fillingLevel`, { type: 'Relationship', object: 'urn:ngsi-ld:Truck:1' }],
    ] as const) {
      const res = await call(method, url, { body });
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
    assert.equal((await read(path))['fillingLevel'], 0.4);
  });

  it('refuses entity types and attribute names that do not name anything (400, nothing written)', async () => {
    const id = 'urn:ngsi-ld:WasteContainer:bad-names';
    for (const body of [
      { id, type: 'type' },
      { id, type: 'Waste|Container' },
      { id, type: 'WasteContainer', 'P?|{{': 1 },
      { id, type: 'WasteContainer', fillingLevel: { value: 1, 'a{b}': 2 } },
    ]) {
      const res = await call('POST', '/entities', { body });
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
    assert.equal((await call('GET', `/entities/${enc(id)}`)).statusCode, 404);
    const path = await bin();
    const res = await call('POST', `${path}/attrs`, { body: { 'P?|{{': 1 } });
    assert.equal(res.statusCode, 400, res.body);
  });
});
