import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

const enc = encodeURIComponent;
const STOP = 'urn:ngsi-ld:BusStop:HK-01';
const WARD = 'urn:ngsi-ld:Ward:HoanKiem';
const DISTRICT = 'urn:ngsi-ld:District:HoanKiem';

describeEachDriver('NGSI-LD linked entities, pick and omit', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    for (const body of [
      {
        id: STOP,
        type: 'BusStop',
        name: { type: 'Property', value: 'Bờ Hồ' },
        locatedIn: { type: 'Relationship', object: WARD },
      },
      {
        id: WARD,
        type: 'Ward',
        name: { type: 'Property', value: 'Hàng Trống' },
        partOf: { type: 'Relationship', object: DISTRICT },
      },
      { id: DISTRICT, type: 'District', name: { type: 'Property', value: 'Hoàn Kiếm' } },
      { id: 'urn:ngsi-ld:BusStop:HK-02', type: 'BusStop', locatedIn: { type: 'Relationship', object: 'urn:x:gone' } },
    ]) {
      const res = await call('POST', '/entities', { body });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const get = async (url: string) => {
    const res = await call('GET', url);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<unknown>();
  };

  it('join=inline puts the linked entity inside its relationship, up to joinLevel hops', async () => {
    assert.deepEqual(await get(`/entities/${enc(STOP)}?join=inline&pick=id,locatedIn`), {
      id: STOP,
      locatedIn: {
        type: 'Relationship',
        object: WARD,
        entity: {
          id: WARD,
          type: 'Ward',
          name: { type: 'Property', value: 'Hàng Trống' },
          partOf: { type: 'Relationship', object: DISTRICT },
        },
      },
    });
    const twoLevels = await get(`/entities/${enc(STOP)}?join=inline&joinLevel=2&options=keyValues`);
    assert.deepEqual(twoLevels, {
      id: STOP,
      type: 'BusStop',
      name: 'Bờ Hồ',
      locatedIn: {
        id: WARD,
        type: 'Ward',
        name: 'Hàng Trống',
        partOf: { id: DISTRICT, type: 'District', name: 'Hoàn Kiếm' },
      },
    });
  });

  it('join=flat lists the linked entities after the ones asked for, each once', async () => {
    const flat = await get(`/entities?type=BusStop&join=flat&joinLevel=2&options=keyValues&pick=id,locatedIn`);
    assert.deepEqual(
      (flat as { id: string }[]).map((e) => e.id),
      [STOP, 'urn:ngsi-ld:BusStop:HK-02', WARD, DISTRICT],
    );
    // Nothing to link to: the entity alone, as without a join.
    assert.deepEqual(await get(`/entities/${enc('urn:ngsi-ld:BusStop:HK-02')}?join=flat&options=keyValues`), {
      id: 'urn:ngsi-ld:BusStop:HK-02',
      type: 'BusStop',
      locatedIn: 'urn:x:gone',
    });
  });

  it('pick and omit reach into linked entities with braces', async () => {
    assert.deepEqual(
      await get(`/entities/${enc(STOP)}?join=inline&joinLevel=2&options=keyValues&pick=id,locatedIn{name,partOf{id}}`),
      { id: STOP, locatedIn: { name: 'Hàng Trống', partOf: { id: DISTRICT } } },
    );
    assert.deepEqual(
      await get(`/entities/${enc(STOP)}?join=flat&joinLevel=2&options=keyValues&omit=type,name,locatedIn{partOf}`),
      [
        { id: STOP, locatedIn: WARD },
        { id: WARD, type: 'Ward', name: 'Hàng Trống' },
      ],
    );
    const viaPost = await call('POST', '/entityOperations/query?options=keyValues&pick=id,locatedIn', {
      body: { type: 'Query', entities: [{ type: 'BusStop' }], join: 'inline' },
    });
    assert.equal(viaPost.statusCode, 200, viaPost.body);
    assert.deepEqual((viaPost.json<{ locatedIn: unknown }[]>()[0] ?? {}).locatedIn, {
      id: WARD,
      type: 'Ward',
      name: 'Hàng Trống',
      partOf: DISTRICT,
    });
  });

  it('refuses malformed pick and omit lists, and either of them with attrs (400 BadRequestData)', async () => {
    for (const query of [
      'pick=id;name',
      'pick=id,locatedIn{name',
      'pick=id,locatedIn{{name}',
      'pick=id,,name',
      'pick=id,locatedIn{,name}',
      'pick=id,locatedIn{}',
      'pick=name&omit=name',
      'pick=name&attrs=name',
      'omit=name&attrs=name',
      'join=sideways',
      'join=inline&joinLevel=0',
    ]) {
      for (const url of [`/entities/${enc(STOP)}?${query}`, `/entities?type=BusStop&${query}`]) {
        const res = await call('GET', url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.equal(ngsiErrorType(res), 'BadRequestData', url);
      }
    }
  });

  it('retrieval is 404 when pick, omit or attrs leave nothing; a query leaves such entities out', async () => {
    for (const query of ['pick=unknown', 'omit=id,type,name,locatedIn', 'attrs=unknown']) {
      const res = await call('GET', `/entities/${enc(STOP)}?${query}`);
      assert.equal(res.statusCode, 404, `${query}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'ResourceNotFound');
    }
    assert.deepEqual(await get('/entities?type=BusStop&pick=name'), [{ name: { type: 'Property', value: 'Bờ Hồ' } }]);
  });

  it('a query needs more than ids (or local=true); attrs names attributes, not id or type', async () => {
    const idsOnly = await call('GET', `/entities?id=${enc(STOP)}`);
    assert.equal(idsOnly.statusCode, 400, idsOnly.body);
    assert.equal(ngsiErrorType(idsOnly), 'BadRequestData');
    const local = await get('/entities?local=true&pick=id&limit=100');
    assert.equal((local as unknown[]).length, 4);
    const members = await call('GET', '/entities?attrs=id,type');
    assert.equal(members.statusCode, 400, members.body);
    assert.equal(ngsiErrorType(members), 'BadRequestData');
  });

  it('refuses an inline join that would multiply a densely linked graph, and serves it flat', async () => {
    // 20 junctions each linked to all the others: inline grows as 19^joinLevel, flat lists each once.
    const junction = (n: number) => `urn:ngsi-ld:Junction:dense-${n}`;
    const body = Array.from({ length: 20 }, (_, n) => ({
      id: junction(n),
      type: 'Junction',
      ...Object.fromEntries(
        Array.from({ length: 20 }, (_, m) => m)
          .filter((m) => m !== n)
          .map((m) => [`to${m}`, { type: 'Relationship', object: junction(m) }]),
      ),
    }));
    assert.equal((await call('POST', '/entityOperations/create', { body })).statusCode, 201);
    const one = await call('GET', `/entities/${enc(junction(0))}?join=inline&joinLevel=1`);
    assert.equal(one.statusCode, 200, one.body);
    const deep = await call('GET', `/entities/${enc(junction(0))}?join=inline&joinLevel=4`);
    assert.equal(deep.statusCode, 403, deep.body);
    assert.equal(ngsiErrorType(deep), 'TooManyResults');
    assert.match(deep.json<{ detail: string }>().detail, /join=flat/);
    const flat = await call('GET', `/entities/${enc(junction(0))}?join=flat&joinLevel=10`);
    assert.equal(flat.statusCode, 200, flat.body);
    assert.equal(flat.json<unknown[]>().length, 20);
  });
});
