import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../app.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../test/support/app.js';
import { emergencyModule } from '../modules/emergency/index.js';

/**
 * A device squatting on an entity a module will keep: bound as a Thing to the id of a unit not added
 * yet, it is refused at binding; bound before (by the platform, as an old squatter was), what it
 * writes once the unit exists is refused, because the entity's types decide at each write.
 */

const APIKEY = `k-squat-${process.pid}`;

describeEachDriver('devices on entities a module keeps', (ctx) => {
  let app: App;
  let operator: Account;
  let admin: Account;
  const tag = `${process.pid % 1000}`;
  const headers = () => ({ ...operator.auth, 'fiware-service': '', 'fiware-servicepath': '/' });

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    operator = await accountWith(app, ['operator'], '');
    admin = await accountWith(app, ['admin'], '*');
    const group = await app.http.inject({
      method: 'POST',
      url: '/iot/services',
      headers: headers(),
      payload: { services: [{ apikey: APIKEY, resource: '/iot/json', entity_type: 'Thing' }] },
    });
    assert.equal(group.statusCode, 201, group.body);
    await app.modules.get(emergencyModule).upsertStation('', {
      id: 'sq',
      name: 'Đội PCCC Tây Hồ',
      agency: 'fire',
      location: [105.82, 21.06],
    });
  });
  after(async () => {
    await app.http.close();
  });

  const send = (deviceId: string, payload: Record<string, unknown>) =>
    app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${APIKEY}&i=${deviceId}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const entity = async (id: string) => {
    const res = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`,
      headers: admin.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Record<string, unknown>>();
  };

  it('refuses to bind a Thing to the id of a unit that does not exist yet', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/iot/devices',
      headers: headers(),
      payload: {
        devices: [
          {
            device_id: `att-d4-${tag}`,
            apikey: APIKEY,
            entity_type: 'Thing',
            entity_name: `urn:ngsi-ld:EmergencyUnit:NEW-${tag}`,
          },
        ],
      },
    });
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(problemOf(res).code, 'IOT_ENTITY_TYPE_KEPT');
  });

  it('refuses what a Thing writes to an entity that became a unit, and takes the rest', async () => {
    const unitId = `urn:ngsi-ld:EmergencyUnit:OLD-${tag}`;
    // Bound before binding was checked: the platform's own call checks nothing.
    await app.ingest.provisioning.createDevices('', '/', {
      devices: [
        { device_id: `squat-${tag}`, apikey: APIKEY, entity_type: 'Thing', entity_name: unitId },
        { device_id: `honest-${tag}`, apikey: APIKEY, entity_type: 'Thing' },
      ],
    });
    assert.equal((await send(`squat-${tag}`, { temperature: 20 })).statusCode, 200);
    await app.modules.get(emergencyModule).upsertUnit('', {
      id: `old-${tag}`,
      callSign: `OLD-${tag}`,
      kind: 'fire_engine',
      capabilities: ['engine'],
      stationId: 'sq',
      agency: 'fire',
      crew: 4,
    });
    assert.ok(((await entity(unitId))['type'] as string[]).includes('EmergencyUnit'), 'the unit took the entity over');

    const squat = await send(`squat-${tag}`, { temperature: 99, speed: 120 });
    assert.equal(squat.statusCode, 403, squat.body);
    assert.equal(problemOf(squat).code, 'IOT_ENTITY_KEPT');
    const unit = await entity(unitId);
    assert.equal(unit['speed'], undefined, 'nothing new was written on the unit');
    assert.equal((unit['temperature'] as { value: number }).value, 20);
    // Another Thing of the same group writes its own entity as before.
    assert.equal((await send(`honest-${tag}`, { temperature: 21 })).statusCode, 200);
  });
  it("refuses to bind a Thing to a kept type's name in another letter case, as the NGSI-LD API does", async () => {
    for (const entityName of [`urn:ngsi-ld:hospital:h-${tag}`, `urn:ngsi-ld:emergencyunit:CH-${tag}`]) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/iot/devices',
        headers: headers(),
        payload: {
          devices: [{ device_id: `look-${tag}`, apikey: APIKEY, entity_type: 'Thing', entity_name: entityName }],
        },
      });
      assert.equal(res.statusCode, 403, `${entityName}: ${res.body}`);
      assert.equal(problemOf(res).code, 'IOT_ENTITY_TYPE_KEPT');
    }
  });

  it('lets a lookalike made before binding was checked be deleted, never a kept entity', async () => {
    const lookalike = `urn:ngsi-ld:hospital:old-${tag}`;
    await app.ingest.provisioning.createDevices('', '/', {
      devices: [{ device_id: `lookalike-${tag}`, apikey: APIKEY, entity_type: 'Thing', entity_name: lookalike }],
    });
    assert.equal((await send(`lookalike-${tag}`, { bedsFree: 42 })).statusCode, 200);
    assert.equal((await entity(lookalike))['type'], 'Thing');
    const remove = (id: string) =>
      app.http.inject({
        method: 'DELETE',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`,
        headers: admin.auth,
      });
    const gone = await remove(lookalike);
    assert.equal(gone.statusCode, 204, gone.body);
    const station = await remove('urn:ngsi-ld:EmergencyStation:sq');
    assert.equal(station.statusCode, 403, station.body);
    assert.equal(problemOf(station).code, 'CONTEXT_TYPE_OWNED');
  });
});
