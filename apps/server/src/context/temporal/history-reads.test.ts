import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { ngsiCaller, ngsiErrorType } from '../../../test/support/ngsi.js';

/**
 * What a client reads back from history written through the temporal API: instants as sent, the
 * simplified forms of every attribute type, filters judged on history, and projections.
 */

const enc = encodeURIComponent;
const MAX_INSTANCES = 4;

type Json = Record<string, unknown>;

describeEachDriver('NGSI-LD temporal reads', (ctx) => {
  let app: App;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db, { NGSI_LD_TEMPORAL_MAX_INSTANCES: String(MAX_INSTANCES) });
    operator = await accountWith(app, ['operator'], '');
  });
  after(() => app.http.close());

  const call = ngsiCaller(
    () => app,
    () => operator,
  );

  const create = async (body: Json) => {
    const res = await call('POST', '/temporal/entities', { body });
    assert.equal(res.statusCode, 201, res.body);
  };

  it('echoes each instant with the precision it was sent, in UTC', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:precision';
    await create({
      id,
      type: 'WaterLevel',
      level: [
        { type: 'Property', value: 1.2, observedAt: '2026-11-01T07:00:00Z' },
        { type: 'Property', value: 1.3, observedAt: '2026-11-01T15:05:00+07:00' },
        { type: 'Property', value: 1.4, observedAt: '2026-11-01T09:00:00.250Z' },
      ],
    });
    const normalized = (await call('GET', `/temporal/entities/${enc(id)}`)).json<{ level: Json[] }>();
    assert.deepEqual(
      normalized.level.map((i) => i['observedAt']),
      ['2026-11-01T07:00:00Z', '2026-11-01T08:05:00Z', '2026-11-01T09:00:00.250Z'],
    );
    const simplified = (await call('GET', `/temporal/entities/${enc(id)}?options=temporalValues`)).json<{
      level: { values: [number, string][] };
    }>();
    assert.deepEqual(simplified.level.values, [
      [1.2, '2026-11-01T07:00:00Z'],
      [1.3, '2026-11-01T08:05:00Z'],
      [1.4, '2026-11-01T09:00:00.250Z'],
    ]);
    const aggregated = (
      await call(
        'GET',
        `/temporal/entities/${enc(id)}?options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=PT1H&timerel=after&timeAt=2026-11-01T07:00:00Z`,
      )
    ).json<{ level: { totalCount: unknown[] } }>();
    assert.deepEqual(aggregated.level.totalCount, [
      [1, '2026-11-01T08:00:00Z', '2026-11-01T09:00:00Z'],
      [1, '2026-11-01T09:00:00Z', '2026-11-01T10:00:00Z'],
    ]);
    // The core API echoes what it was given too.
    const current = 'urn:ngsi-ld:WaterLevel:precision-now';
    await call('POST', '/entities', {
      body: {
        id: current,
        type: 'WaterLevel',
        level: { type: 'Property', value: 2, observedAt: '2026-11-01T10:00:00Z' },
      },
    });
    const now = (await call('GET', `/entities/${enc(current)}`)).json<{ level: Json }>();
    assert.equal(now.level['observedAt'], '2026-11-01T10:00:00Z');
  });

  it('shows language maps, JSON and vocabulary values in the simplified form under their member name', async () => {
    const id = 'urn:ngsi-ld:Landmark:simplified';
    await create({
      id,
      type: 'Landmark',
      name: {
        type: 'LanguageProperty',
        languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' },
        observedAt: '2026-11-01T00:00:00Z',
      },
      survey: { type: 'JsonProperty', json: { depth: 1.5 }, observedAt: '2026-11-01T00:00:00Z' },
      category: { type: 'VocabProperty', vocab: 'lake', observedAt: '2026-11-01T00:00:00Z' },
    });
    const res = await call('GET', `/temporal/entities/${enc(id)}?options=temporalValues`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<Json>();
    assert.deepEqual(body['name'], {
      type: 'LanguageProperty',
      languageMaps: [[{ languageMap: { vi: 'Hồ Gươm', en: 'Sword Lake' } }, '2026-11-01T00:00:00Z']],
    });
    assert.deepEqual(body['survey'], {
      type: 'JsonProperty',
      jsons: [[{ json: { depth: 1.5 } }, '2026-11-01T00:00:00Z']],
    });
    assert.deepEqual(body['category'], {
      type: 'VocabProperty',
      vocabs: [[{ vocab: 'lake' }, '2026-11-01T00:00:00Z']],
    });
  });

  it('lists an attribute whose instances all fall past the cut of a partial response as empty', async () => {
    const id = 'urn:ngsi-ld:Bus:unsynchronised';
    const minutes = (day: number) =>
      Array.from({ length: 6 }, (_, n) => ({
        type: 'Property',
        value: n,
        observedAt: `2026-11-0${day}T01:0${n}:00Z`,
      }));
    await create({ id, type: 'Bus', speed: minutes(1), fuel: minutes(2) });
    const res = await call('GET', `/temporal/entities/${enc(id)}?timerel=after&timeAt=2026-10-01T00:00:00Z`);
    assert.equal(res.statusCode, 206, res.body);
    const body = res.json<{ speed: Json[]; fuel: Json[] }>();
    assert.equal(body.speed.length, MAX_INSTANCES);
    assert.deepEqual(body.fuel, []);
    assert.equal(res.headers['content-range'], 'date-time 2026-10-01T00:00:00Z-2026-11-01T01:03:00Z/*');
    const simplified = await call(
      'GET',
      `/temporal/entities/${enc(id)}?timerel=after&timeAt=2026-10-01T00:00:00Z&options=temporalValues`,
    );
    assert.deepEqual(simplified.json<Json>()['fuel'], { type: 'Property', values: [] });
  });

  it('answers InvalidRequest to an option or format the API does not define', async () => {
    for (const query of ['options=fancy', 'options=temporalValues,fancy', 'format=fancy']) {
      const res = await call('GET', `/temporal/entities?type=Bus&${query}`);
      assert.equal(res.statusCode, 400, query);
      assert.equal(ngsiErrorType(res), 'InvalidRequest', query);
    }
  });

  it('refuses a bad instant without storing anything', async () => {
    const res = await call('POST', '/temporal/entities', {
      body: {
        id: 'urn:ngsi-ld:Bus:bad-time',
        type: 'Bus',
        speed: { type: 'Property', value: 1, observedAt: '2026-13-01T00:00:00Z' },
      },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(ngsiErrorType(res), 'BadRequestData');
    assert.equal((await call('GET', `/temporal/entities/${enc('urn:ngsi-ld:Bus:bad-time')}`)).statusCode, 404);
  });

  describe('queries judged on history, datasets and projections', () => {
    const bus = 'urn:ngsi-ld:Bus:history-A';
    const tram = 'urn:ngsi-ld:Bus:history-B';
    const at = (minute: number) => `2026-11-05T08:${String(minute).padStart(2, '0')}:00Z`;

    before(async () => {
      await create({
        id: bus,
        type: 'Bus',
        speed: [
          { type: 'Property', value: 30, observedAt: at(0) },
          { type: 'Property', value: 95, observedAt: at(10) },
          { type: 'Property', value: 31, observedAt: at(1), datasetId: 'urn:ngsi-ld:Dataset:gps' },
        ],
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [105.85, 21.03] }, observedAt: at(0) },
      });
      await create({
        id: tram,
        type: 'Bus',
        speed: { type: 'Property', value: 20, observedAt: at(5) },
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [106.68, 20.86] }, observedAt: at(5) },
      });
    });

    const ids = async (url: string) => {
      const res = await call('GET', url);
      assert.ok(res.statusCode === 200 || res.statusCode === 206, res.body);
      return res.json<Json[]>().map((e) => e['id']);
    };

    it('matches q on the instances within the time range, and returns every instance of a match', async () => {
      assert.deepEqual(await ids('/temporal/entities?type=Bus&q=speed>90'), [bus]);
      assert.deepEqual(await ids(`/temporal/entities?type=Bus&q=speed>90&timerel=before&timeAt=${at(10)}`), []);
      const res = await call('GET', '/temporal/entities?type=Bus&q=speed>90&attrs=speed');
      const speed = res.json<{ speed: Json[] }[]>()[0]?.speed ?? [];
      assert.equal(speed.length, 3);
    });

    it('matches geo-queries on the locations in history', async () => {
      const near = `/temporal/entities?type=Bus&georel=near;maxDistance==2000&geometry=Point&coordinates=${enc('[105.851,21.031]')}`;
      assert.deepEqual(await ids(near), [bus]);
      const polygon = enc('[[[106.6,20.8],[106.8,20.8],[106.8,20.9],[106.6,20.9],[106.6,20.8]]]');
      assert.deepEqual(await ids(`/temporal/entities?type=Bus&georel=within&geometry=Polygon&coordinates=${polygon}`), [
        tram,
      ]);
    });

    it('filters instances by datasetId, @none being the default instance', async () => {
      const gps = await call(
        'GET',
        '/temporal/entities?type=Bus&datasetId=urn:ngsi-ld:Dataset:gps&options=temporalValues',
      );
      assert.deepEqual(gps.json(), [
        {
          id: bus,
          type: 'Bus',
          speed: { type: 'Property', values: [[31, at(1)]], datasetId: 'urn:ngsi-ld:Dataset:gps' },
        },
      ]);
      const defaults = await call(
        'GET',
        `/temporal/entities/${enc(bus)}?datasetId=@none&attrs=speed&options=temporalValues`,
      );
      assert.deepEqual(defaults.json<Json>()['speed'], {
        type: 'Property',
        values: [
          [30, at(0)],
          [95, at(10)],
        ],
      });
      assert.deepEqual(await ids('/temporal/entities?type=Bus&attrs=location&datasetId=urn:ngsi-ld:Dataset:gps'), []);
    });

    it('shows only what pick names, or all but what omit names', async () => {
      const picked = await call('GET', `/temporal/entities/${enc(tram)}?pick=id,speed&options=temporalValues`);
      assert.deepEqual(picked.json(), { id: tram, speed: { type: 'Property', values: [[20, at(5)]] } });
      const omitted = await call('GET', '/temporal/entities?type=Bus&omit=type,speed&idPattern=.*history-B');
      assert.deepEqual(Object.keys(omitted.json<Json[]>()[0] ?? {}).sort(), ['id', 'location']);
      const nothing = await call('GET', `/temporal/entities/${enc(tram)}?pick=unknown`);
      assert.equal(nothing.statusCode, 404);
      assert.equal(ngsiErrorType(nothing), 'ResourceNotFound');
      const all = await call('GET', `/temporal/entities/${enc(tram)}?omit=id,type,speed,location`);
      assert.equal(all.statusCode, 404);
      for (const query of ['pick=speed&omit=speed', 'pick=speed&attrs=speed', 'omit=speed&attrs=location']) {
        const res = await call('GET', `/temporal/entities?type=Bus&${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.equal(ngsiErrorType(res), 'BadRequestData');
      }
    });

    it('needs type, attrs, q or a geo-query unless local=true; a retrieve for attributes it never had is 404', async () => {
      const byId = await call('GET', `/temporal/entities?id=${enc(bus)}&timerel=after&timeAt=${at(0)}`);
      assert.equal(byId.statusCode, 400);
      assert.equal(ngsiErrorType(byId), 'BadRequestData');
      assert.ok(
        (await ids('/temporal/entities?local=true')).includes(bus),
        "(await ids('/temporal/entities?local=true')).includes(bus)",
      );
      const unknown = await call('GET', `/temporal/entities/${enc(bus)}?attrs=noise`);
      assert.equal(unknown.statusCode, 404);
      assert.equal(ngsiErrorType(unknown), 'ResourceNotFound');
    });
  });
});
