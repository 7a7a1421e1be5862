import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { emergencyModule, provisionUnitDevices, unitDeviceId, type Unit } from './index.js';

/**
 * A hospital's free beds as anyone with context:write may write them through NGSI-LD: a value that
 * is no count (1e308, a negative, a fraction) is ignored, and never holds back the units' reports
 * that come after it through the same change consumer.
 */

const APIKEY = 'k-hospital-beds-test';

describeEachDriver('hospital beds from the NGSI-LD API', (ctx) => {
  let app: App;
  let officer: Account;
  let dispatcher: Account;
  const tag = `${process.pid % 1000}`;
  const callSign = `B${tag}-A1`;
  let secret = '';

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
  const setBeds = async (value: unknown) => {
    const res = await app.http.inject({
      method: 'PATCH',
      url: `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:Hospital:sp')}/attrs`,
      headers: { ...officer.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ bedsFree: { type: 'Property', value } }),
    });
    assert.equal(res.statusCode, 204, res.body);
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
});
