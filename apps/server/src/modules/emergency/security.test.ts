import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, type Account } from '../../../test/support/app.js';
import { emergencyModule, provisionUnitDevices, unitDeviceId, type Incident, type Unit } from './index.js';
import { SEARCHES_PER_ACCOUNT } from './searches.js';

/**
 * What an attacker tried on the emergency centre, each refused: a reader's look that escalates, a
 * device bound to a unit by someone who may not dispatch, a terminal without its own secret, a
 * stale copy of the unit's record taken for the terminal's report, a status of 30 KB, a flood of
 * road searches.
 */

const APIKEY = 'k-emergency-sec';
const HOAN_KIEM: [number, number] = [105.8522, 21.0287];
const BASE = '/api/v1/emergency';
/** Road searches an account may ask a minute, here. */
const SEARCHES = 5;

interface Detail {
  incident: Incident;
  timeline: { kind: string; actor: string; unitId?: string; detail: Record<string, unknown> }[];
  calls: { callerName?: string }[];
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
    app = await buildTestApp(ctx.db, {
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      IOT_BATCH_WAIT: '2ms',
      // A small allowance: met in a few searches, long before a minute passes on a busy machine.
      EMERGENCY_SEARCHES_PER_MINUTE: String(SEARCHES),
    });
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

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, who = dispatcher) => {
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

  const dispatched = async (unitId: string) => {
    const incident = await newIncident({ typeCode: 'CARDIAC' });
    const sent = await call('POST', `${BASE}/incidents/${incident.id}/dispatch`, { unitIds: [unitId] });
    assert.equal(sent.status, 200, sent.body);
    return incident;
  };
  /** A terminal's report over HTTP: with its own secret when given. */
  const report = async (apikey: string, deviceId: string, payload: Record<string, unknown>, secret?: string) => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${apikey}&i=${deviceId}`,
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-device-secret': secret } : {}) },
      payload: JSON.stringify(payload),
    });
    assert.ok(res.statusCode < 300, `the report is taken by ingestion: ${res.body}`);
  };
  // Waited for by time, not by a count of tries: on a loaded machine each try itself takes long.
  const until = async (what: string, ok: () => Promise<boolean>, withinMs = 60_000) => {
    const end = Date.now() + withinMs;
    while (Date.now() < end) {
      if (await ok()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`never happened within ${withinMs / 1000} s: ${what}`);
  };
  /**
   * The change consumer handles changes in order: once a position the terminal sends now is on the
   * unit, everything written before it was handled too.
   */
  const settled = async (id: string, callSign: string) => {
    const lat = 21.02 + Math.random() / 100;
    await report(APIKEY, unitDeviceId(callSign), { gps: `${lat},105.85` }, secrets.get(id));
    await until('the position is on the unit', async () => (await unit(id)).location?.[1] === lat);
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

  it('refuses to bind a device to a unit, or give a unit terminal a secret, without emergency:write', async () => {
    const evil = {
      devices: [
        {
          device_id: 'evil',
          apikey: 'demo-emergency-evil',
          entity_name: 'urn:ngsi-ld:EmergencyUnit:S-A1',
          entity_type: 'EmergencyUnit',
        },
      ],
    };
    const bound = await call('POST', '/iot/devices', evil, operator);
    assert.equal(bound.status, 403, bound.body);
    assert.equal(problemOf(bound.res).code, 'IOT_ENTITY_TYPE_KEPT');
    // Another type named, the unit's entity all the same.
    const disguised = await call(
      'POST',
      '/iot/devices',
      { devices: [{ ...evil.devices[0], entity_type: 'Thing' }] },
      operator,
    );
    assert.equal(problemOf(disguised.res).code, 'IOT_ENTITY_TYPE_KEPT', 'the stored type of the entity counts');
    const group = await call(
      'POST',
      '/iot/services',
      {
        services: [
          { apikey: 'k-evil-group', resource: '/iot/json', entity_type: 'EmergencyUnit', autoprovision: true },
        ],
      },
      operator,
    );
    assert.equal(problemOf(group.res).code, 'IOT_ENTITY_TYPE_KEPT', 'nor a group of unit devices');
    const secret = await call('POST', `/iot/devices/${unitDeviceId('S-A1')}/secret`, {}, operator);
    assert.equal(problemOf(secret.res).code, 'IOT_ENTITY_TYPE_KEPT', "nor a new secret for a unit's terminal");
    const downgrade = await call('PUT', `/iot/services?apikey=${APIKEY}`, { deviceAuth: 'apikey' }, operator);
    assert.equal(problemOf(downgrade.res).code, 'IOT_ENTITY_TYPE_KEPT', "nor a change of the units' group");
    // Removing them would silence the terminals: the owner's to do too.
    const unplug = await call('DELETE', `/iot/devices/${unitDeviceId('S-A1')}`, undefined, operator);
    assert.equal(problemOf(unplug.res).code, 'IOT_ENTITY_TYPE_KEPT', "nor removing a unit's terminal");
    const drop = await call('DELETE', `/iot/services?apikey=${APIKEY}&device=true`, undefined, operator);
    assert.equal(problemOf(drop.res).code, 'IOT_ENTITY_TYPE_KEPT', "nor removing the units' group");
    const none = await call('GET', '/iot/devices/evil', undefined, admin);
    assert.equal(none.status, 404, 'nothing was provisioned');
    // The terminal's own secret still works: nothing changed.
    await report(APIKEY, unitDeviceId('S-A1'), { speed: 1 }, secrets.get('a1'));
  });

  it("takes a unit's status only from a terminal with its own secret, naming that device", async () => {
    const incident = await dispatched('e1');
    // An admin may bind a device to a unit, but in a group whose API key is all it takes.
    const group = await call(
      'POST',
      '/iot/services',
      { services: [{ apikey: 'k-weak', resource: '/iot/json', entity_type: 'Thing' }] },
      admin,
    );
    assert.equal(group.status, 201, group.body);
    const device = await call(
      'POST',
      '/iot/devices',
      {
        devices: [
          {
            device_id: 'weak',
            apikey: 'k-weak',
            entity_type: 'EmergencyUnit',
            entity_name: 'urn:ngsi-ld:EmergencyUnit:S-E1',
          },
        ],
      },
      admin,
    );
    assert.equal(device.status, 201, device.body);
    await report('k-weak', 'weak', { status: 'out_of_service' });
    await until('the refusal is on the timeline', async () =>
      (await detail(incident.id)).timeline.some((e) => e.kind === 'unit_status_refused'),
    );
    assert.equal((await unit('e1')).status, 'dispatched', 'the unit stays dispatched');
    const refusal = (await detail(incident.id)).timeline.find((e) => e.kind === 'unit_status_refused');
    assert.equal(refusal?.actor, 'device:weak', 'the device that sent it is named');
    assert.match(String(refusal?.detail['reason']), /own secret/);
    await app.audit.flush();
    const audited = await call('GET', '/api/v1/audit?action=emergency.unit-status-refused', undefined, admin);
    const records = audited.res.json<{ items: { actor: { id: string }; target: string }[] }>().items;
    assert.ok(
      records.some((r) => r.actor.id === 'weak' && r.target === 'urn:ngsi-ld:EmergencyUnit:S-E1'),
      `the refusal is in the audit trail, by the device: ${audited.body}`,
    );

    await report(APIKEY, unitDeviceId('S-E1'), { status: 'en_route' }, secrets.get('e1'));
    await until('the unit is en route', async () => (await unit('e1')).status === 'en_route');
    const moved = (await detail(incident.id)).timeline.find((e) => e.kind === 'unit_status');
    assert.equal(moved?.actor, `device:${unitDeviceId('S-E1')}`, 'the terminal is named by its device id');
  });

  it("takes a unit's position only from a terminal with its own secret, and tells the one that tried", async () => {
    const group = await call(
      'POST',
      '/iot/services',
      {
        services: [
          {
            apikey: 'k-weak-gps',
            resource: '/iot/json',
            entity_type: 'Thing',
            attributes: [{ object_id: 'gps', name: 'location', type: 'geo:point' }],
            commands: [{ name: 'positionRefused', type: 'command' }],
          },
        ],
      },
      admin,
    );
    assert.equal(group.status, 201, group.body);
    const device = await call(
      'POST',
      '/iot/devices',
      {
        devices: [
          {
            device_id: 'weak-gps',
            apikey: 'k-weak-gps',
            entity_type: 'EmergencyUnit',
            entity_name: 'urn:ngsi-ld:EmergencyUnit:S-A1',
          },
        ],
      },
      admin,
    );
    assert.equal(device.status, 201, device.body);
    await settled('a1', 'S-A1');
    const truth = (await unit('a1')).location;
    // Somewhere else in the city, with only the group's API key.
    await report('k-weak-gps', 'weak-gps', { gps: '21.0005,105.8001' });
    await app.audit.flush();
    await until('the refusal is audited', async () => {
      await app.audit.flush();
      const audited = await call('GET', '/api/v1/audit?action=emergency.unit-position-refused', undefined, admin);
      const records = audited.res.json<{ items: { actor: { id: string }; target: string }[] }>().items;
      return records.some((r) => r.actor.id === 'weak-gps' && r.target === 'urn:ngsi-ld:EmergencyUnit:S-A1');
    });
    await settled('a1', 'S-A1');
    const held = (await unit('a1')).location;
    assert.notDeepEqual(held, [105.8001, 21.0005], 'the position is not taken');
    // The entity is put back where the centre knows the unit, and carries the refusal the terminal is sent.
    await report('k-weak-gps', 'weak-gps', { gps: '21.0005,105.8001' });
    await until('the entity is put back', async () => {
      const entity = await call(
        'GET',
        `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:EmergencyUnit:S-A1')}?options=keyValues`,
        undefined,
        admin,
      );
      const body = entity.res.json<{ location?: { coordinates: number[] } }>();
      return JSON.stringify(body.location?.coordinates) === JSON.stringify((await unit('a1')).location);
    });
    const entity = await call(
      'GET',
      `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:EmergencyUnit:S-A1')}?options=keyValues`,
      undefined,
      admin,
    );
    const refusal = entity.res.json<{
      positionRefused?: { code: string; reported: string; text: { vi: string; en: string } };
    }>().positionRefused;
    assert.equal(refusal?.code, 'own_secret_required');
    assert.equal(refusal?.reported, 'position');
    assert.match(String(refusal?.text.vi), /vị trí của đơn vị chỉ được nhận từ thiết bị có khóa bí mật riêng/);
    assert.match(String(refusal?.text.en), /own secret/);
    assert.ok(truth, 'the unit had a position');
  });

  it("refuses a unit's position outside the city or out of its reach, and recommends it from its last good one", async () => {
    const positionRefused = async () => {
      const entity = await call(
        'GET',
        `/ngsi-ld/v1/entities/${encodeURIComponent('urn:ngsi-ld:EmergencyUnit:S-E1')}?options=keyValues`,
        undefined,
        admin,
      );
      return entity.res.json<{ location?: { coordinates: number[] }; positionRefused?: { code: string } }>();
    };
    await settled('e1', 'S-E1');
    const truth = (await unit('e1')).location;
    assert.ok(truth, 'the unit has a position');
    // Ho Chi Minh City, from the unit's own terminal: a bad fix, not the unit.
    await report(APIKEY, unitDeviceId('S-E1'), { gps: '10.8,106.7' }, secrets.get('e1'));
    await until('the terminal is told', async () => (await positionRefused()).positionRefused?.code === 'outside_city');
    assert.deepEqual((await positionRefused()).location?.coordinates, truth, 'the entity is put back');
    assert.deepEqual((await unit('e1')).location, truth, 'the unit stays where it was');
    const incident = await newIncident({ location: [truth[0] + 0.002, truth[1]] });
    const recommended = await call('GET', `${BASE}/incidents/${incident.id}/recommendations`);
    assert.equal(recommended.status, 200, recommended.body);
    const { unplaced } = recommended.res.json<{ unplaced: { unitId: string }[] }>();
    assert.ok(!unplaced.some((u) => u.unitId === 'e1'), 'the unit is still recommended from where it was');
    assert.match(recommended.body, /"e1"/);
    // 25 km away a moment later, inside the city: no engine drives that fast.
    await report(APIKEY, unitDeviceId('S-E1'), { gps: '21.0,105.6' }, secrets.get('e1'));
    await until(
      'the jump is refused',
      async () => (await positionRefused()).positionRefused?.code === 'implausible_jump',
    );
    assert.deepEqual((await unit('e1')).location, truth);
    await app.audit.flush();
    const audited = await call('GET', '/api/v1/audit?action=emergency.unit-position-refused', undefined, admin);
    const whys = audited.res
      .json<{ items: { actor: { id: string }; detail: { why: string } }[] }>()
      .items.filter((r) => r.actor.id === unitDeviceId('S-E1'))
      .map((r) => r.detail.why);
    assert.ok(whys.includes('outside_city') && whys.includes('implausible_jump'), `audited: ${whys.join()}`);
    // The next good position nearby is taken.
    await settled('e1', 'S-E1');
    await call('POST', `${BASE}/incidents/${incident.id}/close`, { disposition: 'false_alarm' });
  });

  it("shows a viewer a caller's initials, or that a name was given when it has none to take", async () => {
    for (const [callerName, masked] of [
      ['Nguyễn Văn An', 'N. V. A.'],
      ['A1', '[hidden]'],
    ] as const) {
      const incident = await newIncident({ callerName, phone: '0912345678' });
      const seen = await call('GET', `${BASE}/incidents/${incident.id}`, undefined, viewer);
      assert.equal(seen.status, 200, seen.body);
      assert.equal(seen.res.json<Detail>().calls[0]?.callerName, masked, callerName);
      assert.doesNotMatch(seen.body, new RegExp(callerName));
      await call('POST', `${BASE}/incidents/${incident.id}/close`, { disposition: 'false_alarm' });
    }
  });

  it("never takes the centre's own record of a unit for its terminal's report", async () => {
    await dispatched('a1');
    const moved = await call('POST', `${BASE}/units/a1/status`, { status: 'en_route' });
    assert.equal(moved.status, 200, moved.body);
    // A status on the unit's entity that no device wrote (a copy of the centre's own record, as a
    // stale read of it would give) is not a report.
    const terms = await app.broker.resolver.core();
    await app.broker.service.upsertBatch(
      '',
      [
        {
          entity: {
            id: 'urn:ngsi-ld:EmergencyUnit:S-A1',
            types: [terms.expand('EmergencyUnit')],
            attrs: { [terms.expand('status')]: [{ type: 'Property', value: 'out_of_service' }] },
          },
        },
      ],
      'update',
    );
    await settled('a1', 'S-A1');
    const after = await unit('a1');
    assert.equal(after.status, 'en_route', 'the unit is as the console left it');
    const history = await call('GET', `${BASE}/incidents/${after.incidentId}`);
    const timeline = history.res.json<Detail>().timeline;
    assert.ok(
      !timeline.some((e) => e.kind === 'unit_status' && e.actor.startsWith('device:')),
      'no status change is put down to a device',
    );
  });

  it('refuses a status that is not one briefly, and counts the same refusal again on one line', async () => {
    const incident = await dispatched('e1').catch(async () => {
      // Still out from an earlier test: released first.
      await call('POST', `${BASE}/units/e1/status`, { status: 'available' });
      return dispatched('e1');
    });
    const junk = 'X'.repeat(30_000);
    const refusalsNow = async () => {
      const res = await call('GET', `${BASE}/incidents/${incident.id}`);
      return { res, refusals: res.res.json<Detail>().timeline.filter((e) => e.kind === 'unit_status_refused') };
    };
    for (let i = 0; i < 5; i++) {
      await report(APIKEY, unitDeviceId('S-E1'), { status: junk }, secrets.get('e1'));
      // Each report handled before the next is sent: two in one batch of ingestion are one write.
      await until(`refusal ${i + 1} counted`, async () => {
        const { refusals } = await refusalsNow();
        return refusals.length > 0 && Number(refusals[0]?.detail['count'] ?? 1) >= i + 1;
      });
    }
    const { res, refusals } = await refusalsNow();
    assert.equal(refusals.length, 1, 'one line for the same refusal');
    assert.ok(Number(refusals[0]?.detail['count'] ?? 1) >= 5, 'the repeats are counted on it');
    assert.ok(String(refusals[0]?.detail['to']).length < 100, 'the value is cut short');
    assert.ok(res.body.length < 20_000, `the incident stays small (${res.body.length} bytes)`);
  });

  it("shares a recent recommendation among readers, and limits an account's road searches", async () => {
    const incident = await newIncident({ typeCode: 'CARDIAC' });
    const reader = await accountWith(app, ['viewer'], '');
    const many = await Promise.all(
      Array.from({ length: SEARCHES_PER_ACCOUNT + 10 }, () =>
        call('GET', `${BASE}/incidents/${incident.id}/recommendations`, undefined, reader),
      ),
    );
    assert.deepEqual(
      many.map((r) => r.status),
      many.map(() => 200),
      'readers of one incident share one search: none is refused',
    );
    // Searches of other incidents up to the allowance: the next is refused until the minute is over.
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i <= SEARCHES && !refused; i++) {
      const other = await newIncident({ typeCode: 'CARDIAC', location: [105.8 + i / 1000, 21.03] });
      const res = await call('GET', `${BASE}/incidents/${other.id}/recommendations`, undefined, reader);
      if (res.status !== 200) refused = res;
    }
    assert.ok(refused, 'an account searching past its allowance is refused');
    assert.equal(refused.status, 429);
    assert.equal(problemOf(refused.res).code, 'EMERGENCY_SEARCHES_LIMITED');
    assert.ok(Number(refused.res.headers['retry-after']) >= 1, 'Retry-After says when to ask again');
    // Readers share one allowance: another reader is held back too; a dispatcher is not.
    const anotherReader = await call('GET', `${BASE}/incidents/${incident.id}/recommendations`, undefined, viewer);
    assert.equal(anotherReader.status, 429, 'several readers are not several allowances');
    const dispatching = await call('GET', `${BASE}/incidents/${incident.id}/recommendations`);
    assert.equal(dispatching.status, 200, 'a dispatcher is not held back');
  });
});
