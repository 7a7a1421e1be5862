import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../../test/support/app.js';
import { emergencyModule, type Incident } from './index.js';

/**
 * When the centre escalates by itself, through the API: only when a line of the run card cannot be
 * filled because no unit fit for it is free (the centre is short), never because the dispatcher sent the
 * nearest unit first; and that escalation ends, alarm cleared, once the units sent fill the run card. A
 * dispatcher's own escalation stays until the incident closes.
 */

const BASE = '/api/v1/emergency';
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];

interface Detail {
  incident: Incident;
  timeline: { kind: string; actor: string; detail: Record<string, unknown> }[];
}
interface AlarmBody {
  state: string;
  severity: string;
  params: Record<string, unknown> | null;
}

describeEachDriver('escalation of an incident short of units', (ctx) => {
  let app: App;
  let dispatcher: Account;
  let admin: Account;
  let seq = 0;

  before(async () => {
    app = await buildTestApp(ctx.db);
    dispatcher = await accountWith(app, ['dispatcher'], '');
    admin = await accountWith(app, ['admin'], '*');
    const centre = app.modules.get(emergencyModule);
    await centre.upsertStation('', {
      id: 'hk',
      name: 'Đội PCCC Hoàn Kiếm',
      agency: 'fire',
      location: [105.8555, 21.0245],
    });
    const units = [
      { id: 'e1', callSign: 'E1', kind: 'fire_engine', capabilities: ['engine'] },
      { id: 'e2', callSign: 'E2', kind: 'fire_engine', capabilities: ['engine'] },
      { id: 'l1', callSign: 'L1', kind: 'ladder_truck', capabilities: ['ladder'] },
      { id: 'a1', callSign: 'A1', kind: 'ambulance', capabilities: ['als', 'bls'] },
      { id: 'a2', callSign: 'A2', kind: 'ambulance', capabilities: ['bls'] },
      { id: 'p1', callSign: 'P1', kind: 'police_patrol', capabilities: ['patrol'] },
    ] as const;
    for (const u of units) {
      await centre.upsertUnit('', {
        ...u,
        stationId: 'hk',
        agency: u.kind === 'police_patrol' ? 'police' : 'fire',
        crew: 4,
      });
    }
  });
  after(async () => {
    await app.http.close();
  });

  const call = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>, who = dispatcher) => {
    const res = await app.http.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) });
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown>>();
  };
  const logCall = async (typeCode: string) =>
    (
      (await call('POST', `${BASE}/calls`, {
        phone: `0912${String(345600 + ++seq)}`,
        text: 'Cần hỗ trợ',
        typeCode,
        location: HOAN_KIEM,
      })) as { incident: Incident }
    ).incident;
  const detail = async (id: string) => (await call('GET', `${BASE}/incidents/${id}`)) as unknown as Detail;
  const dispatch = (id: string, unitIds: string[]) => call('POST', `${BASE}/incidents/${id}/dispatch`, { unitIds });
  const alarmsOf = async (id: string) =>
    (
      (await call(
        'GET',
        `/api/v1/alarms?source=${encodeURIComponent(`urn:ngsi-ld:EmergencyIncident:${id}`)}&state=all`,
        undefined,
        admin,
      )) as { alarms: AlarmBody[] }
    ).alarms;
  const kinds = (d: Detail) => d.timeline.map((e) => e.kind).filter((k) => k.startsWith('escalation'));
  /** Every unit free again, whatever the last test left them doing. */
  const freeAll = async () => {
    const open = (await call('GET', `${BASE}/incidents?status=open`)) as { incidents: Incident[] };
    for (const i of open.incidents) await call('POST', `${BASE}/incidents/${i.id}/close`, { disposition: 'resolved' });
    for (const id of ['e1', 'e2', 'l1', 'a1', 'a2', 'p1']) {
      const u = (await call('GET', `${BASE}/units/${id}`)) as { status: string };
      if (u.status !== 'available') await call('POST', `${BASE}/units/${id}/status`, { status: 'available' });
    }
  };

  it('does not escalate a unit sent by hand before the run card while units are free to fill it', async () => {
    await freeAll();
    // The trial: an engine first, by hand, then the recommended ambulance and patrol.
    const incident = await logCall('TRAFFICINJ');
    await dispatch(incident.id, ['e1']);
    let d = await detail(incident.id);
    assert.equal(d.incident.escalatedAt, undefined, 'a dispatch short of the run card with units free is no shortage');
    assert.deepEqual(kinds(d), []);
    await dispatch(incident.id, ['a1', 'p1']);
    d = await detail(incident.id);
    assert.equal(d.incident.escalatedAt, undefined);
    assert.deepEqual(kinds(d), []);
    assert.deepEqual(await alarmsOf(incident.id), [], 'no alarm was raised');
  });

  it('escalates when no unit fit for a line is free, once, and ends it with its alarm when the run card is covered', async () => {
    await freeAll();
    await call('POST', `${BASE}/units/l1/status`, { status: 'out_of_service' });
    const incident = await logCall('STRFIRE');
    // Two engines and an ambulance: the ladder line cannot be filled, nobody has a ladder free.
    await dispatch(incident.id, ['e1', 'e2', 'a1']);
    let d = await detail(incident.id);
    assert.ok(d.incident.escalatedAt, 'escalated');
    const escalation = d.timeline.find((e) => e.kind === 'escalation');
    assert.equal(escalation?.actor, dispatcher.username, 'in the name of the dispatcher who found it');
    // A code and the missing lines, for the console to word in the reader's language.
    assert.equal(escalation?.detail['code'], 'no_unit');
    assert.deepEqual(escalation?.detail['lines'], [{ missing: 1, anyOf: ['ladder'] }]);
    let alarms = await alarmsOf(incident.id);
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]?.state, 'active-unacknowledged');
    assert.equal(alarms[0]?.severity, 'critical', 'a priority-1 incident');
    // The number and type the operations centre words the alarm with, in its reader's language.
    assert.deepEqual(alarms[0]?.params, { number: incident.number, type: incident.typeCode });

    // Another unit sent while still short: the same escalation, not a second one.
    await dispatch(incident.id, ['a2']);
    assert.deepEqual(kinds(await detail(incident.id)), ['escalation']);

    // The ladder comes back and is sent: the run card is covered, the centre's escalation ends.
    await call('POST', `${BASE}/units/l1/status`, { status: 'available' });
    await dispatch(incident.id, ['l1']);
    d = await detail(incident.id);
    assert.equal(d.incident.escalatedAt, undefined, 'no longer escalated');
    assert.deepEqual(kinds(d), ['escalation', 'escalation_resolved']);
    assert.equal(d.timeline.find((e) => e.kind === 'escalation_resolved')?.detail['code'], 'run_card_covered');
    alarms = await alarmsOf(incident.id);
    assert.equal(alarms.length, 1);
    assert.ok(!alarms[0]?.state.startsWith('active'), `the alarm is cleared (${alarms[0]?.state})`);
  });

  it("keeps a dispatcher's own escalation when the run card is covered, until the incident closes", async () => {
    await freeAll();
    const incident = await logCall('TRAFFICINJ');
    await call('POST', `${BASE}/incidents/${incident.id}/escalate`, { reason: 'Xe khách lật, nhiều người bị thương' });
    await dispatch(incident.id, ['a1', 'p1']);
    const d = await detail(incident.id);
    assert.ok(d.incident.escalatedAt, 'still escalated');
    assert.deepEqual(kinds(d), ['escalation']);
    assert.equal((await alarmsOf(incident.id))[0]?.state, 'active-unacknowledged');
    await call('POST', `${BASE}/incidents/${incident.id}/close`, { disposition: 'resolved' });
    assert.ok(!(await alarmsOf(incident.id))[0]?.state.startsWith('active'), 'closing clears it');
  });
});
