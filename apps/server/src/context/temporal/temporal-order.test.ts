import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../../test/support/ngsi.js';

/** orderBy on temporal queries (GS CIM 009 V1.9.1 §4.23, §5.7.4): the order of entities, page by page. */

type Json = Record<string, unknown>;

describeEachDriver('NGSI-LD temporal query orderBy', (ctx) => {
  let app: App;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator'], '');
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  const gauge = (n: number) => `urn:ngsi-ld:RiverGauge:order-${n}`;
  const at = (hour: number) => `2026-11-10T${String(hour).padStart(2, '0')}:00:00Z`;

  before(async () => {
    // Created in the order 2, 1, 3; levels rise as 1 < 2 < 3 at the end, but gauge 3 read highest first.
    const levels: Record<number, [number, number]> = { 1: [1.1, 2.5], 2: [0.4, 3.0], 3: [9.0, 3.5] };
    for (const n of [2, 1, 3]) {
      const res = await call('POST', '/entities', {
        body: {
          id: gauge(n),
          type: 'RiverGauge',
          name: { type: 'Property', value: `Gauge ${n}`, district: { type: 'Property', value: 4 - n } },
          level: { type: 'Property', value: levels[n]?.[0], observedAt: at(1) },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const later = await call('PATCH', `/entities/${encodeURIComponent(gauge(n))}/attrs`, {
        body: { level: { type: 'Property', value: levels[n]?.[1], observedAt: at(5) } },
      });
      assert.equal(later.statusCode, 204, later.body);
    }
  });

  const order = async (orderBy: string, extra = '') => {
    const res = await call('GET', `/temporal/entities?type=RiverGauge&orderBy=${encodeURIComponent(orderBy)}${extra}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Json[]>().map((e) => e['id']);
  };

  it('orders by id, type, createdAt, an attribute, a sub-attribute and an attribute member, each way', async () => {
    assert.deepEqual(await order('id'), [gauge(1), gauge(2), gauge(3)]);
    assert.deepEqual(await order('id;desc'), [gauge(3), gauge(2), gauge(1)]);
    assert.deepEqual(await order('createdAt'), [gauge(2), gauge(1), gauge(3)]);
    assert.deepEqual(await order('name'), [gauge(1), gauge(2), gauge(3)]);
    assert.deepEqual(await order('name;desc'), [gauge(3), gauge(2), gauge(1)]);
    assert.deepEqual(await order('name.district'), [gauge(3), gauge(2), gauge(1)]);
    assert.deepEqual(await order('name.createdAt'), [gauge(2), gauge(1), gauge(3)]);
    assert.deepEqual(await order('type;asc,name.district;desc,name;asc'), [gauge(1), gauge(2), gauge(3)]);
  });

  it('orders by the latest value within the time range asked for', async () => {
    // At the end: 2.5, 3.0, 3.5; before 03:00 only the first readings count: 1.1, 0.4, 9.0.
    assert.deepEqual(await order('level'), [gauge(1), gauge(2), gauge(3)]);
    assert.deepEqual(await order('level', `&timerel=before&timeAt=${at(3)}`), [gauge(2), gauge(1), gauge(3)]);
    assert.deepEqual(await order('level;desc', `&timerel=before&timeAt=${at(3)}`), [gauge(3), gauge(1), gauge(2)]);
  });

  it('pages through the sorted entities with Link next and prev, the count unchanged by the order', async () => {
    const first = await call('GET', '/temporal/entities?type=RiverGauge&orderBy=level;desc&limit=2&count=true');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.headers['ngsild-results-count'], '3');
    assert.deepEqual(
      first.json<Json[]>().map((e) => e['id']),
      [gauge(3), gauge(2)],
    );
    // The next page's link keeps the query, the order included.
    const next = /<([^>]+)>;rel="next"/.exec(String(first.headers['link']))?.[1];
    assert.ok(next?.includes('orderBy=level%3Bdesc') && next.includes('offset=2'), String(first.headers['link']));
    assert.match(String(first.headers['link']), /rel="http:\/\/www.w3.org\/ns\/json-ld#context"/);
    const second = await call('GET', (next ?? '').replace('/ngsi-ld/v1', ''));
    assert.deepEqual(
      second.json<Json[]>().map((e) => e['id']),
      [gauge(1)],
    );
    const links = String(second.headers['link']);
    assert.match(links, /offset=0[^>]*>;rel="prev"/);
    assert.doesNotMatch(links, /rel="next"/);
    const posted = await call('POST', '/temporal/entityOperations/query?orderBy=name;desc&limit=1', {
      body: { type: 'Query', entities: [{ type: 'RiverGauge' }] },
    });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.deepEqual(
      posted.json<Json[]>().map((e) => e['id']),
      [gauge(3)],
    );
  });

  it('answers BadRequestData to an orderBy it cannot read', async () => {
    for (const orderBy of ['name;sideways', 'a.b.c', 'name;asc;desc']) {
      const res = await call('GET', `/temporal/entities?type=RiverGauge&orderBy=${encodeURIComponent(orderBy)}`);
      assert.equal(res.statusCode, 400, orderBy);
      assert.equal(ngsiErrorType(res), 'BadRequestData');
    }
  });
});
