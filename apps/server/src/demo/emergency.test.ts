import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../app.js';
import { roadNetwork } from '../modules/city/index.js';
import { createRandom } from '../simulator/random.js';
import { parseUnitsDoing } from '../simulator/emergency.js';
import { describeEachDriver } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { AppError } from '../platform/errors.js';
import {
  allUnitsCleared,
  callPlace,
  callWards,
  DutyDispatcher,
  plausibleDisposition,
  simulatedCall,
} from './emergency-calls.js';
import {
  AGENCIES,
  CAPABILITIES,
  UNIT_KINDS,
  type EmergencyCentre,
  type IncidentDetail,
  type IncidentType,
  type LonLat,
} from './emergency-centre.js';
import {
  createEmergencyRoster,
  demoEmergencyRoster,
  demoUnitsDoing,
  provisionEmergencyUnits,
  readEmergencyFacts,
} from './emergency.js';
import { emergencyModule } from '../modules/emergency/index.js';
import { DEMO_API_KEYS, demoUnitSecret, newDemoUnitsKey } from './index.js';

const roster = demoEmergencyRoster();
const facts = readEmergencyFacts();

describe('demo emergency roster', () => {
  it('has about forty units of every kind, each with a unique call sign whose lower case is its device', () => {
    assert.ok(roster.units.length >= 35 && roster.units.length <= 45, `${roster.units.length} units`);
    assert.equal(new Set(roster.units.map((u) => u.callSign)).size, roster.units.length);
    for (const u of roster.units) {
      assert.equal(u.deviceId, u.callSign.toLowerCase());
      assert.equal(u.id, u.deviceId);
      assert.match(u.callSign, /^(CH|115|CS)-\d{2}-[ELRAP]\d$/);
    }
    for (const kind of UNIT_KINDS)
      assert.ok(
        roster.units.some((u) => u.kind === kind),
        kind,
      );
    assert.ok(
      roster.units.filter((u) => u.kind === 'ambulance').length >= 12,
      "roster.units.filter((u) => u.kind === 'ambulance').length >= 12",
    );
    assert.ok(
      roster.units.filter((u) => u.kind === 'police_patrol').length >= 6,
      "roster.units.filter((u) => u.kind === 'police_patrol').length >= 6",
    );
  });

  it('is valid against the model: kinds, agencies and capabilities that go together, a crew, a home station', () => {
    const stations = new Map(roster.stations.map((s) => [s.id, s]));
    const needs = {
      fire_engine: ['engine'],
      ladder_truck: ['ladder'],
      rescue_team: ['rescue'],
      ambulance: ['bls'],
      police_patrol: ['patrol'],
    } as const;
    const agencyOf = {
      fire_engine: 'fire',
      ladder_truck: 'fire',
      rescue_team: 'fire',
      ambulance: 'medical',
      police_patrol: 'police',
    };
    for (const u of roster.units) {
      assert.ok(UNIT_KINDS.includes(u.kind), u.id);
      assert.ok(AGENCIES.includes(u.agency), u.id);
      assert.equal(u.agency, agencyOf[u.kind], u.id);
      assert.ok(u.capabilities.length > 0 && u.capabilities.every((c) => CAPABILITIES.includes(c)), u.id);
      for (const c of needs[u.kind]) assert.ok(u.capabilities.includes(c), `${u.id} lacks ${c}`);
      assert.ok(Number.isInteger(u.crew) && u.crew >= 2 && u.crew <= 8, u.id);
      const station = stations.get(u.stationId);
      assert.ok(station, `${u.id}: station ${u.stationId}`);
      assert.equal(station.agency, u.agency, u.id);
      assert.deepEqual(u.home, station.location);
    }
    // A house fire's run card (2 engines, a ladder, an ambulance) can be filled several times over.
    assert.ok(
      roster.units.filter((u) => u.capabilities.includes('engine')).length >= 8,
      "roster.units.filter((u) => u.capabilities.includes('engine')).length >= 8",
    );
    assert.ok(
      roster.units.filter((u) => u.capabilities.includes('ladder')).length >= 3,
      "roster.units.filter((u) => u.capabilities.includes('ladder')).length >= 3",
    );
    assert.ok(
      roster.units.some((u) => u.capabilities.includes('water_rescue')),
      "roster.units.some((u) => u.capabilities.includes('water_rescue'))",
    );
    assert.ok(
      roster.units.some((u) => u.capabilities.includes('als')),
      "roster.units.some((u) => u.capabilities.includes('als'))",
    );
  });

  it('bases the fire units at every fire station OSM has, several at each, and ambulances at hospitals that take emergencies', () => {
    for (const s of facts.fireStations) {
      assert.ok(roster.units.filter((u) => u.stationId === s.id).length >= 2, s.id);
    }
    const hospitals = new Map(facts.hospitals.map((h) => [h.id, h]));
    for (const s of roster.stations.filter((x) => x.agency === 'medical')) {
      const hospital = hospitals.get(s.id.replace(/^post115-/, ''));
      assert.ok(hospital?.emergency === true, s.id);
      assert.deepEqual(s.location, hospital.location);
      assert.match(s.name, /^Trạm cấp cứu 115 – /);
    }
  });

  it('gives every hospital a simulated count of free beds: some full, most not', () => {
    assert.equal(roster.hospitals.length, facts.hospitals.length);
    for (const h of roster.hospitals) assert.ok(Number.isInteger(h.bedsFree) && h.bedsFree! >= 0, h.id);
    const full = roster.hospitals.filter((h) => h.bedsFree === 0).length;
    assert.ok(full >= 1 && full < roster.hospitals.length / 4, `${full} full`);
    // The same every start: the demo tells one story.
    assert.deepEqual(demoEmergencyRoster().hospitals, roster.hospitals);
  });

  it('tells the centre of stations, hospitals and units in the unit shape of the contract, the same on every start', async () => {
    const told: { what: string; value: unknown }[] = [];
    const centre = {
      upsertStation: async (_t: string, value: unknown) => void told.push({ what: 'station', value }),
      upsertHospital: async (_t: string, value: unknown) => void told.push({ what: 'hospital', value }),
      upsertUnit: async (_t: string, value: unknown) => {
        told.push({ what: 'unit', value });
        return value;
      },
    } as unknown as EmergencyCentre;
    await createEmergencyRoster(centre, roster);
    const once = told.splice(0);
    await createEmergencyRoster(centre, roster);
    assert.deepEqual(told, once);
    const units = once.filter((t) => t.what === 'unit').map((t) => t.value as Record<string, unknown>);
    assert.equal(units.length, roster.units.length);
    for (const u of units) {
      assert.deepEqual(Object.keys(u).sort(), [
        'agency',
        'callSign',
        'capabilities',
        'crew',
        'id',
        'kind',
        'stationId',
      ]);
    }
  });
});

describe('demo emergency calls', () => {
  const network = roadNetwork();
  const wards = callWards();
  const types: IncidentType[] = [
    { code: 'MEDICAL', group: 'medical', priority: 2, agencies: ['medical'] },
    { code: 'CARDIAC', group: 'medical', priority: 1, agencies: ['medical'] },
    { code: 'THEFT', group: 'police', priority: 3, agencies: ['police'] },
    { code: 'STRFIRE', group: 'fire_rescue', priority: 1, agencies: ['fire', 'medical'] },
    { code: 'FLOOD', group: 'disaster', priority: 2, agencies: ['civil_defence'] },
  ].map((t) => ({
    ...t,
    commonCode: 'TROUBLE',
    vi: t.code,
    en: t.code,
    runCard: [],
    sop: [],
    compatible: [],
    keywords: [],
  })) as IncidentType[];

  it('rings from a street of a ward of the city, as the caller says it', () => {
    const random = createRandom(7);
    for (let i = 0; i < 40; i++) {
      const place = callPlace(random, wards, network);
      assert.ok(network.snap(place.location).distanceM < 5, 'on a road');
      const ward = wards.find((w) => w.code === place.ward)!;
      assert.ok(place.address.endsWith(ward.name), place.address);
    }
  });

  it('is about Hanoi’s mix of troubles, from a caller who is plainly fictitious', () => {
    const random = createRandom(11);
    const place = { location: [105.8523, 21.0341] as LonLat, address: '12 Hàng Bạc, Phường Hoàn Kiếm' };
    const calls = Array.from({ length: 400 }, () =>
      simulatedCall(random, types, place, new Date('2026-03-02T09:00:00Z')),
    );
    const share = (group: string) =>
      calls.filter((c) => types.find((t) => t.code === c.typeCode)!.group === group).length / calls.length;
    assert.ok(share('medical') > 0.4 && share('medical') < 0.6, `medical ${share('medical')}`);
    assert.ok(share('police') > 0.18 && share('police') < 0.36, "share('police') > 0.18 && share('police') < 0.36");
    assert.ok(
      share('fire_rescue') > 0.12 && share('fire_rescue') < 0.28,
      "share('fire_rescue') > 0.12 && share('fire_rescue') < 0.28",
    );
    for (const c of calls) {
      assert.match(c.phone ?? '', /^0900000\d{3}$/);
      assert.match(c.callerName!, /\(demo\)$/);
      assert.match(c.text!, /^\[Demo\] /);
      assert.deepEqual(c.location, place.location);
    }
  });

  it('closes an incident only once every unit has cleared, with a disposition that fits what happened', () => {
    const unit = (status: string, extra: object = {}) => ({ id: `u-${status}`, status, incidentId: 'i1', ...extra });
    const detail = (group: string, units: object[], timeline: object[] = []) =>
      ({
        incident: { id: 'i1', group },
        units,
        responses: units.map(() => ({})),
        timeline,
      }) as unknown as IncidentDetail;
    assert.equal(allUnitsCleared(detail('medical', [unit('on_scene')])), false);
    assert.equal(allUnitsCleared(detail('medical', [unit('returning'), unit('at_hospital')])), false);
    assert.equal(allUnitsCleared(detail('medical', [unit('returning'), unit('available')])), true);
    assert.equal(allUnitsCleared(detail('medical', [])), false, 'never sent is not cleared');
    const random = createRandom(3);
    const transported = detail(
      'medical',
      [unit('returning')],
      [{ kind: 'unit_status', detail: { status: 'transporting' } }],
    );
    assert.equal(plausibleDisposition(transported, random), 'transported');
    assert.equal(plausibleDisposition(detail('medical', [unit('returning')]), random), 'treated_no_transport');
    for (let i = 0; i < 20; i++) {
      assert.ok(
        ['report_taken', 'arrest', 'gone_on_arrival'].includes(plausibleDisposition(detail('police', []), random)),
        "['report_taken', 'arrest', 'gone_on_arrival'].includes(plausibleDisposition(detail('police', []), random))",
      );
      assert.ok(
        ['resolved', 'false_alarm'].includes(plausibleDisposition(detail('fire_rescue', []), random)),
        "['resolved', 'false_alarm'].includes(plausibleDisposition(detail('fire_rescue', []), random))",
      );
    }
  });

  it('the duty dispatcher sends the recommendation after a human pause, tries again after a race, and closes once units cleared', async () => {
    const T0 = Date.parse('2026-03-02T09:00:00Z');
    const done: string[] = [];
    let race = true;
    let status = 'on_scene';
    // A stand-in for the centre: what the dispatcher asks and does is what is checked.
    const centre = {
      recommend: async () => ({ suggested: [{ unit: { id: 'ch-01-e1' } }, { unit: { id: '115-01-a1' } }] }),
      dispatch: async (_t: string, actor: string, id: string, unitIds: string[]) => {
        if (race) {
          race = false;
          throw new AppError('EMERGENCY_UNIT_NOT_AVAILABLE', 409, 'taken by another dispatcher');
        }
        done.push(`dispatch ${id} ${unitIds.join(',')} by ${actor}`);
      },
      incident: async (_t: string, id: string) => ({
        incident: { id, group: 'medical', status: 'dispatched' },
        units: [{ id: '115-01-a1', status, incidentId: id }],
        responses: [{}],
        timeline: [],
      }),
      close: async (_t: string, _a: string, id: string, disposition: string) =>
        void done.push(`close ${id} ${disposition}`),
    } as unknown as EmergencyCentre;
    const duty = new DutyDispatcher(centre, '', createRandom(5));
    duty.follow('i1', T0);
    await duty.round(T0 + 20_000);
    assert.deepEqual(done, [], 'no one dispatches within 30 s of the call');
    await duty.round(T0 + 121_000); // the first try loses a race
    assert.deepEqual(done, []);
    await duty.round(T0 + 131_000);
    assert.deepEqual(done, ['dispatch i1 ch-01-e1,115-01-a1 by demo:dispatcher']);
    await duty.round(T0 + 3_600_000);
    assert.equal(done.length, 1, 'not closed while a unit is on scene');
    status = 'returning';
    await duty.round(T0 + 3_700_000);
    await duty.round(T0 + 3_700_000 + 151_000);
    assert.deepEqual(done.slice(1), ['close i1 treated_no_transport']);
    assert.equal(duty.following, 0);

    // After a restart it follows again the open incidents of its own calls, not a person's.
    const again = new DutyDispatcher(
      {
        ...centre,
        listIncidents: async () => [{ id: 'i2' }, { id: 'i3' }],
        incident: async (_t: string, id: string) => ({
          incident: { id, group: 'police', status: 'dispatched' },
          units: [{ id: 'cs-01-p1', status: 'available', incidentId: id }],
          responses: [{}],
          timeline: [{ kind: 'call_answered', actor: id === 'i2' ? 'demo:call-taker' : 'user-7' }],
        }),
      } as unknown as EmergencyCentre,
      '',
      createRandom(6),
    );
    await again.resume(T0);
    assert.equal(again.following, 1);
    await again.round(T0);
    await again.round(T0 + 151_000);
    assert.match(done[2] ?? '', /^close i2 (report_taken|arrest|gone_on_arrival)$/);
    assert.equal(done.length, 3);
  });

  it('hands the units over as the centre has them: the one en route with its incident and last position', async () => {
    const [busy, free, broken] = roster.units;
    const centre = {
      listUnits: async () => [
        { id: busy!.id, status: 'en_route', location: [105.853, 21.029], incidentId: 'i5' },
        { id: free!.id, status: 'available' },
        { id: broken!.id, status: 'out_of_service' },
        { id: 'not-of-the-roster', status: 'on_scene', incidentId: 'i5' },
      ],
      incident: async (_t: string, id: string) => ({
        incident: { id, number: '2026-000005', typeCode: 'BREATHING', priority: 1, location: [105.8523, 21.0341] },
      }),
    } as unknown as EmergencyCentre;
    const doing = await demoUnitsDoing(centre, roster);
    assert.deepEqual(doing, [
      {
        deviceId: busy!.deviceId,
        status: 'en_route',
        location: [105.853, 21.029],
        incident: {
          incidentId: 'i5',
          incidentNumber: '2026-000005',
          typeCode: 'BREATHING',
          priority: 1,
          location: [105.8523, 21.0341],
        },
      },
      { deviceId: broken!.deviceId, status: 'out_of_service' },
    ]);
    // What the simulator reads back is the same.
    assert.deepEqual(parseUnitsDoing(JSON.stringify(doing)), doing);
  });

  it('the duty dispatcher sends again an incident its units left before arriving (back to pending)', async () => {
    const T0 = Date.parse('2026-03-02T09:00:00Z');
    const done: string[] = [];
    let status = 'dispatched';
    const centre = {
      // After a restart: the incident was dispatched when the dispatcher looked again.
      listIncidents: async () => [{ id: 'i4' }],
      recommend: async () => ({ suggested: [{ unit: { id: '115-02-a2' } }] }),
      dispatch: async (_t: string, _actor: string, id: string, unitIds: string[]) => {
        done.push(`dispatch ${id} ${unitIds.join(',')}`);
        status = 'dispatched';
      },
      incident: async (_t: string, id: string) => ({
        incident: { id, group: 'medical', status },
        units: status === 'pending' ? [] : [{ id: '115-02-a1', status: 'en_route', incidentId: id }],
        responses: [{}],
        timeline: [{ kind: 'call_answered', actor: 'demo:call-taker' }],
      }),
    } as unknown as EmergencyCentre;
    const duty = new DutyDispatcher(centre, '', createRandom(7));
    await duty.resume(T0);
    await duty.round(T0 + 10_000);
    assert.deepEqual(done, [], 'dispatched already: nothing to send');
    // Its unit's terminal said available while en route: the incident waits for a unit again.
    status = 'pending';
    await duty.round(T0 + 20_000);
    assert.deepEqual(done, [], 'after a human pause');
    await duty.round(T0 + 70_000);
    assert.deepEqual(done, ['dispatch i4 115-02-a2']);
  });
});

describeEachDriver('demo emergency units as devices', (ctx) => {
  let app: App;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
  });
  let workers = false;
  after(async () => {
    if (workers) await app.broker.stopWorker();
    await app.http.close();
  });

  it('provisions each unit once as a device of the emergency group, its entity named by its call sign', async () => {
    const key = newDemoUnitsKey();
    assert.equal(await provisionEmergencyUnits(app.ingest.provisioning, roster, key), roster.units.length);
    assert.equal(await provisionEmergencyUnits(app.ingest.provisioning, roster, key), 0);
    const unit = roster.units.find((u) => u.kind === 'ambulance')!;
    const device = await app.http.inject({ method: 'GET', url: `/iot/devices/${unit.deviceId}`, headers: admin.auth });
    assert.equal(device.statusCode, 200, device.body);
    const body = device.json<Record<string, unknown>>();
    assert.equal(body['entity_name'], `urn:ngsi-ld:EmergencyUnit:${unit.callSign}`);

    // Each terminal its own secret: the group's API key alone is not enough.
    const report = { gps: '21.0341, 105.8523', status: 'en_route', speed: 42, heading: 90 };
    const keyOnly = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.emergency}&i=${unit.deviceId}`,
      payload: report,
    });
    assert.equal(keyOnly.statusCode, 401, keyOnly.body);
    // The unit reports like a device: position, status and speed reach its entity.
    const res = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.emergency}&i=${unit.deviceId}`,
      headers: { 'x-device-secret': demoUnitSecret(key, unit.deviceId) },
      payload: report,
    });
    assert.ok(res.statusCode < 300, res.body);
    const entity = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/urn:ngsi-ld:EmergencyUnit:${unit.callSign}?options=keyValues`,
      headers: admin.auth,
    });
    assert.equal(entity.statusCode, 200, entity.body);
    const e = entity.json<Record<string, unknown>>();
    assert.deepEqual(e['location'], { type: 'Point', coordinates: [105.8523, 21.0341] });
    assert.equal(e['status'], 'en_route');
    assert.equal(e['speed'], 42);
    // It takes its assignments as a command of the group (the IoT Agent's <command>_status).
    assert.equal(e['assignment_status'], 'UNKNOWN');
    assert.equal(e['statusRefused_status'], 'UNKNOWN', 'and refusals of the statuses it reports');

    // The centre takes the positions of a terminal with its own secret: none is refused.
    await app.broker.startWorker();
    workers = true;
    await app.modules.startWorker();
    const centre = app.modules.get(emergencyModule);
    const station = roster.stations.find((s) => s.id === unit.stationId);
    assert.ok(station, 'the unit has a home station');
    await centre.upsertStation('', station);
    const { deviceId: _device, home: _home, ...input } = unit;
    await centre.upsertUnit('', input);
    const moved = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.emergency}&i=${unit.deviceId}`,
      headers: { 'x-device-secret': demoUnitSecret(key, unit.deviceId) },
      payload: { gps: '21.0290, 105.8530', speed: 30 },
    });
    assert.ok(moved.statusCode < 300, moved.body);
    let held: readonly number[] | undefined;
    for (let i = 0; i < 500 && JSON.stringify(held) !== '[105.853,21.029]'; i++) {
      held = (await centre.unit('', unit.id)).location;
      if (JSON.stringify(held) !== '[105.853,21.029]') await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(held, [105.853, 21.029], 'the centre holds the position the terminal sent');
    const after = await app.http.inject({
      method: 'GET',
      url: `/ngsi-ld/v1/entities/urn:ngsi-ld:EmergencyUnit:${unit.callSign}?options=keyValues`,
      headers: admin.auth,
    });
    const kept = after.json<Record<string, unknown>>();
    assert.deepEqual(kept['location'], { type: 'Point', coordinates: [105.853, 21.029] });
    assert.equal(kept['positionRefused_status'], 'UNKNOWN', 'its positions are not refused');
    assert.equal(kept['positionRefused'], undefined, 'no refusal is told to it');

    // The next start's secrets replace these.
    await provisionEmergencyUnits(app.ingest.provisioning, roster, newDemoUnitsKey());
    const stale = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.emergency}&i=${unit.deviceId}`,
      headers: { 'x-device-secret': demoUnitSecret(key, unit.deviceId) },
      payload: report,
    });
    assert.equal(stale.statusCode, 401, stale.body);

    // A device that is not a unit of the roster is not taken in.
    const stranger = await app.http.inject({
      method: 'POST',
      url: `/iot/json?k=${DEMO_API_KEYS.emergency}&i=ch-99-e9`,
      payload: { status: 'available' },
    });
    assert.ok(stranger.statusCode >= 400, `${stranger.statusCode}`);
  });
});
