import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { emergencyModule, provisionUnitDevices, unitDeviceId, type Incident, type Unit } from './index.js';

/**
 * What an attacker tried on the emergency centre, each refused: a reader's look that escalates, a
 * device bound to a unit by someone who may not dispatch, a terminal without its own secret, a
 * stale copy of the unit's record taken for the terminal's report, a status of 30 KB, a flood of
 * road searches.
 */

const APIKEY = 'k-emergency-sec';
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
const BASE = '/api/v1/emergency';

interface Detail {
  incident: Incident;
  timeline: { kind: string; actor: string; unitId?: string; detail: Record<string, unknown> }[];
}

describeEachDriver('emergency centre under attack', (ctx) => {
  let app: App;
  let dispatcher: Account;
  let viewer: Account;
  let operator: Account;
  let admin: Account;
  const secrets = new Map<string, string>();
  const units = [
    { id: 'e1', callSign: 'S-E1', kind: 'fire_engine', capabilities: ['engine'], stationId: 'hk', agency: 'fire' },
    { id: 'a1', callSign: 'S-A1', kind: 'ambulance', capabilities: ['als', 'bls'], stationId: 'hk', agency: 'fire' },
  ] as const;

  before(async () => {
    app = await buildTestApp(ctx.db, { MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', IOT_BATCH_WAIT: '2ms' });
    dispatcher = await accountWith(app, ['dispatcher'], '');
    viewer = await accountWith(app, ['viewer'], '');
    operator = await accountWith(app, ['operator'], '');
    admin = await accountWith(app, ['admin'], '*');
    await app.broker.startWorker();
    await app.ingest.startWorker();
    await app.modules.startWorker();
    const centre = app.modules.get(emergencyModule);
    await centre.upsertStation('', {
      id: 'hk',
      name: 'Đội PCCC Hoàn Kiếm',
      agency: 'fire',
      location: [105.8555, 21.0245],
    });
    for (const u of units) await centre.upsertUnit('', { ...u, crew: 4 });
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

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, who = dispatcher) => {
    const res = await app.http.inject({
      method,
      url,
      headers: who.auth,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body, res };
  };
  const newIncident = async (extra: Record<string, unknown> = {}) => {
    const res = await call('POST', `${BASE}/calls`, {
      text: 'Cháy nhà',
      typeCode: 'STRFIRE',
      location: HOAN_KIEM,
      ...extra,
    });
    assert.equal(res.status, 201, res.body);
    return res.res.json<{ incident: Incident }>().incident;
  };
  const detail = async (id: string) => {
    const res = await call('GET', `${BASE}/incidents/${id}`);
    assert.equal(res.status, 200, res.body);
    return res.res.json<Detail>();
  };
  const unit = async (id: string) => {
    const res = await call('GET', `${BASE}/units/${id}`);
    assert.equal(res.status, 200, res.body);
    return res.res.json<Unit>();
  };

  it("a viewer's look at the recommendations escalates nothing; a dispatcher's does, in their name", async () => {
    // A structure fire needs two engines and a ladder: the roster cannot cover it.
    const incident = await newIncident();
    const looked = await call('GET', `${BASE}/incidents/${incident.id}/recommendations`, undefined, viewer);
    assert.equal(looked.status, 200, looked.body);
    let d = await detail(incident.id);
    assert.equal(d.incident.escalatedAt, undefined, 'a read does not escalate');
    assert.equal(
      d.timeline.filter((e) => e.kind === 'escalation').length,
      0,
      'no escalation on the timeline after a read',
    );
    const source = encodeURIComponent(`urn:ngsi-ld:EmergencyIncident:${incident.id}`);
    const none = await call('GET', `/api/v1/alarms?source=${source}`, undefined, admin);
    assert.equal(none.res.json<{ count: number }>().count, 0, 'no alarm after a read');

    const asked = await call('GET', `${BASE}/incidents/${incident.id}/recommendations`);
    assert.equal(asked.status, 200, asked.body);
    d = await detail(incident.id);
    assert.ok(d.incident.escalatedAt, "the dispatcher's look escalates the uncovered incident");
    const escalation = d.timeline.find((e) => e.kind === 'escalation');
    assert.equal(escalation?.actor, dispatcher.username, 'recorded as the dispatcher who asked');
    const raised = await call('GET', `/api/v1/alarms?source=${source}`, undefined, admin);
    assert.equal(raised.res.json<{ count: number }>().count, 1, 'the alarm is raised once');
  });
});
