import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNIT_TRANSITIONS, type LonLat, type UnitStatus } from '../demo/emergency-centre.js';
import { demoEmergencyRoster, type RosterUnit } from '../demo/emergency.js';
import { roadNetwork } from '../modules/city/index.js';
import { cityWorld, MOVING_REPORT_S, parseUnitsDoing, RespondingUnit, type UnitReport } from './emergency.js';
import { randomFor } from './random.js';

const network = roadNetwork();
const roster = demoEmergencyRoster();
const world = cityWorld(network, roster);
const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOURS = 3600_000;

const metres = (a: LonLat, b: LonLat) =>
  Math.hypot((b[0] - a[0]) * 111_320 * Math.cos((21 * Math.PI) / 180), (b[1] - a[1]) * 111_320);
/** Metres from a point to a polyline. */
function offLine(p: LonLat, line: readonly LonLat[]): number {
  let best = Infinity;
  const k = Math.cos((21 * Math.PI) / 180);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const [bx, by] = [(b[0] - a[0]) * k, b[1] - a[1]];
    const [px, py] = [(p[0] - a[0]) * k, p[1] - a[1]];
    const len = bx * bx + by * by;
    const t = len > 0 ? Math.max(0, Math.min(1, (px * bx + py * by) / len)) : 0;
    best = Math.min(best, Math.hypot(px - t * bx, py - t * by) * 111_320);
  }
  return best;
}

const first = (pred: (u: RosterUnit) => boolean) => {
  const u = roster.units.find(pred);
  assert.ok(u, 'the roster has such a unit');
  return u;
};
const ambulance = first((u) => u.kind === 'ambulance');
const engine = first((u) => u.kind === 'fire_engine');
/** A call in the Old Quarter: Hàng Bạc, Hoàn Kiếm. */
const CALL: LonLat = [105.8523, 21.0341];
const dispatch = (location: LonLat = CALL) => ({
  action: 'dispatch' as const,
  incidentId: 'inc-1',
  incidentNumber: '2026-000001',
  typeCode: 'MEDICAL',
  priority: 1,
  location,
});
const statuses = (reports: readonly UnitReport[]) => reports.flatMap((r) => (r.status ? [r.status] : []));
const at = (reports: readonly UnitReport[], status: UnitStatus) => {
  const r = reports.find((x) => x.status === status);
  assert.ok(r, `${status} reported`);
  return r;
};
/** Every change is one the centre allows, from the `dispatched` the centre set. */
function assertLegal(sequence: readonly UnitStatus[], from: UnitStatus = 'dispatched') {
  let current = from;
  for (const next of sequence) {
    assert.ok(UNIT_TRANSITIONS[current].includes(next), `${current} → ${next} is not a legal change`);
    current = next;
  }
}

describe('demo emergency units: a unit answers its assignment', () => {
  it('an ambulance given a hospital: en route after its turnout, on scene, transporting, at hospital, returning, available, in that order', () => {
    const hospital = roster.hospitals.find((h) => h.name === 'Bệnh viện Hữu nghị Việt Đức') ?? roster.hospitals[0]!;
    const unit = new RespondingUnit(ambulance, world, randomFor(1, 'test', ambulance.id), T0);
    unit.step(T0); // on line at its station
    assert.match(unit.command(dispatch(), T0), /^accepted/);
    assert.match(
      unit.command(
        { action: 'hospital', incidentId: 'inc-1', hospital: { ...hospital, location: hospital.location } },
        T0 + 1000,
      ),
      /^accepted/,
    );
    const reports = unit.step(T0 + 6 * HOURS);
    const sequence = statuses(reports);
    assert.deepEqual(sequence, ['en_route', 'on_scene', 'transporting', 'at_hospital', 'returning', 'available']);
    assertLegal(sequence);
    assert.equal(unit.status, 'available');

    // Turnout: 30–58 s for an ambulance from the dispatch to en route, now and then 85–120 s.
    const enRoute = at(reports, 'en_route');
    assert.ok(enRoute.at - T0 >= 30_000 && enRoute.at - T0 <= 120_000, `turnout ${(enRoute.at - T0) / 1000} s`);

    // On the way, a position every 5 s, each on the road route from the station to the call.
    const onScene = at(reports, 'on_scene');
    const driving = reports.filter((r) => r.at >= enRoute.at && r.at <= onScene.at);
    const route = network.route(ambulance.home, CALL, { profile: 'emergency', snapSlackM: 25 })!;
    assert.ok(driving.length >= 10, `${driving.length} reports on the way`);
    for (let i = 1; i < driving.length - 1; i++) {
      assert.equal(driving[i]!.at - driving[i - 1]!.at, MOVING_REPORT_S * 1000);
    }
    for (const r of driving)
      assert.ok(
        offLine(r.location, route.coordinates) < 15,
        `${offLine(r.location, route.coordinates)} m off the route`,
      );
    // The travel takes the route's free-flow time or a little more (traffic), at plausible speeds.
    const travelS = (onScene.at - enRoute.at) / 1000;
    assert.ok(
      travelS >= route.seconds && travelS <= route.seconds * 1.6,
      `${travelS} s for a ${route.seconds} s route`,
    );
    for (const r of driving.slice(0, -1)) assert.ok(r.speed >= 10 && r.speed <= 110, `${r.speed} km/h`);
    assert.ok(metres(onScene.location, CALL) < 60, `on scene ${metres(onScene.location, CALL)} m from the call`);
    assert.equal(onScene.speed, 0);

    // It takes the patient to the hospital it was given, and comes home.
    assert.ok(
      metres(at(reports, 'at_hospital').location, hospital.location) < 300,
      "metres(at(reports, 'at_hospital').location, hospital.location) < 300",
    );
    assert.ok(
      metres(at(reports, 'available').location, ambulance.home) < 300,
      "metres(at(reports, 'available').location, ambulance.home) < 300",
    );
    // Time runs forward.
    for (let i = 1; i < reports.length; i++)
      assert.ok(reports[i]!.at >= reports[i - 1]!.at, 'reports[i]!.at >= reports[i - 1]!.at');
  });

  it('a fire engine goes home from the scene: en route, on scene, returning, available', () => {
    const unit = new RespondingUnit(engine, world, randomFor(2, 'test', engine.id), T0);
    unit.command(dispatch(), T0);
    const reports = unit.step(T0 + 6 * HOURS);
    const sequence = statuses(reports);
    assert.deepEqual(sequence, ['en_route', 'on_scene', 'returning', 'available']);
    assertLegal(sequence);
    const onScene = at(reports, 'on_scene').at;
    const left = at(reports, 'returning').at;
    assert.ok(left - onScene >= 15 * 60_000 && left - onScene <= 40 * 60_000, 'an engine stays 15–40 min');
  });

  it('released on the way, it turns back and is available at its station, never on scene', () => {
    const unit = new RespondingUnit(engine, world, randomFor(3, 'test', engine.id), T0);
    unit.command(dispatch([105.8412, 20.995]), T0);
    const before = unit.step(T0 + 150_000);
    assert.deepEqual(statuses(before), ['en_route']);
    assert.match(unit.command({ action: 'release', incidentId: 'inc-1' }, T0 + 150_000), /^accepted/);
    const after = unit.step(T0 + 3 * HOURS);
    // The centre set it returning; the unit says only that it is back.
    assert.deepEqual(statuses(after), ['available']);
    assertLegal(['available'], 'returning');
    assert.ok(
      metres(at(after, 'available').location, engine.home) < 300,
      "metres(at(after, 'available').location, engine.home) < 300",
    );
  });

  it('turns out within its target (60 s for an ambulance) nearly always, and late now and then: alarms are events, not noise', () => {
    const turnouts = Array.from({ length: 200 }, (_, i) => {
      const unit = new RespondingUnit(ambulance, world, randomFor(i, 'turnout', ambulance.id), T0);
      unit.step(T0);
      assert.match(unit.command(dispatch(), T0), /^accepted/);
      return at(unit.step(T0 + 130_000), 'en_route').at - T0;
    });
    const late = turnouts.filter((t) => t > 60_000).length;
    assert.ok(late >= 1 && late <= 25, `${late} of 200 turned out after 60 s`);
  });

  it('refuses a dispatch while committed, and takes one on its way home after a short turnout', () => {
    const unit = new RespondingUnit(engine, world, randomFor(4, 'test', engine.id), T0);
    unit.command(dispatch(), T0);
    const first = unit.step(T0 + 6 * HOURS);
    const onScene = at(first, 'on_scene').at;
    // Replay: a second unit of the same seed, asked again while on scene.
    const again = new RespondingUnit(engine, world, randomFor(4, 'test', engine.id), T0);
    again.command(dispatch(), T0);
    again.step(onScene + 1000);
    assert.equal(again.status, 'on_scene');
    assert.match(again.command({ ...dispatch(), incidentId: 'inc-2' }, onScene + 1000), /^refused: on_scene/);

    const left = at(first, 'returning').at;
    const home = new RespondingUnit(engine, world, randomFor(4, 'test', engine.id), T0);
    home.command(dispatch(), T0);
    home.step(left + 30_000);
    assert.equal(home.status, 'returning');
    assert.match(home.command({ ...dispatch([105.8412, 20.995]), incidentId: 'inc-2' }, left + 30_000), /^accepted/);
    const next = home.step(left + 30_000 + 20_000);
    const enRoute = at(next, 'en_route');
    assert.ok(enRoute.at - (left + 30_000) <= 15_000, 'already rolling: en route within 15 s');
    assertLegal(['dispatched', 'en_route'], 'returning');
  });

  it('says it is available at its station when it comes on line, and when released while already home', () => {
    const unit = new RespondingUnit(engine, world, randomFor(5, 'test', engine.id), T0);
    const online = unit.step(T0);
    assert.deepEqual(statuses(online), ['available']);
    assert.deepEqual(online[0]!.location, engine.home);
    assert.deepEqual(statuses(unit.step(T0 + HOURS)), [], 'heartbeats say nothing new');
    assert.equal(unit.command({ action: 'release', incidentId: 'inc-9' }, T0 + HOURS), 'already available');
    assert.deepEqual(statuses(unit.step(T0 + HOURS + 1000)), ['available']);
  });

  it('takes a patient with no hospital named to the nearest hospital by road that has free beds', () => {
    const withBeds = roster.hospitals.filter((h) => (h.bedsFree ?? 0) > 0);
    const full = roster.hospitals.filter((h) => h.bedsFree === 0);
    assert.ok(full.length > 0 && withBeds.length > 20, 'the demo has full hospitals and free ones');
    const from: LonLat = [105.8412, 20.995];
    const chosen = world.nearestHospital(from);
    assert.ok(chosen && withBeds.some((h) => h.id === chosen.id), 'chosen && withBeds.some((h) => h.id === chosen.id)');
    // Checked against routes computed one by one, for those within 6 km.
    const times = withBeds
      .filter((h) => metres(h.location, from) < 6000)
      .map((h) => ({ id: h.id, seconds: network.route(from, h.location, { profile: 'emergency' })!.seconds }))
      .sort((a, b) => a.seconds - b.seconds);
    assert.equal(chosen.id, times[0]!.id);
    // At the door of a full hospital, another one is chosen.
    const door = full[0]!.location;
    assert.notEqual(world.nearestHospital(door)?.id, full[0]!.id);
  });
});

describe('demo emergency units: after a restart', () => {
  /** Half-way between the ambulance's station and the call: where the centre last had it en route. */
  const halfWay: LonLat = [(ambulance.home[0] + CALL[0]) / 2, (ambulance.home[1] + CALL[1]) / 2];
  const incident = { ...dispatch(), incidentNumber: '2026-000001' };
  const { action: _action, ...onIncident } = incident;

  it('a unit the centre has en route drives on to the scene from where it was, and never says available first', () => {
    const unit = new RespondingUnit(ambulance, world, randomFor(3, 'test', ambulance.id), T0);
    unit.resume(
      { deviceId: ambulance.deviceId, status: 'en_route', location: halfWay, incident: onIncident },
      undefined,
      T0,
    );
    assert.equal(unit.status, 'en_route');
    assert.equal(unit.incidentId, 'inc-1');
    const first = unit.step(T0);
    assert.equal(first[0]?.status, undefined, 'coming on line, it does not announce a status the centre has');
    assert.ok(metres(first[0]!.location, halfWay) < 50, 'from where the centre last had it, not its station');
    const sequence = statuses(unit.step(T0 + 6 * HOURS));
    assert.equal(sequence[0], 'on_scene', `it arrives first: ${sequence.join(', ')}`);
    assertLegal(sequence, 'en_route');
    assert.equal(sequence.at(-1), 'available');
  });

  it('a unit on scene stays on the scene, one at the hospital hands over, one out of service stays so', () => {
    const hospital = roster.hospitals[0]!;
    const onScene = new RespondingUnit(engine, world, randomFor(4, 'test', engine.id), T0);
    onScene.resume({ deviceId: engine.deviceId, status: 'on_scene', incident: onIncident }, undefined, T0);
    const scene = onScene.step(T0 + 5 * 60_000);
    assert.ok(
      scene.every((r) => r.status === undefined && metres(r.location, CALL) < 1),
      'still on scene',
    );
    const after = statuses(onScene.step(T0 + 6 * HOURS));
    assert.deepEqual(after, ['returning', 'available']);

    const handing = new RespondingUnit(ambulance, world, randomFor(5, 'test', ambulance.id), T0);
    handing.resume(
      { deviceId: ambulance.deviceId, status: 'at_hospital', incident: onIncident, hospitalId: hospital.id },
      { id: hospital.id, name: hospital.name, location: hospital.location },
      T0,
    );
    const handover = statuses(handing.step(T0 + 6 * HOURS));
    assert.deepEqual(handover, ['returning', 'available']);

    const broken = new RespondingUnit(engine, world, randomFor(6, 'test', engine.id), T0);
    broken.resume({ deviceId: engine.deviceId, status: 'out_of_service' }, undefined, T0);
    assert.deepEqual(statuses(broken.step(T0 + 6 * HOURS)), [], 'says nothing: the centre has it out of service');
    assert.equal(broken.status, 'out_of_service');
  });

  it('the server hands over what the centre has them doing; anything unreadable is nothing', () => {
    assert.deepEqual(parseUnitsDoing(undefined), []);
    assert.deepEqual(parseUnitsDoing('{not json'), []);
    assert.deepEqual(parseUnitsDoing('{"a":1}'), []);
    const doing = [{ deviceId: 'ch-01-e1', status: 'on_scene', incident: onIncident }];
    assert.deepEqual(parseUnitsDoing(JSON.stringify(doing)), doing);
  });
});
