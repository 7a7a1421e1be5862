import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, testConfig, type Account } from '../../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../../test/support/ngsi.js';
import { maintainHistory } from './index.js';

const enc = encodeURIComponent;
const PM25 = 'https://uri.etsi.org/ngsi-ld/default-context/pm25';
const MAX_INSTANCES = 5;

type Json = Record<string, unknown>;
type NormalizedInstance = { value: unknown; observedAt?: string; instanceId: string; [k: string]: unknown };

/** Hourly readings of one station: 3 per hour over `hours` hours, from 2026-11-01T00:00Z. */
function readings(hours: number): { value: number; observedAt: string }[] {
  const out: { value: number; observedAt: string }[] = [];
  for (let h = 0; h < hours; h++) {
    for (const [minute, delta] of [
      [0, 0],
      [20, 3.5],
      [40, -1.25],
    ] as const) {
      const at = new Date(Date.UTC(2026, 10, 1, h, minute));
      out.push({ value: 30 + ((h * 7) % 11) + delta, observedAt: at.toISOString() });
    }
  }
  return out;
}

describeEachDriver('NGSI-LD temporal API', (ctx) => {
  let app: App;
  let operator: Account;
  let viewer: Account;
  let admin: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, {
      NGSI_LD_TEMPORAL_MAX_INSTANCES: String(MAX_INSTANCES),
      NGSI_LD_HISTORY_RETENTION: 'P1Y',
    });
    operator = await accountWith(app, ['operator'], '');
    viewer = await accountWith(app, ['viewer'], '');
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );
  // Other tenants: only a platform administrator works in every tenant.
  const callAsAdmin = ngsiCaller(
    () => app,
    () => admin,
  );

  const station = 'urn:ngsi-ld:AirQualityObserved:temporal-HK';
  const sensor = 'urn:ngsi-ld:AirQualityObserved:temporal-series';
  const series = readings(4); // 12 instances

  it('records the history of normal entity writes: create, patch, append, batch upsert', async () => {
    const created = await call('POST', '/entities', {
      body: {
        id: station,
        type: 'AirQualityObserved',
        pm25: { type: 'Property', value: 41, observedAt: '2026-11-02T01:00:00Z' },
        name: { type: 'Property', value: 'Hoàn Kiếm' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const patched = await call('PATCH', `/entities/${enc(station)}/attrs`, {
      body: { pm25: { type: 'Property', value: 44, observedAt: '2026-11-02T02:00:00Z' } },
    });
    assert.equal(patched.statusCode, 204, patched.body);
    const upserted = await call('POST', '/entityOperations/upsert?options=update', {
      body: [
        {
          id: station,
          type: 'AirQualityObserved',
          pm25: { type: 'Property', value: 47, observedAt: '2026-11-02T03:00:00Z' },
        },
      ],
    });
    assert.equal(upserted.statusCode, 204, upserted.body);

    const res = await call('GET', `/temporal/entities/${enc(station)}`, { who: viewer });
    assert.equal(res.statusCode, 200, res.body);
    const entity = res.json<Json & { pm25: NormalizedInstance[]; name: NormalizedInstance[] }>();
    assert.equal(entity['type'], 'AirQualityObserved');
    assert.deepEqual(
      entity.pm25.map((i) => [i.value, i.observedAt]),
      [
        [41, '2026-11-02T01:00:00Z'],
        [44, '2026-11-02T02:00:00Z'],
        [47, '2026-11-02T03:00:00Z'],
      ],
    );
    assert.ok(
      entity.pm25.every((i) => i.instanceId.startsWith('urn:ngsi-ld:attribute:instance:')),
      "entity.pm25.every((i) => i.instanceId.startsWith('urn:ngsi-ld:attribute:instance:'))",
    );
    assert.equal(entity.name.length, 1);
    assert.equal(entity.pm25[0]?.['createdAt'], undefined, 'system attributes only with options=sysAttrs');

    const sys = (await call('GET', `/temporal/entities/${enc(station)}?options=sysAttrs&attrs=pm25`)).json<Json>();
    assert.ok(sys['createdAt'] && sys['modifiedAt'], "sys['createdAt'] && sys['modifiedAt']");
    assert.ok((sys['pm25'] as Json[])[0]?.['createdAt'], "(sys['pm25'] as Json[])[0]?.['createdAt']");
    assert.equal(sys['name'], undefined, 'attrs selects the attributes');
  });

  it('records a deleted attribute as an instance with the NGSI-LD Null and deletedAt', async () => {
    const res = await call('DELETE', `/entities/${enc(station)}/attrs/name`);
    assert.equal(res.statusCode, 204);
    const got = (await call('GET', `/temporal/entities/${enc(station)}?attrs=name`)).json<{ name: Json[] }>();
    assert.equal(got.name.length, 2);
    assert.equal(got.name[1]?.['value'], 'urn:ngsi-ld:null');
    assert.ok(got.name[1]?.['deletedAt'], "got.name[1]?.['deletedAt']");
    const deleted = (await call('GET', `/temporal/entities/${enc(station)}?timeproperty=deletedAt`)).json<Json>();
    assert.equal((deleted['name'] as Json[]).length, 1);
    assert.equal(deleted['pm25'], undefined);
  });

  it('creates a temporal entity (201, Location), then adds instances to it (204); the present shows the newest', async () => {
    const first = series.slice(0, 6);
    const res = await call('POST', '/temporal/entities', {
      body: {
        id: sensor,
        type: 'AirQualityObserved',
        pm25: first.map((r) => ({ type: 'Property', value: r.value, observedAt: r.observedAt, unitCode: 'GQ' })),
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.headers['location'], `/ngsi-ld/v1/temporal/entities/${sensor}`);
    // The simplified form is accepted too.
    const more = await call('POST', '/temporal/entities', {
      body: {
        id: sensor,
        type: 'AirQualityObserved',
        pm25: { type: 'Property', values: series.slice(6).map((r) => [r.value, r.observedAt]) },
      },
    });
    assert.equal(more.statusCode, 204, more.body);
    const present = await call('GET', `/entities/${enc(sensor)}`);
    assert.equal(present.statusCode, 200, present.body);
    const newest = series.at(-1);
    assert.deepEqual(
      [
        present.json<{ pm25: NormalizedInstance }>().pm25.value,
        present.json<{ pm25: NormalizedInstance }>().pm25.observedAt,
      ],
      [newest?.value, newest?.observedAt],
    );
    // Twelve instances, more than one response carries: the latest ones come, with the range left out.
    const all = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?timerel=after&timeAt=2026-10-01T00:00:00Z&lastN=100`,
    );
    assert.equal(all.statusCode, 206, all.body);
    const values = all.json<{ pm25: NormalizedInstance[] }>().pm25.map((i) => i.value);
    assert.deepEqual(
      values,
      series.slice(-MAX_INSTANCES).map((r) => r.value),
    );
    const total = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=totalCount,sum`,
    );
    const pm25 = total.json<{ pm25: Record<string, [number][]> }>().pm25;
    assert.equal(pm25['totalCount']?.[0]?.[0], series.length);
    assert.ok(
      Math.abs((pm25['sum']?.[0]?.[0] ?? 0) - series.reduce((a, r) => a + r.value, 0)) < 1e-9,
      "Math.abs((pm25['sum']?.[0]?.[0] ?? 0) - series.reduce((a, r) => a + r.value, 0)) < 1e-9",
    );
  });

  it('selects by timerel before, after and between (timeAt inclusive, endTimeAt exclusive)', async () => {
    const times = async (q: string) => {
      const res = await call('GET', `/temporal/entities/${enc(sensor)}?options=temporalValues&${q}`);
      assert.ok(res.statusCode === 200 || res.statusCode === 206, res.body);
      return (res.json<{ pm25: { values: [number, string][] } }>().pm25.values ?? []).map((p) => p[1]);
    };
    assert.deepEqual(await times('timerel=before&timeAt=2026-11-01T00:40:00Z'), [
      '2026-11-01T00:00:00.000Z',
      '2026-11-01T00:20:00.000Z',
    ]);
    assert.deepEqual(await times('timerel=after&timeAt=2026-11-01T03:00:00Z'), [
      '2026-11-01T03:20:00.000Z',
      '2026-11-01T03:40:00.000Z',
    ]);
    assert.deepEqual(await times('timerel=between&timeAt=2026-11-01T01:00:00Z&endTimeAt=2026-11-01T01:40:00Z'), [
      '2026-11-01T01:00:00.000Z',
      '2026-11-01T01:20:00.000Z',
    ]);
  });

  it('gives the last N instances with lastN', async () => {
    const res = await call('GET', `/temporal/entities/${enc(sensor)}?lastN=3&options=temporalValues`);
    assert.equal(res.statusCode, 200, res.body);
    const pm25 = res.json<{ pm25: { type: string; values: [number, string][] } }>().pm25;
    assert.equal(pm25.type, 'Property');
    assert.deepEqual(
      pm25.values,
      series.slice(-3).map((r) => [r.value, r.observedAt]),
    );
    const within = (
      await call(
        'GET',
        `/temporal/entities/${enc(sensor)}?lastN=2&timerel=before&timeAt=2026-11-01T01:00:00Z&format=temporalValues`,
      )
    ).json<{ pm25: { values: [number, string][] } }>().pm25.values;
    assert.deepEqual(
      within,
      series.slice(1, 3).map((r) => [r.value, r.observedAt]),
    );
  });

  it('answers 206 with a Content-Range when an attribute has more instances than one response carries', async () => {
    const res = await call('GET', `/temporal/entities/${enc(sensor)}`);
    assert.equal(res.statusCode, 206, res.body);
    const pm25 = res.json<{ pm25: NormalizedInstance[] }>().pm25;
    assert.equal(pm25.length, MAX_INSTANCES);
    assert.equal(
      res.headers['content-range'],
      `date-time ${series[0]?.observedAt}-${series[MAX_INSTANCES - 1]?.observedAt}/*`,
    );
    // The next page starts after the range's end.
    const next = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?timerel=after&timeAt=${series[MAX_INSTANCES - 1]?.observedAt}`,
    );
    assert.equal(next.statusCode, 206);
    assert.equal(next.json<{ pm25: NormalizedInstance[] }>().pm25[0]?.observedAt, series[MAX_INSTANCES]?.observedAt);
    assert.match(
      String(next.headers['content-range']),
      new RegExp(`^date-time ${series[MAX_INSTANCES - 1]?.observedAt}-`),
    );
    // lastN beyond the limit: the latest instances, paginated backwards.
    const last = await call('GET', `/temporal/entities/${enc(sensor)}?lastN=8`);
    assert.equal(last.statusCode, 206);
    const lastValues = last.json<{ pm25: NormalizedInstance[] }>().pm25.map((i) => i.observedAt);
    assert.deepEqual(
      lastValues,
      series.slice(-MAX_INSTANCES).map((r) => r.observedAt),
    );
    assert.equal(
      last.headers['content-range'],
      `date-time ${series.at(-1)?.observedAt}-${series.at(-MAX_INSTANCES)?.observedAt}/8`,
    );
    const complete = await call('GET', `/temporal/entities/${enc(sensor)}?lastN=${MAX_INSTANCES}`);
    assert.equal(complete.statusCode, 200);
    assert.equal(complete.headers['content-range'], undefined);
  });

  it('aggregates in periods, every method matching what the values give', async () => {
    const methods = ['totalCount', 'distinctCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq'];
    const res = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=${methods.join(',')}&aggrPeriodDuration=PT1H`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const pm25 = res.json<{ pm25: Record<string, [number, string, string][]> & { type: string } }>().pm25;
    assert.equal(pm25.type, 'Property');
    for (let h = 0; h < 4; h++) {
      const values = series.slice(h * 3, h * 3 + 3).map((r) => r.value);
      const sum = values.reduce((a, b) => a + b, 0);
      const avg = sum / values.length;
      const expected: Record<string, number> = {
        totalCount: values.length,
        distinctCount: new Set(values).size,
        sum,
        avg,
        min: Math.min(...values),
        max: Math.max(...values),
        stddev: Math.sqrt(values.reduce((a, v) => a + (v - avg) ** 2, 0) / values.length),
        sumsq: values.reduce((a, v) => a + v * v, 0),
      };
      const start = `2026-11-01T${String(h).padStart(2, '0')}:00:00Z`;
      const end = `2026-11-01T${String(h + 1).padStart(2, '0')}:00:00Z`;
      for (const m of methods) {
        const period = pm25[m]?.[h];
        assert.ok(period, `${m} has period ${h}`);
        assert.equal(period[1], start);
        assert.equal(period[2], end);
        assert.ok(
          Math.abs(period[0] - (expected[m] as number)) < 1e-9,
          `${m} in hour ${h}: ${period[0]} vs ${expected[m]}`,
        );
      }
    }
    assert.equal(pm25['avg']?.length, 4);
  });

  it('aggregates the whole range as one period without aggrPeriodDuration, and calendar months with P1M', async () => {
    const res = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?format=aggregatedValues&aggrMethods=max,totalCount&timerel=between&timeAt=2026-11-01T01:00:00Z&endTimeAt=2026-11-01T03:00:00Z`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const pm25 = res.json<{ pm25: Record<string, unknown[]> }>().pm25;
    const inRange = series.slice(3, 9).map((r) => r.value);
    assert.deepEqual(pm25['max'], [[Math.max(...inRange), '2026-11-01T01:00:00Z', '2026-11-01T03:00:00Z']]);
    assert.deepEqual(pm25['totalCount'], [[6, '2026-11-01T01:00:00Z', '2026-11-01T03:00:00Z']]);
    const daily = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=PT2H&timerel=between&timeAt=2026-11-01T00:00:00Z&endTimeAt=2026-11-01T03:00:00Z`,
    );
    assert.equal(daily.statusCode, 200, daily.body);
    assert.deepEqual(daily.json<{ pm25: Json }>().pm25['totalCount'], [
      [6, '2026-11-01T00:00:00Z', '2026-11-01T02:00:00Z'],
      [3, '2026-11-01T02:00:00Z', '2026-11-01T04:00:00Z'],
    ]);
    const monthly = await call(
      'GET',
      `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=P1M&timerel=after&timeAt=2026-10-15T00:00:00Z`,
    );
    assert.equal(monthly.statusCode, 200, monthly.body);
    assert.deepEqual(monthly.json<{ pm25: Json }>().pm25['totalCount'], [
      [12, '2026-10-15T00:00:00Z', '2026-11-15T00:00:00Z'],
    ]);
  });

  it('queries temporal entities by type with pagination and count, by GET and by POST', async () => {
    const res = await call('GET', '/temporal/entities?type=AirQualityObserved&lastN=1&count=true&limit=1');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['ngsild-results-count'], '2');
    const page1 = res.json<Json[]>();
    assert.equal(page1.length, 1);
    const page2 = (await call('GET', '/temporal/entities?type=AirQualityObserved&lastN=1&limit=1&offset=1')).json<
      Json[]
    >();
    assert.deepEqual([page1[0]?.['id'], page2[0]?.['id']].sort(), [station, sensor].sort());
    // q is judged on the history within the time range.
    const q = (await call('GET', '/temporal/entities?type=AirQualityObserved&q=pm25>45&lastN=1')).json<Json[]>();
    assert.deepEqual(
      q.map((e) => e['id']),
      [station],
    );
    const earlier = await call(
      'GET',
      '/temporal/entities?type=AirQualityObserved&q=pm25>45&timerel=before&timeAt=2026-11-02T02:30:00Z',
    );
    assert.deepEqual(earlier.json(), []);
    const posted = await call('POST', '/temporal/entityOperations/query?limit=5', {
      body: {
        type: 'Query',
        entities: [{ type: 'AirQualityObserved', idPattern: '.*temporal-series$' }],
        attrs: ['pm25'],
        temporalQ: { timerel: 'before', timeAt: '2026-11-01T01:00:00Z', lastN: 1 },
      },
    });
    assert.equal(posted.statusCode, 200, posted.body);
    const entities = posted.json<{ id: string; pm25: NormalizedInstance[] }[]>();
    assert.deepEqual(
      entities.map((e) => e.id),
      [sensor],
    );
    assert.deepEqual(
      entities[0]?.pm25.map((i) => i.value),
      [series[2]?.value],
    );
    const none = (
      await call('GET', '/temporal/entities?type=AirQualityObserved&timerel=before&timeAt=2020-01-01T00:00:00Z')
    ).json<Json[]>();
    assert.deepEqual(none, []);
  });

  it('corrects and deletes single instances by instanceId', async () => {
    const list = (await call('GET', `/temporal/entities/${enc(sensor)}?lastN=1`)).json<{ pm25: NormalizedInstance[] }>()
      .pm25;
    const target = list[0] as NormalizedInstance;
    const patched = await call('PATCH', `/temporal/entities/${enc(sensor)}/attrs/pm25/${enc(target.instanceId)}`, {
      body: { pm25: { type: 'Property', value: 99 } },
    });
    assert.equal(patched.statusCode, 204, patched.body);
    const after1 = (await call('GET', `/temporal/entities/${enc(sensor)}?lastN=1&options=sysAttrs`)).json<{
      pm25: NormalizedInstance[];
    }>().pm25[0];
    assert.equal(after1?.value, 99);
    assert.equal(after1?.observedAt, target.observedAt, 'members not given are kept');
    assert.equal(after1?.['unitCode'], undefined);
    assert.equal(after1?.instanceId, target.instanceId);
    assert.notEqual(after1?.['modifiedAt'], after1?.['createdAt']);

    const missing = await call(
      'PATCH',
      `/temporal/entities/${enc(sensor)}/attrs/pm25/urn:ngsi-ld:attribute:instance:none`,
      {
        body: { type: 'Property', value: 1 },
      },
    );
    assert.equal(missing.statusCode, 404);
    assert.equal(ngsiErrorType(missing), 'ResourceNotFound');

    const deleted = await call('DELETE', `/temporal/entities/${enc(sensor)}/attrs/pm25/${enc(target.instanceId)}`);
    assert.equal(deleted.statusCode, 204);
    const again = await call('DELETE', `/temporal/entities/${enc(sensor)}/attrs/pm25/${enc(target.instanceId)}`);
    assert.equal(again.statusCode, 404);
    const count = (
      await call('GET', `/temporal/entities/${enc(sensor)}?aggrMethods=totalCount&options=aggregatedValues`)
    ).json<{ pm25: Json }>().pm25['totalCount'] as [number][];
    assert.equal(count[0]?.[0], series.length - 1);
  });

  it('refuses bad input with clear errors and changes nothing', async () => {
    const before1 = (
      await call('GET', `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=totalCount`)
    ).body;
    const cases: [string, string, unknown?][] = [
      ['GET', `/temporal/entities/${enc(sensor)}?timerel=during&timeAt=2026-11-01T00:00:00Z`],
      ['GET', `/temporal/entities/${enc(sensor)}?timerel=before`],
      [
        'GET',
        `/temporal/entities/${enc(sensor)}?timerel=between&timeAt=2026-11-02T00:00:00Z&endTimeAt=2026-11-01T00:00:00Z`,
      ],
      ['GET', `/temporal/entities/${enc(sensor)}?timerel=after&timeAt=yesterday`],
      ['GET', `/temporal/entities/${enc(sensor)}?lastN=0`],
      ['GET', `/temporal/entities/${enc(sensor)}?timeproperty=seenAt`],
      ['GET', `/temporal/entities/${enc(sensor)}?options=aggregatedValues`],
      ['GET', `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=median`],
      ['GET', `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=1h`],
      ['GET', '/temporal/entities'],
      ['GET', '/temporal/entities?type=AirQualityObserved&q=pm25>>1'],
      [
        'POST',
        '/temporal/entities',
        { id: sensor, type: 'AirQualityObserved', pm25: [{ type: 'Property', value: 1 }, { type: 'Thing' }] },
      ],
      ['POST', '/temporal/entities', { id: 'not a uri', type: 'AirQualityObserved' }],
      [
        'POST',
        `/temporal/entities/${enc(sensor)}/attrs`,
        { pm25: [{ type: 'Property', value: 1, observedAt: 'soon' }] },
      ],
      ['POST', '/temporal/entityOperations/query', { type: 'Query', temporalQ: { timerel: 'after' } }],
    ];
    for (const [method, url, body] of cases) {
      const res = await call(method as 'GET' | 'POST', url, body === undefined ? {} : { body });
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
      assert.equal(ngsiErrorType(res), 'BadRequestData', `${method} ${url}`);
    }
    const notJson = await call('POST', '/temporal/entities', { body: '{"id":' });
    assert.equal(ngsiErrorType(notJson), 'InvalidRequest');
    const after2 = (
      await call('GET', `/temporal/entities/${enc(sensor)}?options=aggregatedValues&aggrMethods=totalCount`)
    ).body;
    assert.equal(after2, before1);
    const unknown = await call('GET', `/temporal/entities/${enc('urn:ngsi-ld:Thing:none')}`);
    assert.equal(unknown.statusCode, 404);
    assert.equal(ngsiErrorType(unknown), 'ResourceNotFound');
  });

  it('needs context:write to write history and context:read to read it', async () => {
    const res = await call('POST', '/temporal/entities', {
      who: viewer,
      body: { id: 'urn:ngsi-ld:Thing:x', type: 'Thing', p: { type: 'Property', value: 1 } },
    });
    assert.equal(res.statusCode, 403);
    const anonymous = await call('GET', `/temporal/entities/${enc(sensor)}`, { who: null });
    assert.equal(anonymous.statusCode, 401);
  });

  it('keeps tenants apart', async () => {
    const tenant = { 'ngsild-tenant': 'temporal_isolated' };
    const id = 'urn:ngsi-ld:WaterLevel:tenant-1';
    const created = await callAsAdmin('POST', '/temporal/entities', {
      headers: tenant,
      body: { id, type: 'WaterLevel', level: { type: 'Property', value: 2.5, observedAt: '2026-11-01T00:00:00Z' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await callAsAdmin('GET', `/temporal/entities/${enc(id)}`, { headers: tenant })).statusCode, 200);
    assert.equal((await callAsAdmin('GET', `/temporal/entities/${enc(id)}`)).statusCode, 404);
    const other = await callAsAdmin('GET', `/temporal/entities/${enc(sensor)}`, { headers: tenant });
    assert.equal(other.statusCode, 404);
    const nowhere = await callAsAdmin('GET', '/temporal/entities?type=WaterLevel', {
      headers: { 'ngsild-tenant': 'never_made' },
    });
    assert.equal(ngsiErrorType(nowhere), 'NonexistentTenant');
  });

  it('deletes an attribute history by dataset or all, and a whole temporal entity', async () => {
    const id = 'urn:ngsi-ld:Camera:temporal-delete';
    const base = { type: 'Property', observedAt: '2026-11-01T00:00:00Z' };
    await call('POST', '/temporal/entities', {
      body: {
        id,
        type: 'Camera',
        count: [
          { ...base, value: 1 },
          { ...base, value: 2, datasetId: 'urn:ngsi-ld:Dataset:lane-2' },
        ],
        speed: { ...base, value: 40 },
      },
    });
    const deleted = await call(
      'DELETE',
      `/temporal/entities/${enc(id)}/attrs/count?datasetId=urn:ngsi-ld:Dataset:lane-2`,
    );
    assert.equal(deleted.statusCode, 204);
    const count = (await call('GET', `/temporal/entities/${enc(id)}`)).json<{ count: NormalizedInstance[] }>().count;
    assert.deepEqual(
      count.map((i) => i.value),
      [1],
    );
    assert.equal(
      (await call('DELETE', `/temporal/entities/${enc(id)}/attrs/count?datasetId=urn:ngsi-ld:Dataset:lane-2`))
        .statusCode,
      404,
    );
    assert.equal((await call('DELETE', `/temporal/entities/${enc(id)}/attrs/speed?deleteAll=true`)).statusCode, 204);
    assert.equal((await call('DELETE', `/temporal/entities/${enc(id)}`)).statusCode, 204);
    assert.equal((await call('GET', `/temporal/entities/${enc(id)}`)).statusCode, 404);
    assert.equal((await call('DELETE', `/temporal/entities/${enc(id)}`)).statusCode, 404);
  });

  it('forgets the entity with its temporal evolution; one created again starts a fresh history', async () => {
    assert.equal((await call('DELETE', `/temporal/entities/${enc(station)}`)).statusCode, 204);
    const patched = await call('PATCH', `/entities/${enc(station)}/attrs`, {
      body: { pm25: { type: 'Property', value: 49, observedAt: '2026-11-03T00:00:00Z' } },
    });
    assert.equal(patched.statusCode, 404, patched.body);
    await call('POST', '/entities', {
      body: {
        id: station,
        type: 'AirQualityObserved',
        pm25: { type: 'Property', value: 50, observedAt: '2026-11-03T00:00:00Z' },
      },
    });
    const res = await call('GET', `/temporal/entities/${enc(station)}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json<{ pm25: NormalizedInstance[] }>().pm25.map((i) => i.value),
      [50],
    );
  });

  it('maintains history: partitions ahead, retention per tenant and type over the default', async () => {
    const api = (method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown, who: Account = admin) =>
      app.http.inject({
        method,
        url: `/api/v1/context/history-retention${url}`,
        headers: { ...who.auth, 'ngsild-tenant': 'temporal_retention' },
        ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
      });
    const tenant = { 'ngsild-tenant': 'temporal_retention' };
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
    for (const [id, type] of [
      ['urn:ngsi-ld:Bus:r1', 'Bus'],
      ['urn:ngsi-ld:Tree:r1', 'Tree'],
    ] as const) {
      const res = await callAsAdmin('POST', '/temporal/entities', {
        headers: tenant,
        body: {
          id,
          type,
          speed: [
            { type: 'Property', value: 1, observedAt: old },
            { type: 'Property', value: 2, observedAt: recent },
          ],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const tenantOperator = await accountWith(app, ['operator'], 'temporal_retention');
    assert.equal((await api('PUT', '', { keep: 'P30D' }, tenantOperator)).statusCode, 403, 'rules need access:manage');
    assert.equal((await api('PUT', '', { keep: 'thirty days' })).statusCode, 400);
    assert.equal((await api('PUT', '', { keep: 'P30D' })).statusCode, 200);
    assert.equal((await api('PUT', '', { type: 'Tree', keep: null })).statusCode, 200);
    const rules = (await api('GET', '')).json<{
      default: string | null;
      rules: { type: string | null; keep: string | null }[];
    }>();
    assert.deepEqual(rules, {
      default: 'P1Y',
      rules: [
        { type: null, keep: 'P30D' },
        { type: 'https://uri.etsi.org/ngsi-ld/default-context/Tree', keep: null },
      ],
    });

    const config = testConfig({ NGSI_LD_HISTORY_RETENTION: 'P1Y' });
    const result = await maintainHistory(ctx.db, config, silentLog);
    assert.equal(result.partitions.length, 3);
    const now = new Date();
    const month = `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    assert.equal(result.partitions[0], `ngsi_attr_instance_${month}`);
    assert.ok(result.deletedInstances >= 1, 'result.deletedInstances >= 1');
    const values = async (id: string) =>
      (await callAsAdmin('GET', `/temporal/entities/${enc(id)}`, { headers: tenant }))
        .json<{ speed: NormalizedInstance[] }>()
        .speed.map((i) => i.value);
    assert.deepEqual(await values('urn:ngsi-ld:Bus:r1'), [2], 'the tenant keeps 30 days');
    assert.deepEqual(await values('urn:ngsi-ld:Tree:r1'), [1, 2], 'trees are kept forever');
    assert.deepEqual(
      (await callAsAdmin('GET', `/temporal/entities/${enc(sensor)}?lastN=1`)).statusCode,
      200,
      'other tenants keep a year by default',
    );
    assert.equal((await api('DELETE', '?type=Tree')).statusCode, 204);
    assert.equal((await api('DELETE', '?type=Tree')).statusCode, 404);
    // Idempotent: a second run finds nothing more to do.
    const second = await maintainHistory(ctx.db, testConfig({}), silentLog);
    assert.equal(second.droppedPartitions.length, 0);
  });

  it('stores the default instance numbers in num, so every driver aggregates the same', async () => {
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM ngsi_attr_instance WHERE attr = $1 AND num IS NULL AND deleted_at IS NULL AND entity_id = $2`,
      [PM25, sensor],
    );
    assert.equal(rows[0]?.n, 0);
  });
});
