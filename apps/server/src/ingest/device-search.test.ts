import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';

/**
 * Finding a device among all of a city's devices: the search runs on the server over every device
 * (not the page shown), and its count says where the last page ends.
 */

const SERVICE = 'hanoi_search';
const headers = { 'fiware-service': SERVICE };
type Page = { count: number; devices: { device_id: string; entity_name: string; entity_type: string }[] };

describeEachDriver('Device search', (ctx) => {
  let app: App;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    operator = await accountWith(app, ['operator'], SERVICE);
    const admin = await accountWith(app, ['admin'], '*');
    const devices = [
      // 70 air sensors, then 5 noise meters: the meters are on the second page of 50.
      ...Array.from({ length: 70 }, (_, i) => ({
        device_id: `air-${String(i).padStart(3, '0')}`,
        entity_type: 'AirQualityObserved',
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        device_id: `meter_${i}`,
        entity_name: `urn:ngsi-ld:NoiseLevelObserved:ho-guom-${i}`,
        entity_type: 'NoiseLevelObserved',
      })),
    ].map((d) => ({ ...d, protocol: 'IoTA-JSON', transport: 'MQTT', apikey: 'k-search' }));
    const created = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: { ...admin.auth, ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ devices }),
    });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(() => app.http.close());

  const list = async (query: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/iot/devices?${query}`,
      headers: { ...operator.auth, ...headers },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Page>();
  };

  it('finds devices beyond the first page by id, entity name or type, with the count of matches', async () => {
    const meters = await list('q=METER&limit=50');
    assert.equal(meters.count, 5);
    assert.deepEqual(
      meters.devices.map((d) => d.device_id),
      ['meter_0', 'meter_1', 'meter_2', 'meter_3', 'meter_4'],
    );
    // By the entity's name and by its type, any case.
    assert.deepEqual(
      (await list('q=ho-guom-3')).devices.map((d) => d.device_id),
      ['meter_3'],
    );
    assert.equal((await list('q=noiselevel')).count, 5);
    assert.equal((await list('type=NoiseLevelObserved')).count, 5);
    assert.equal((await list('type=NoiseLevel')).count, 0);
    // Search and health filter together: none of them was ever heard.
    assert.equal((await list('q=meter&status=never')).count, 5);
    assert.equal((await list('q=meter&status=online')).count, 0);
  });

  it('takes % and _ as themselves, and a blank search as none', async () => {
    assert.equal((await list('q=%25')).count, 0);
    assert.deepEqual(
      (await list('q=r_')).devices.map((d) => d.device_id),
      ['meter_0', 'meter_1', 'meter_2', 'meter_3', 'meter_4'],
    );
    assert.equal((await list('q=%20%20&limit=0')).count, 75);
  });

  it('pages through the matches and the count says where they end', async () => {
    const first = await list('q=air&limit=50');
    assert.equal(first.count, 70);
    assert.equal(first.devices.length, 50);
    const last = await list('q=air&limit=50&offset=50');
    assert.equal(last.devices.length, 20);
    assert.equal(last.devices.at(-1)?.device_id, 'air-069');
    // The last page reaches the count: there is no next page.
    assert.ok(50 + last.devices.length >= last.count, '50 + last.devices.length >= last.count');
  });

  it('refuses a search longer than 100 characters', async () => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/iot/devices?q=${'a'.repeat(101)}`,
      headers: { ...operator.auth, ...headers },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(problemOf(res).status, 400);
  });
});
