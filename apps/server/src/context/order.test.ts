import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../test/support/ngsi.js';

const enc = encodeURIComponent;
const id = (n: number) => `urn:ngsi-ld:ParkingSpot:HK-${n}`;

describeEachDriver('NGSI-LD orderBy', (ctx) => {
  let app: App;
  let operator: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator']);
    // Created in the order 2, 1, 3.
    for (const [n, name, level] of [
      [2, 'Hàng Bạc', 20],
      [1, 'Hàng Bài', 30],
      [3, 'Tràng Tiền', 10],
    ] as const) {
      const res = await call('POST', '/entities', {
        body: {
          id: id(n),
          type: 'ParkingSpot',
          name: { type: 'Property', value: name, level: { type: 'Property', value: level } },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const order = async (orderBy: string) => {
    const res = await call('GET', `/entities?type=ParkingSpot&pick=id&orderBy=${enc(orderBy)}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<{ id: string }[]>().map((e) => Number(e.id.split('-').pop()));
  };

  it('sorts by members, attributes, sub-attributes and their system members, ascending or descending', async () => {
    assert.deepEqual(await order('name'), [1, 2, 3]);
    assert.deepEqual(await order('name;desc'), [3, 2, 1]);
    assert.deepEqual(await order('createdAt'), [2, 1, 3]);
    assert.deepEqual(await order('name.createdAt'), [2, 1, 3]);
    assert.deepEqual(await order('name.level'), [3, 2, 1]);
    assert.deepEqual(await order('type;asc,name.level;desc,id'), [1, 2, 3]);
    assert.deepEqual(await order('id;desc'), [3, 2, 1]);
  });

  it('refuses a malformed orderBy (400 BadRequestData)', async () => {
    for (const orderBy of ['name;up', 'name;asc;desc', 'a.b.c', ',name']) {
      const res = await call('GET', `/entities?type=ParkingSpot&orderBy=${enc(orderBy)}`);
      assert.equal(res.statusCode, 400, `${orderBy}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
  });
});
