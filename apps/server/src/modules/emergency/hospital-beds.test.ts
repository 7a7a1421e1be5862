import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { emergencyModule, provisionUnitDevices, unitDeviceId, type Unit } from './index.js';

/**
 * A hospital's free beds come from its own system, bound as a device through ingestion, or from the
 * centre (PUT /hospitals/{id}/beds); the NGSI-LD API cannot write them, whatever context:write an
 * account holds. A value that is no count (1e308, a negative, a fraction) is ignored, and never holds
 * back the units' reports that come after it through the same change consumer.
 */

const APIKEY = 'k-hospital-beds-test';

describeEachDriver("a hospital's free beds", (ctx) => {
  let app: App;
  let officer: Account;
  let dispatcher: Account;
  const tag = `${process.pid % 1000}`;
  const callSign = `B${tag}-A1`;
  let secret = '';
  let hospitalSecret = '';

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    officer = await accountWith(app, ['officer'], '');
    dispatcher = await accountWith(app, ['dispatcher'], '');
    await app.broker.startWorker();
    await app.ingest.startWorker();
    await app.modules.startWorker();
    const centre = app.modules.get(emergencyModule);
    await centre.upsertStation('', {
      id: 'bh',
      name: 'Trạm cấp cứu Ba Đình',
      agency: 'medical',
      location: [105.83, 21.03],
    });
    await centre.upsertHospital('', {
      id: 'sp',
      name: 'Bệnh viện Saint Paul',
      location: [105.8337, 21.0297],
      bedsFree: 3,
    });
    const units = [
      { id: 'a1', callSign, kind: 'ambulance', capabilities: ['als'], stationId: 'bh', agency: 'medical', crew: 3 },
    ] as const;
    for (const u of units) await centre.upsertUnit('', u);
    await provisionUnitDevices(app.ingest.provisioning, APIKEY, units, { deviceAuth: 'secret' });
    secret = await app.ingest.provisioning.issueDeviceSecret('', '/', unitDeviceId(callSign));
    await app.ingest.provisioning.createDevices('', '/', {
      devices: [
        {
          device_id: 'hospital-sp',
          apikey: APIKEY,
          entity_type: 'Hospital',
          entity_name: 'urn:ngsi-ld:Hospital:sp',
          protocol: 'IoTA-JSON',
          transport: 'HTTP',
          // The units' group takes only what it declares: the hospital's device declares its count.
          attributes: [{ object_id: 'bedsFree', name: 'bedsFree', type: 'Number' }],
        },
      ],
    });
    hospitalSecret = await app.ingest.provisioning.issueDeviceSecret('', '/', 'hospital-sp');
  });
  after(async () => {
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  const until = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 1000; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`never happened: ${what}`);
  };
  /** The hospital's own system says its free beds. */
  const setBeds = async (value: unknown) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${APIKEY}&i=hospital-sp`,
      headers: { 'content-type': 'application/json', 'x-device-secret': hospitalSecret },
      payload: JSON.stringify({ bedsFree: value }),
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const bedsFree = async () =>
    (await app.modules.get(emergencyModule).hospitals('')).find((h) => h.id === 'sp')?.bedsFree;
  const unitAt = async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/emergency/units/a1', headers: dispatcher.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Unit>().location;
  };
  const report = async (lat: number, lon: number) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${APIKEY}&i=${unitDeviceId(callSign)}`,
      headers: { 'content-type': 'application/json', 'x-device-secret': secret },
      payload: JSON.stringify({ gps: `${lat},${lon}` }),
    });
    assert.equal(res.statusCode, 200, res.body);
  };

  it("ignores a bedsFree that is no count, and the units' positions keep coming", async () => {
    for (const [i, poison] of [1e308, -2, 2.5, 100_001].entries()) {
      await setBeds(poison);
      // The unit's next position, written after the bad value, is taken.
      const lat = 21.031 + i / 1000;
      await report(lat, 105.841);
      await until(`the unit's position after bedsFree ${poison}`, async () => (await unitAt())?.[1] === lat);
      assert.equal(await bedsFree(), 3, `bedsFree ${poison} was not taken`);
    }
    // A count is taken again.
    await setBeds(7);
    await until('bedsFree 7', async () => (await bedsFree()) === 7);
  });

  it('refuses free beds written through the NGSI-LD API, even with context:write', async () => {
    const before = await bedsFree();
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Hospital:sp')}/attrs`,
      headers: { ...officer.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ bedsFree: { type: 'Property', value: 0 } }),
    });
    assert.equal(res.statusCode, 403, res.body);
    assert.match(res.body, /kept by the emergency module/);
    // A hospital made up under the kept type's name is refused too.
    const made = await app.http.inject({
      method: 'POST',
      url: '/ngsi-ld/v1/entities',
      headers: { ...officer.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id: 'urn:ngsi-ld:Hospital:fake',
        type: 'Hospital',
        bedsFree: { type: 'Property', value: 9 },
      }),
    });
    assert.equal(made.statusCode, 403, made.body);
    assert.equal(await bedsFree(), before);
  });

  it('takes free beds the centre heard by phone, from a dispatcher only', async () => {
    const put = (who: Account, bedsFree: unknown, id = 'sp') =>
      app.http.inject({
        method: 'PUT',
        url: `/api/v1/emergency/hospitals/${id}/beds`,
        headers: { ...who.auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ bedsFree }),
      });
    assert.equal((await put(officer, 0)).statusCode, 403);
    // Only a count as JSON writes it: null, text, true or a list is no count and is not converted
    // (a null taken as 0 would list the hospital as full and steer the ambulances away).
    const held = await bedsFree();
    for (const notCount of [-1, 1.5, 1e308, 100_001, null, '5', true, [2], {}]) {
      const res = await put(dispatcher, notCount);
      assert.equal(res.statusCode, 400, `bedsFree ${JSON.stringify(notCount)}: ${res.body}`);
      assert.equal(problemOf(res).code, 'VALIDATION_FAILED');
    }
    assert.equal(await bedsFree(), held, 'the count is unchanged');
    assert.equal((await put(dispatcher, 2, 'nowhere')).statusCode, 404);
    const res = await put(dispatcher, 0);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ bedsFree: number }>().bedsFree, 0);
    assert.equal(await bedsFree(), 0);
    const full = await app.http.inject({
      method: 'GET',
      url: '/api/v1/emergency/hospitals?lon=105.84&lat=21.03',
      headers: dispatcher.auth,
    });
    assert.ok(
      full.json<{ full: { id: string }[] }>().full.some((h) => h.id === 'sp'),
      'a full hospital is listed apart',
    );
  });
  it("puts the hospital's entity back when a device writes what the centre does not take from it", async () => {
    const centre = app.modules.get(emergencyModule);
    await centre.setHospitalCapabilities('', 'sp', ['emergency', 'general']);
    // A service group of hospitals whose devices prove only the group's API key.
    await app.ingest.provisioning.createGroups('', '/', {
      services: [
        {
          apikey: `${APIKEY}-weak`,
          resource: '/iot/json',
          entity_type: 'Hospital',
          attributes: [
            { object_id: 'b', name: 'bedsFree', type: 'Number' },
            { object_id: 'c', name: 'capabilities', type: 'StructuredValue' },
          ],
        },
      ],
    });
    await app.ingest.provisioning.createDevices('', '/', {
      devices: [{ device_id: 'hospital-sp-weak', apikey: `${APIKEY}-weak`, entity_name: 'urn:ngsi-ld:Hospital:sp' }],
    });
    const entity = async () => {
      const res = await app.http.inject({
        method: 'GET',
        url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Hospital:sp')}?options=keyValues`,
        headers: officer.auth,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ bedsFree?: unknown; capabilities?: unknown }>();
    };
    const truth = await bedsFree();
    const lat = 21.04;
    const attack = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${APIKEY}-weak&i=hospital-sp-weak`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ b: truth === 42 ? 41 : 42, c: ['psychiatric'] }),
    });
    assert.equal(attack.statusCode, 200, attack.body);
    // Changes are handled in order: once the unit's next position is taken, the hospital's was handled.
    await report(lat, 105.841);
    await until("the unit's position after the hospital's", async () => (await unitAt())?.[1] === lat);
    assert.equal(await bedsFree(), truth, 'the count is not taken');
    await until('the entity is put back', async () => {
      const e = await entity();
      return e.bedsFree === truth && JSON.stringify(e.capabilities) === '["emergency","general"]';
    });
    // The hospital's own system, with its own secret, saying no count: put back too.
    await setBeds(1e308);
    await report(lat + 0.001, 105.841);
    await until("the unit's position after the hospital's", async () => (await unitAt())?.[1] === lat + 0.001);
    await until('the entity is put back', async () => (await entity()).bedsFree === truth);
  });
});
