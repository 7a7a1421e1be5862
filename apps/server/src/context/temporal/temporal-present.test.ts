import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { ngsiCaller } from '../../../test/support/ngsi.js';
import { startReceiver } from '../../../test/support/receiver.js';
import { testNotifier } from '../../../test/support/notifier.js';

/**
 * Readings written through the temporal API and the entity as it is now: one entity (GS CIM 009
 * §4.16, §4.5.6). The present shows, per attribute and datasetId, the newest reading by observedAt;
 * an older reading replayed into history never replaces it.
 */

const enc = encodeURIComponent;
type Json = Record<string, unknown>;
type Instance = { value?: unknown; observedAt?: string; datasetId?: string; deletedAt?: string };

describeEachDriver('NGSI-LD temporal writes and the present', (ctx) => {
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
  const at = (hour: number) => `2026-11-20T${String(hour).padStart(2, '0')}:00:00Z`;
  const reading = (value: number, hour: number, datasetId?: string) => ({
    type: 'Property',
    value,
    observedAt: at(hour),
    ...(datasetId ? { datasetId } : {}),
  });
  const current = async (id: string) => {
    const res = await call('GET', `/entities/${enc(id)}`);
    return { status: res.statusCode, body: res.statusCode === 200 ? res.json<Json>() : {} };
  };
  const history = async (id: string, attr: string, extra = '') => {
    const res = await call('GET', `/temporal/entities/${enc(id)}?attrs=${attr}${extra}`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json<Json>()[attr] as Instance[] | Instance | undefined) ?? [];
  };
  const list = (v: Instance[] | Instance) => (Array.isArray(v) ? v : [v]);

  it('creates the entity as it is now from the newest reading of each attribute and dataset', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-1';
    const created = await call('POST', '/temporal/entities', {
      body: {
        id,
        type: 'WaterLevel',
        level: [reading(1.2, 3), reading(1.9, 5), reading(1.4, 4), reading(7, 2, 'urn:ngsi-ld:Dataset:radar')],
        name: { type: 'Property', value: 'Cầu Long Biên' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const now = await current(id);
    assert.equal(now.status, 200);
    const level = list(now.body['level'] as Instance[]);
    assert.deepEqual(
      level.map((i) => [i.value, i.observedAt, i.datasetId]).sort(),
      [
        [1.9, at(5), undefined],
        [7, at(2), 'urn:ngsi-ld:Dataset:radar'],
      ].sort(),
    );
    assert.deepEqual(now.body['name'], { type: 'Property', value: 'Cầu Long Biên' });
    assert.equal(list(await history(id, 'level')).length, 4);
    const byType = await call('GET', '/entities?type=WaterLevel&q=level>1.5');
    assert.ok(
      byType.json<Json[]>().some((e) => e['id'] === id),
      byType.body,
    );
  });

  it('keeps the present when an older reading is replayed into history, and moves it for a newer one', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-2';
    await call('POST', '/temporal/entities', { body: { id, type: 'WaterLevel', level: [reading(2.0, 10)] } });
    const replayed = await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(0.5, 8)] } });
    assert.equal(replayed.statusCode, 204, replayed.body);
    assert.equal(
      (await current(id)).body['level'] && list((await current(id)).body['level'] as Instance[])[0]?.value,
      2,
    );
    assert.equal(list(await history(id, 'level')).length, 2);

    const again = await call('POST', '/temporal/entities', {
      body: { id, type: 'WaterLevel', level: [reading(2.6, 11)] },
    });
    assert.equal(again.statusCode, 204, again.body);
    assert.equal(list((await current(id)).body['level'] as Instance[])[0]?.value, 2.6);

    // A value written to the present later than any reading stays: history does not overwrite it.
    const patched = await call('PATCH', `/entities/${enc(id)}/attrs`, {
      body: { level: { type: 'Property', value: 3.1, observedAt: at(15) } },
    });
    assert.equal(patched.statusCode, 204, patched.body);
    await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(2.8, 12)] } });
    assert.equal(list((await current(id)).body['level'] as Instance[])[0]?.value, 3.1);
    assert.equal(list(await history(id, 'level')).length, 5);
  });

  it('lets a newer reading replace a present stamped in the future: a forged time pins nothing', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-future';
    const pinned = await call('POST', '/temporal/entities', {
      body: { id, type: 'WaterLevel', level: [{ type: 'Property', value: -999, observedAt: '9999-12-31T23:59:59Z' }] },
    });
    assert.equal(pinned.statusCode, 201, pinned.body);
    assert.equal(list((await current(id)).body['level'] as Instance[])[0]?.value, -999);
    const observed = new Date().toISOString();
    await call('POST', `/temporal/entities/${enc(id)}/attrs`, {
      body: { level: [{ type: 'Property', value: 2.2, observedAt: observed }] },
    });
    assert.equal(list((await current(id)).body['level'] as Instance[])[0]?.value, 2.2);
    // A reading from before the write still goes to history only.
    await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(1.1, 8)] } });
    assert.equal(list((await current(id)).body['level'] as Instance[])[0]?.value, 2.2);
  });

  it('records a reading sent again for the same instant once, with the value last sent', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-3';
    await call('POST', '/temporal/entities', {
      body: {
        id,
        type: 'WaterLevel',
        level: [reading(1.0, 1), reading(1.1, 2), reading(5, 2, 'urn:ngsi-ld:Dataset:radar')],
      },
    });
    const resent = await call('POST', '/temporal/entities', {
      body: { id, type: 'WaterLevel', level: [reading(1.05, 1), reading(1.1, 2), reading(1.2, 3)] },
    });
    assert.equal(resent.statusCode, 204, resent.body);
    const level = list(await history(id, 'level'));
    assert.deepEqual(
      level.map((i) => [i.value, i.observedAt, i.datasetId ?? null]).sort(),
      [
        [1.05, at(1), null],
        [1.1, at(2), null],
        [1.2, at(3), null],
        [5, at(2), 'urn:ngsi-ld:Dataset:radar'],
      ].sort(),
    );
  });

  it('lets the present be changed through /entities, and history records the deletion', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-4';
    await call('POST', '/temporal/entities', {
      body: {
        id,
        type: 'WaterLevel',
        level: [reading(1.0, 1)],
        alarm: [{ type: 'Property', value: false, observedAt: at(1) }],
      },
    });
    const deleted = await call('DELETE', `/entities/${enc(id)}/attrs/alarm`);
    assert.equal(deleted.statusCode, 204, deleted.body);
    const tombstones = list(await history(id, 'alarm', '&timeproperty=deletedAt'));
    assert.equal(tombstones.length, 1);
    assert.equal(tombstones[0]?.value, 'urn:ngsi-ld:null');
    assert.ok(tombstones[0]?.deletedAt, 'tombstones[0]?.deletedAt');
  });

  it('shows a deleted Relationship and LanguageProperty with the NGSI-LD Null in their own member', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-6';
    await call('POST', '/temporal/entities', {
      body: {
        id,
        type: 'WaterLevel',
        river: [{ type: 'Relationship', object: 'urn:ngsi-ld:River:hong', observedAt: at(1) }],
        label: [{ type: 'LanguageProperty', languageMap: { vi: 'Sông Hồng', en: 'Red River' }, observedAt: at(1) }],
      },
    });
    for (const attr of ['river', 'label']) {
      assert.equal((await call('DELETE', `/entities/${enc(id)}/attrs/${attr}`)).statusCode, 204);
    }
    const river = list(await history(id, 'river', '&timeproperty=deletedAt'));
    assert.equal(river[0] && (river[0] as Json)['object'], 'urn:ngsi-ld:null');
    assert.equal(river[0] && (river[0] as Json)['value'], undefined);
    const label = list(await history(id, 'label', '&timeproperty=deletedAt'));
    assert.deepEqual(label[0] && (label[0] as Json)['languageMap'], { '@none': 'urn:ngsi-ld:null' });
    const simplified = await call(
      'GET',
      `/temporal/entities/${enc(id)}?attrs=label&timeproperty=deletedAt&options=temporalValues`,
    );
    const maps = (simplified.json<Json>()['label'] as { languageMaps: [unknown, string][] }).languageMaps;
    assert.deepEqual(maps[0]?.[0], { languageMap: { '@none': 'urn:ngsi-ld:null' } });
  });

  it('forgets the entity, present and history, when its temporal evolution is deleted', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-7';
    await call('POST', '/temporal/entities', { body: { id, type: 'WaterLevel', level: [reading(1.0, 1)] } });
    assert.equal((await current(id)).status, 200);
    const deleted = await call('DELETE', `/temporal/entities/${enc(id)}`);
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await current(id)).status, 404);
    assert.equal((await call('GET', `/temporal/entities/${enc(id)}`)).statusCode, 404);
    assert.equal((await call('DELETE', `/temporal/entities/${enc(id)}`)).statusCode, 404);
  });

  it('notifies subscribers when a reading moves the present', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-8';
    await call('POST', '/temporal/entities', { body: { id, type: 'WaterLevel', level: [reading(1.0, 1)] } });
    const receiver = await startReceiver();
    const notifier = testNotifier(app, ctx.db);
    await notifier.start();
    try {
      const subscribed = await call('POST', '/subscriptions', {
        body: {
          type: 'Subscription',
          entities: [{ id, type: 'WaterLevel' }],
          watchedAttributes: ['level'],
          notification: { endpoint: { uri: receiver.url, accept: 'application/json' }, format: 'keyValues' },
        },
      });
      assert.equal(subscribed.statusCode, 201, subscribed.body);
      await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(0.2, 0)] } });
      await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(4.2, 6)] } });
      const [first] = await receiver.until(1);
      const data = first?.body['data'] as Json[];
      // The replayed older reading changed nothing now, so the first notification is the newer one.
      assert.equal(data[0]?.['level'], 4.2);
    } finally {
      await notifier.stop();
      await receiver.close();
    }
  });

  it('brings a deleted entity back only with readings newer than its deletion', async () => {
    const id = 'urn:ngsi-ld:WaterLevel:present-5';
    await call('POST', '/temporal/entities', { body: { id, type: 'WaterLevel', level: [reading(1.0, 1)] } });
    assert.equal((await call('DELETE', `/entities/${enc(id)}`)).statusCode, 204);
    const old = await call('POST', `/temporal/entities/${enc(id)}/attrs`, { body: { level: [reading(0.9, 2)] } });
    assert.equal(old.statusCode, 204, old.body);
    assert.equal((await current(id)).status, 404);
    const fresh = new Date(Date.now() + 60_000).toISOString();
    await call('POST', `/temporal/entities/${enc(id)}/attrs`, {
      body: { level: [{ type: 'Property', value: 1.3, observedAt: fresh }] },
    });
    const back = await current(id);
    assert.equal(back.status, 200);
    assert.equal(list(back.body['level'] as Instance[])[0]?.value, 1.3);
  });
});
