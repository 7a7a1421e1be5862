import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { emergencyModule, provisionUnitDevices, unitDeviceId, type Incident, type Unit } from './index.js';

/**
 * A unit that leaves an open incident by its own report (a terminal saying available while en route or
 * on scene, as the demo's did after a restart) is no dispatcher's choice: the timeline says so, and an
 * incident left with no unit on it raises an alarm and says it needs a unit, until one is sent or it closes.
 */

const APIKEY = 'k-emergency-left';
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
const BASE = '/api/v1/emergency';

interface Detail {
  incident: Incident;
  timeline: { kind: string; actor: string; unitId?: string; detail: Record<string, unknown> }[];
}
interface AlarmBody {
  state: string;
  severity: string;
  condition: string;
  params: Record<string, unknown> | null;
}

describeEachDriver('a unit leaving an incident by its own report', (ctx) => {
  let app: App;
  let dispatcher: Account;
  let admin: Account;
  const secrets = new Map<string, string>();
  const units = [
    {
      id: 'l-a1',
      callSign: 'L-A1',
      kind: 'ambulance',
      capabilities: ['als', 'bls'],
      stationId: 'hk',
      agency: 'medical',
    },
    { id: 'l-a2', callSign: 'L-A2', kind: 'ambulance', capabilities: ['bls'], stationId: 'hk', agency: 'medical' },
  ] as const;

  before(async () => {
    app = await buildTestApp(ctx.db, { IOT_BATCH_WAIT: '2ms' });
    dispatcher = await accountWith(app, ['dispatcher'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.broker.startWorker();
    await app.ingest.startWorker();
    await app.modules.startWorker();
    const centre = app.modules.get(emergencyModule);
    await centre.upsertStation('', { id: 'hk', name: 'Trạm 115 Hoàn Kiếm', agency: 'medical', location: HOAN_KIEM });
    for (const u of units) await centre.upsertUnit('', { ...u, crew: 3 });
    await provisionUnitDevices(app.ingest.provisioning, APIKEY, units, { deviceAuth: 'secret' });
    for (const u of units) {
      secrets.set(u.id, await app.ingest.provisioning.issueDeviceSecret('', '/', unitDeviceId(u.callSign)));
    }
  });
  after(async () => {
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, who = dispatcher) => {
    const res = await app.http.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown>>();
  };
  const newIncident = async () =>
    (
      (await call('POST', `${BASE}/calls`, { text: 'Khó thở', typeCode: 'BREATHING', location: HOAN_KIEM })) as {
        incident: Incident;
      }
    ).incident;
  const detail = async (id: string) => (await call('GET', `${BASE}/incidents/${id}`)) as unknown as Detail;
  const unit = async (id: string) => (await call('GET', `${BASE}/units/${id}`)) as unknown as Unit;
  const dispatch = (id: string, unitIds: string[]) => call('POST', `${BASE}/incidents/${id}/dispatch`, { unitIds });
  const alarmsOf = async (id: string) =>
    (
      (await call(
        'GET',
        `/api/v1/alarms?source=${encodeURIComponent(`urn:ngsi-ld:EmergencyIncident:${id}`)}&state=all`,
        undefined,
        admin,
      )) as { alarms: AlarmBody[] }
    ).alarms.filter((a) => a.condition === 'emergency:unit-needed');
  /** A terminal's report over HTTP, with its own secret. */
  const report = async (id: string, callSign: string, payload: Record<string, unknown>) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${APIKEY}&i=${unitDeviceId(callSign)}`,
      headers: { 'content-type': 'application/json', 'x-device-secret': secrets.get(id) ?? '' },
      payload: JSON.stringify(payload),
    });
    assert.ok(res.statusCode < 300, `the report is taken by ingestion: ${res.body}`);
  };
  const until = async (what: string, ok: () => Promise<boolean>) => {
    for (let i = 0; i < 500; i++) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`never happened: ${what}`);
  };
  const reportStatus = async (id: string, callSign: string, status: string) => {
    await report(id, callSign, { status });
    await until(`${callSign} is ${status}`, async () => (await unit(id)).status === status);
  };
  const freeAll = async () => {
    const open = (await call('GET', `${BASE}/incidents?status=open`)) as { incidents: Incident[] };
    for (const i of open.incidents) await call('POST', `${BASE}/incidents/${i.id}/close`, { disposition: 'resolved' });
    for (const u of units) {
      if ((await unit(u.id)).status !== 'available') {
        await call('POST', `${BASE}/units/${u.id}/status`, { status: 'available' });
      }
    }
  };

  it('says so on the timeline and raises an alarm when the last unit en route reports available; a unit sent again clears it', async () => {
    await freeAll();
    const incident = await newIncident();
    await dispatch(incident.id, ['l-a1']);
    await reportStatus('l-a1', 'L-A1', 'en_route');
    await reportStatus('l-a1', 'L-A1', 'available');

    let d = await detail(incident.id);
    assert.equal(d.incident.status, 'pending', 'back among those waiting for units');
    assert.ok(d.incident.unitNeededAt, 'it needs a unit');
    const left = d.timeline.find((e) => e.kind === 'unit_left');
    assert.equal(left?.actor, 'device:l-a1', "the terminal's report, not a dispatcher's");
    assert.equal(left?.unitId, 'l-a1');
    assert.deepEqual(left?.detail, { callSign: 'L-A1', from: 'en_route', to: 'available', unitsLeft: 0 });
    let alarms = await alarmsOf(incident.id);
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]?.state, 'active-unacknowledged');
    assert.equal(alarms[0]?.severity, 'critical', 'a priority-1 incident');
    assert.deepEqual(alarms[0]?.params, { number: incident.number, type: incident.typeCode });
    const queue = (await call('GET', `${BASE}/incidents?status=open`)) as { incidents: Incident[] };
    assert.ok(queue.incidents.find((i) => i.id === incident.id)?.unitNeededAt, 'the queue shows it needs a unit');

    await dispatch(incident.id, ['l-a2']);
    d = await detail(incident.id);
    assert.equal(d.incident.status, 'dispatched');
    assert.equal(d.incident.unitNeededAt, undefined, 'covered again');
    alarms = await alarmsOf(incident.id);
    assert.equal(alarms.length, 1, 'no second alarm');
    assert.ok(!alarms[0]?.state.startsWith('active'), `the alarm is cleared (${alarms[0]?.state})`);
  });

  it('raises it for an incident on scene its last unit left, and the close clears it', async () => {
    await freeAll();
    const incident = await newIncident();
    await dispatch(incident.id, ['l-a1']);
    await reportStatus('l-a1', 'L-A1', 'on_scene');
    await reportStatus('l-a1', 'L-A1', 'available');
    const d = await detail(incident.id);
    assert.equal(d.incident.status, 'on_scene', 'someone arrived: it stays on scene');
    assert.ok(d.incident.unitNeededAt, 'with no unit on it');
    assert.equal((await alarmsOf(incident.id))[0]?.state, 'active-unacknowledged');
    await call('POST', `${BASE}/incidents/${incident.id}/close`, { disposition: 'resolved' });
    const closed = await detail(incident.id);
    assert.equal(closed.incident.unitNeededAt, undefined);
    assert.ok(!(await alarmsOf(incident.id))[0]?.state.startsWith('active'), 'the close clears it');
  });

  it('writes the entry but raises nothing while another unit is still on it, nor when a dispatcher stands a unit down', async () => {
    await freeAll();
    const incident = await newIncident();
    await dispatch(incident.id, ['l-a1', 'l-a2']);
    await reportStatus('l-a1', 'L-A1', 'available');
    let d = await detail(incident.id);
    assert.equal(d.timeline.find((e) => e.kind === 'unit_left')?.detail['unitsLeft'], 1);
    assert.equal(d.incident.unitNeededAt, undefined, 'one unit is still on it');
    // The dispatcher stands the other down: their choice, seen on their console; no alarm.
    await call('POST', `${BASE}/units/l-a2/status`, { status: 'available' });
    d = await detail(incident.id);
    assert.equal(d.incident.status, 'pending');
    assert.equal(d.incident.unitNeededAt, undefined);
    assert.equal(d.timeline.filter((e) => e.kind === 'unit_left').length, 1);
    assert.deepEqual(await alarmsOf(incident.id), []);
  });

  it('raises nothing when the last unit finishes the lifecycle way (returning from the scene)', async () => {
    await freeAll();
    const incident = await newIncident();
    await dispatch(incident.id, ['l-a1']);
    await reportStatus('l-a1', 'L-A1', 'on_scene');
    await reportStatus('l-a1', 'L-A1', 'returning');
    const d = await detail(incident.id);
    assert.equal(d.incident.unitNeededAt, undefined);
    assert.equal(d.timeline.filter((e) => e.kind === 'unit_left').length, 0);
    assert.deepEqual(await alarmsOf(incident.id), []);
  });
});
