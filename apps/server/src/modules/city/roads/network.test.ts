// Routing on a crafted network small enough to know every answer: one-way streets, a dead end, bad input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../platform/errors.js';
import { RoadNetwork, type LonLat, type RoadGraphData } from './index.js';

// A square of about 1 km near Hoàn Kiếm: A→B one-way (primary), B–C, C–D, D–A two-way (minor), and a
// one-way spur B→E that leads nowhere.
//
//   D ──── C
//   │      │
//   A ───▶ B ───▶ E
const A = [10585000, 2103000];
const B = [10586000, 2103000];
const C = [10586000, 2104000];
const D = [10585000, 2104000];
const E = [10587000, 2103000];
const square: RoadGraphData = {
  classes: ['primary', 'minor'],
  names: ['Phố Thử', 'Ngõ Thử'],
  nodes: [...A, ...B, ...C, ...D, ...E],
  from: [0, 1, 2, 3, 1],
  to: [1, 2, 3, 0, 4],
  class: [0, 1, 1, 1, 0],
  oneway: [1, 0, 0, 0, 1],
  lengthDm: [10390, 11130, 10390, 11130, 10390],
  name: [0, 1, 1, 1, -1],
  // A→B bends 10 m north at its middle; the others are straight.
  shapeCount: [1, 0, 0, 0, 0],
  shape: [500, 9],
};
const at = ([lon, lat]: number[], east = 0, north = 0): LonLat => [
  lon! / 1e5 + east / (111_320 * Math.cos((21.03 * Math.PI) / 180)),
  lat! / 1e5 + north / 111_320,
];
const network = new RoadNetwork(square);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err.code;
  }
  return assert.fail('no error');
};

describe('road network: a crafted square', () => {
  it('snaps a point beside a street onto it, with the edge, the offset and the distance', () => {
    const s = network.snap(at(A, 300, -20));
    assert.equal(s.edge, 0);
    assert.equal(s.roadName, 'Phố Thử');
    assert.equal(s.roadClass, 'primary');
    assert.ok(Math.abs(s.offsetM - 300) < 15, `offset ${s.offsetM}`);
    assert.ok(s.distanceM > 15 && s.distanceM < 30, `distance ${s.distanceM}`);
    assert.ok(network.metres(s.point, at(A, 300, 0)) < 15, 'network.metres(s.point, at(A, 300, 0)) < 15');
  });

  it('snaps onto the nearest named road when asked, past an unnamed one nearer', () => {
    const beside = at(B, 300, -20);
    assert.equal(network.snap(beside).roadName, undefined, 'the spur B→E has no name');
    const named = network.snap(beside, { named: true });
    assert.ok(named.roadName !== undefined && named.edge !== 4, JSON.stringify(named));
    assert.ok(Math.abs(named.distanceM - 300) < 5, `distance ${named.distanceM}`);
    assert.equal(
      code(() => network.snap(beside, { named: true, maxDistanceM: 200 })),
      'ROAD_POSITION_OFF_NETWORK',
    );
  });

  it('goes along a one-way street with it, and round the block against it', () => {
    const along = network.route(at(A, 10, -5), at(B, -10, -5))!;
    assert.ok(Math.abs(along.lengthM - 1019) < 5, `along ${along.lengthM}`);
    const against = network.route(at(B, -10, -5), at(A, 10, -5))!;
    // B → C → D → A, then 10 m along A→B: the one-way street is never taken backwards.
    assert.ok(Math.abs(against.lengthM - (1113 + 1039 + 1113 + 10 + 10)) < 10, `against ${against.lengthM}`);
    assert.ok(
      against.coordinates.some((p) => network.metres(p, at(C)) < 1),
      'against.coordinates.some((p) => network.metres(p, at(C)) < 1)',
    );
    assert.ok(
      against.coordinates.some((p) => network.metres(p, at(D)) < 1),
      'against.coordinates.some((p) => network.metres(p, at(D)) < 1)',
    );
    // Seconds at the car's speeds: 40 km/h on the primary, 20 on the minor streets.
    assert.ok(Math.abs(along.seconds - 1019 / (40 / 3.6)) < 2, `seconds ${along.seconds}`);
  });

  it('starts and ends exactly at the snapped points, following the bend', () => {
    const r = network.route(at(A, 100, 0), at(A, 900, 0))!;
    assert.deepEqual(r.coordinates[0], r.from.point);
    assert.deepEqual(r.coordinates[r.coordinates.length - 1], r.to.point);
    assert.ok(
      r.coordinates.some((p) => Math.abs(p[1] - 21.03009) < 1e-6),
      'passes the bend',
    );
  });

  it('says there is no way out of a one-way dead end, without failing', () => {
    assert.equal(network.route(at(E, -5, 0), at(A, 5, 0)), null);
    assert.ok(network.route(at(A, 5, 0), at(E, -5, 0)), 'network.route(at(A, 5, 0), at(E, -5, 0))');
    const through = network.routeThrough([at(A, 5, 0), at(E, -5, 0), at(D, 0, -5)]);
    assert.equal(through.complete, false);
    assert.ok(through.legs[0], 'through.legs[0]');
    assert.equal(through.legs[1], null);
    assert.deepEqual(through.unplacedStops, []);
  });

  it('keeps a stop beyond the roads where it is, its legs straight, the others on the roads', () => {
    const far = at(C, 0, 3500);
    const through = network.routeThrough([at(A, 5, 0), at(B, -5, 0), far, at(D, 0, -5)]);
    assert.deepEqual(through.unplacedStops, [2]);
    assert.ok(through.legs[0], 'through.legs[0]');
    assert.equal(through.legs[1], null);
    assert.equal(through.legs[2], null);
    assert.ok(
      through.coordinates.some((p) => p[0] === far[0] && p[1] === far[1]),
      'through.coordinates.some((p) => p[0] === far[0] && p[1] === far[1])',
    );
    assert.equal(through.stopOffsetsM.length, 4);
    // A straight leg takes its length at the profile's speed on a minor street (bus: 15 km/h).
    const straight = network.metres(through.legs[0].to.point, far);
    assert.ok(
      through.seconds > through.legs[0].seconds + straight / (15 / 3.6) - 1,
      'through.seconds > through.legs[0].seconds + straight / (15 / 3.6) - 1',
    );
  });

  it('does not search a leg longer than maxLegM, and gives up one that follows more than maxLinksPerLeg links', () => {
    // B to C to D: 1.1 km and 1 km legs; A to D the long way round (A→B, B→C, C→D) under the one-way rule.
    const stops = [at(B, 0, 5), at(C, 0, -5), at(D, 5, 0)];
    const within = network.routeThrough(stops, { maxLegM: 1200 });
    assert.equal(within.complete, true);
    assert.deepEqual(within.farLegs, []);
    const short = network.routeThrough(stops, { maxLegM: 1050 });
    assert.deepEqual(short.farLegs, [0], 'B to C is 1.1 km: not searched');
    assert.equal(short.legs[0], null);
    assert.ok(short.legs[1], 'C to D, 1 km, is routed');
    const round = [at(D, 0, -5), at(A, 5, 0)];
    assert.ok(network.routeThrough(round).legs[0], 'D to A is routed without a bound');
    const bounded = network.routeThrough(round, { maxLinksPerLeg: 1 });
    assert.equal(bounded.legs[0], null, 'the search gave up');
    assert.deepEqual(bounded.farLegs, []);
    // A longer leg may follow more links: D and A are about 1 km apart, so 1,000 per km lifts the bound of 1.
    const scaled = network.routeThrough(round, { maxLinksPerLeg: 1, maxLinksPerLegKm: 1000 });
    assert.ok(scaled.legs[0], 'the bound per kilometre let the search reach A');
  });

  it('routes through stops one search at a time as a generator, to the same path', () => {
    const stops = [at(A, 5, 0), at(B, -5, 0), at(C, 0, -5), at(D, 5, 0)];
    const steps = network.routeThroughSteps(stops);
    let searches = 0;
    let step = steps.next();
    while (!step.done) {
      searches++;
      step = steps.next();
    }
    assert.equal(searches, 3, 'one search per leg, each stop having one place');
    assert.deepEqual(step.value, network.routeThrough(stops));
  });

  it('finds the nearest candidates by road from the origin, not by straight line, within the time allowed', () => {
    // From just past A on A→B: D is 40 m away in a straight line but 3 km round the block; B is 1 km on.
    const origin = at(A, 40, 0);
    const found = network.nearestByRoad(
      origin,
      [
        { id: 'd', location: at(D, 0, -40) },
        { id: 'b', location: at(B, 0, 10) },
        { id: 'e', location: at(E, -5, 0) },
        { id: 'far', location: at(A, 0, -3500) },
      ],
      { k: 2, profile: 'car', direction: 'from-origin' },
    );
    assert.deepEqual(
      found.nearest.map((n) => n.id),
      ['b', 'e'],
    );
    assert.equal(found.unplaced.length, 1);
    assert.equal(found.unplaced[0]!.id, 'far');
    // The one-to-many search agrees with the point-to-point one.
    const r = network.route(origin, at(B, 0, 10), { profile: 'car' })!;
    assert.ok(
      Math.abs(found.nearest[0]!.seconds - r.seconds) < 0.5,
      'Math.abs(found.nearest[0]!.seconds - r.seconds) < 0.5',
    );
    assert.ok(
      Math.abs(found.nearest[0]!.lengthM - r.lengthM) < 0.5,
      'Math.abs(found.nearest[0]!.lengthM - r.lengthM) < 0.5',
    );
    const soon = network.nearestByRoad(origin, [{ id: 'd', location: at(D, 0, -40) }], {
      maxSeconds: 60,
      direction: 'from-origin',
    });
    assert.deepEqual(soon.nearest, []);
  });

  it('finds the units that reach the origin soonest, driving the one-way streets their way', () => {
    // To just past A on A→B: from D it is 1.1 km (D→A, then 40 m on); from B it is 3.3 km round the block;
    // 20 m ahead of it, a unit goes round the block (4.3 km); from E, at the end of its one-way spur, there
    // is no way at all.
    const origin = at(A, 40, 0);
    const units = [
      { id: 'b', location: at(B, 0, 10) },
      { id: 'd', location: at(D, 0, -40) },
      { id: 'e', location: at(E, -5, 0) },
      { id: 'behind', location: at(A, 20, 0) },
      { id: 'ahead', location: at(A, 60, 0) },
    ];
    const found = network.nearestByRoad(origin, units, { k: 5, profile: 'car' });
    assert.deepEqual(
      found.nearest.map((n) => n.id),
      ['behind', 'd', 'b', 'ahead'],
    );
    for (const n of found.nearest) {
      const r = network.route(units.find((u) => u.id === n.id)!.location, origin, { profile: 'car' })!;
      assert.ok(Math.abs(n.seconds - r.seconds) < 0.5, `${n.id}: ${n.seconds} s, by route ${r.seconds} s`);
    }
    assert.equal(network.route(at(E, -5, 0), origin), null);
  });

  it('tells a caller of each candidate nearest first, and stops when it has enough', () => {
    const origin = at(A, 40, 0);
    const units = [
      { id: 'b', location: at(B, 0, 10) },
      { id: 'd', location: at(D, 0, -40) },
      { id: 'behind', location: at(A, 20, 0) },
      { id: 'ahead', location: at(A, 60, 0) },
    ];
    const all = network.nearestByRoad(origin, units, { k: 4, profile: 'car' }).nearest;
    const told: string[] = [];
    const found = network.nearestByRoad(origin, units, {
      k: 4,
      profile: 'car',
      until: (r) => told.push(r.id) === 2,
    });
    assert.deepEqual(told, ['behind', 'd']);
    assert.deepEqual(found.nearest, all.slice(0, 2));
    // Never enough: told of every one, in the order of the whole search.
    const every: string[] = [];
    network.nearestByRoad(origin, units, { k: 4, profile: 'car', until: (r) => every.push(r.id) < 0 });
    assert.deepEqual(
      every,
      all.map((r) => r.id),
    );
  });
  it('reaches a point at the junction where a one-way street ends, or leaves one where it begins, by the other streets', () => {
    // Exactly at B the point snaps onto A→B at its very end (and at A onto A→B at its start): a unit just
    // south of C comes down C–B (1.1 km), not round by D and A and along A→B (3.2 km).
    const atB = at(B);
    assert.equal(network.snap(atB).edge, 0);
    assert.equal(network.snap(atB).fraction, 1);
    const nearC = at(C, 0, -10);
    const [reached] = network.nearestByRoad(atB, [{ id: 'c', location: nearC }], { profile: 'car' }).nearest;
    assert.ok(reached && Math.abs(reached.lengthM - 1103) < 5, `by search ${reached?.lengthM} m`);
    const toB = network.route(nearC, atB, { profile: 'car' })!;
    assert.ok(Math.abs(toB.lengthM - 1103) < 5, `by route ${toB.lengthM} m`);
    // From A, where A→B starts, to D: 1.1 km up D–A, not along A→B and round by C.
    const atA = at(A);
    assert.equal(network.snap(atA).edge, 0);
    assert.equal(network.snap(atA).fraction, 0);
    const toD = network.route(atA, at(D, 0, -10), { profile: 'car' })!;
    assert.ok(Math.abs(toD.lengthM - 1103) < 5, `from A ${toD.lengthM} m`);
    const [hospital] = network.nearestByRoad(atA, [{ id: 'd', location: at(D, 0, -10) }], {
      direction: 'from-origin',
      profile: 'car',
    }).nearest;
    assert.ok(hospital && Math.abs(hospital.lengthM - 1103) < 5, `from A by search ${hospital?.lengthM} m`);
  });
  it('refuses positions that are no positions, or outside the network, with a clear error', () => {
    assert.equal(
      code(() => network.snap([Number.NaN, 21.03])),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.snap([105.85, Number.POSITIVE_INFINITY])),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.snap([21.03, 105.85])),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.snap('105.85,21.03' as unknown as LonLat)),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.route([106.7, 10.77], at(A))),
      'ROAD_POSITION_OFF_NETWORK',
    );
    assert.equal(
      code(() => network.snap(at(A, -1000, -1000), { maxDistanceM: 500 })),
      'ROAD_POSITION_OFF_NETWORK',
    );
    assert.equal(
      code(() => network.routeThrough([at(A)])),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.route(at(A), at(B), { profile: 'tank' as 'car' })),
      'ROAD_POSITION_INVALID',
    );
    assert.equal(
      code(() => network.nearestByRoad(at(A), [], { k: 0 })),
      'ROAD_POSITION_INVALID',
    );
  });
});

describe('road network: a stop beside a dual carriageway', () => {
  // Two one-way carriageways 20 m apart, eastbound to the south, joined at both ends (a U-turn each):
  //   W2 ◀──────── E2
  //   │             │
  //   W1 ────────▶ E1
  const W1 = [10585000, 2103000];
  const E1 = [10585962, 2103000];
  const W2 = [10585000, 2103018];
  const E2 = [10585962, 2103018];
  const dual = new RoadNetwork({
    classes: ['primary'],
    names: [],
    nodes: [...W1, ...E1, ...W2, ...E2],
    from: [0, 3, 0, 1],
    to: [1, 2, 2, 3],
    class: [0, 0, 0, 0],
    oneway: [1, 1, 0, 0],
    lengthDm: [10000, 10000, 200, 200],
    name: [-1, -1, -1, -1],
    shapeCount: [0, 0, 0, 0],
    shape: [],
  });
  // Two stops 12 m north of the eastbound side: the westbound one is nearer (8 m).
  const stops = [at(W1, 200, 12), at(W1, 600, 12)];

  it('puts the stops on the nearest road without slack, and the bus goes round both ends', () => {
    const through = dual.routeThrough(stops, { profile: 'bus' });
    assert.ok(Math.abs(through.lengthM - (200 + 20 + 1000 + 20 + 400)) < 15, `${through.lengthM} m`);
  });

  it('puts them on the side the bus drives with slack, so the shape is the 400 m between them', () => {
    const through = dual.routeThrough(stops, { profile: 'bus', stopSlackM: 10 });
    assert.ok(Math.abs(through.lengthM - 400) < 5, `${through.lengthM} m`);
    assert.equal(through.legs[0]!.from.edge, 0);
    assert.equal(through.legs[0]!.to.edge, 0);
  });

  it('routes between two such points the same way when given slack', () => {
    const [from, to] = stops as [LonLat, LonLat];
    assert.ok(
      Math.abs(dual.route(from, to)!.lengthM - 1640) < 15,
      'Math.abs(dual.route(from, to)!.lengthM - 1640) < 15',
    );
    const route = dual.route(from, to, { snapSlackM: 10 })!;
    assert.ok(Math.abs(route.lengthM - 400) < 5, `${route.lengthM} m`);
  });
});
