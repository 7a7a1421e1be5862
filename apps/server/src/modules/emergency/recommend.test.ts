// Which units to send, checked against travel times worked out here by hand (Floyd–Warshall on a small
// grid of streets with a one-way street), and on Hanoi's real road graph against a route of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RoadNetwork, roadNetwork, type RoadGraphData } from '../city/index.js';
import type { Capability, Hospital, LonLat, RunCardLine, Station, Unit, UnitKind, UnitStatus } from './model.js';
import { hospitalsByTravelTime, recommendUnits } from './recommend.js';

// Nine junctions 500 m apart near Hoàn Kiếm. Minor streets (25 km/h for emergency vehicles: 72 s per
// block) except D–E, a primary road (50 km/h: 36 s). B→C is one-way: nothing drives from C to B.
//
//   G ── H ── I
//   │    │    │
//   D ══ E ── F
//   │    │    │
//   A ── B ─▶ C        the incident is on A–B, 200 m from A
const DX = 481; // 500 m east in 1e-5 degrees at this latitude
const DY = 449; // 500 m north
const node = (i: number, j: number) => [10585000 + i * DX, 2103000 + j * DY];
const [A, B, C, D, E, F, G, H, I] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const NODES = [
  node(0, 0),
  node(1, 0),
  node(2, 0),
  node(0, 1),
  node(1, 1),
  node(2, 1),
  node(0, 2),
  node(1, 2),
  node(2, 2),
];
/** from, to, primary?, one-way? */
const EDGES: [number, number, boolean, boolean][] = [
  [A, B, false, false],
  [B, C, false, true],
  [D, E, true, false],
  [E, F, false, false],
  [G, H, false, false],
  [H, I, false, false],
  [A, D, false, false],
  [D, G, false, false],
  [B, E, false, false],
  [E, H, false, false],
  [C, F, false, false],
  [F, I, false, false],
];
const grid: RoadGraphData = {
  classes: ['minor', 'primary'],
  names: ['Ngõ Thử'],
  nodes: NODES.flat(),
  from: EDGES.map((e) => e[0]),
  to: EDGES.map((e) => e[1]),
  class: EDGES.map((e) => (e[2] ? 1 : 0)),
  oneway: EDGES.map((e) => (e[3] ? 1 : 0)),
  lengthDm: EDGES.map(() => 5000),
  name: EDGES.map(() => 0),
  shapeCount: EDGES.map(() => 0),
  shape: [],
};
const network = new RoadNetwork(grid);

// The independent answer: seconds of each block by hand, then every junction to every other.
const blockSeconds = (e: number) => (EDGES[e]![2] ? 500 / (50 / 3.6) : 500 / (25 / 3.6));
const INF = Number.POSITIVE_INFINITY;
const T: number[][] = NODES.map((_, i) => NODES.map((__, j) => (i === j ? 0 : INF)));
EDGES.forEach(([u, v, , oneway], e) => {
  T[u]![v] = Math.min(T[u]![v]!, blockSeconds(e));
  if (!oneway) T[v]![u] = Math.min(T[v]![u]!, blockSeconds(e));
});
for (let k = 0; k < NODES.length; k++)
  for (let i = 0; i < NODES.length; i++)
    for (let j = 0; j < NODES.length; j++) T[i]![j] = Math.min(T[i]![j]!, T[i]![k]! + T[k]![j]!);

/** A place `metres` along edge e from its `from` junction. */
interface OnEdge {
  edge: number;
  metres: number;
}
const lonLatOf = ({ edge, metres }: OnEdge): LonLat => {
  const [u, v] = [NODES[EDGES[edge]![0]]!, NODES[EDGES[edge]![1]]!];
  const f = metres / 500;
  return [(u[0]! + f * (v[0]! - u[0]!)) / 1e5, (u[1]! + f * (v[1]! - u[1]!)) / 1e5];
};
/** Seconds to drive from a place on one edge to a place on another (never the same edge here). */
function driveSeconds(from: OnEdge, to: OnEdge): number {
  const [fu, fv, , fOneway] = EDGES[from.edge]!;
  const [tu, tv, , tOneway] = EDGES[to.edge]!;
  const [fs, ts] = [blockSeconds(from.edge) / 500, blockSeconds(to.edge) / 500];
  const exits: [number, number][] = [[fv, (500 - from.metres) * fs]];
  if (!fOneway) exits.push([fu, from.metres * fs]);
  const entries: [number, number][] = [[tu, to.metres * ts]];
  if (!tOneway) entries.push([tv, (500 - to.metres) * ts]);
  let best = INF;
  for (const [x, a] of exits) for (const [y, b] of entries) best = Math.min(best, a + T[x]![y]! + b);
  return best;
}

const SCENE: OnEdge = { edge: 0, metres: 200 };
const STATION: Station = { id: 'st-h', name: 'Trạm Thử', agency: 'fire', location: lonLatOf({ edge: 5, metres: 20 }) };
const PLACE: Record<string, OnEdge> = {
  E1: { edge: 10, metres: 20 }, // just north of C: 800 m away in a straight line, but C→B is closed to it
  E2: { edge: 7, metres: 480 }, // just south of G
  E3: { edge: 5, metres: 20 }, // no position: at its station, just east of H
  L1: { edge: 9, metres: 20 }, // just north of E
  E4: { edge: 8, metres: 20 }, // just north of B, busy
  A1: { edge: 2, metres: 20 }, // just east of D, on the primary road
  A2: { edge: 3, metres: 480 }, // just west of F, returning
};
let n = 0;
function unit(
  callSign: string,
  kind: UnitKind,
  capabilities: Capability[],
  status: UnitStatus = 'available',
  at: LonLat | 'none' = lonLatOf(PLACE[callSign]!),
  stationId = 'st-h',
): Unit {
  const location = at === 'none' ? undefined : at;
  return {
    id: `u-${++n}-${callSign}`,
    callSign,
    kind,
    agency: kind === 'ambulance' ? 'medical' : 'fire',
    capabilities,
    stationId,
    crew: 4,
    status,
    statusAt: '2026-12-04T10:00:00Z',
    ...(location ? { location } : {}),
  };
}
const UNITS: Unit[] = [
  unit('E1', 'fire_engine', ['engine']),
  unit('E2', 'fire_engine', ['engine']),
  unit('E3', 'fire_engine', ['engine'], 'available', 'none'),
  unit('L1', 'ladder_truck', ['ladder', 'engine']),
  unit('E4', 'fire_engine', ['engine'], 'en_route'),
  unit('A1', 'ambulance', ['als']),
  unit('A2', 'ambulance', ['bls'], 'returning'),
  unit('P1', 'police_patrol', ['patrol'], 'out_of_service', lonLatOf(SCENE)),
  unit('X1', 'fire_engine', ['engine'], 'available', 'none', 'no-such-station'),
  unit('X2', 'fire_engine', ['engine'], 'available', [10585000 / 1e5, 2103000 / 1e5 + 0.04]), // 4.5 km north of any road
];
const byCall = (callSign: string) => UNITS.find((u) => u.callSign === callSign)!;
const expected = (callSign: string) => driveSeconds(PLACE[callSign]!, SCENE);
const HOUSE_FIRE: RunCardLine[] = [
  { anyOf: ['engine'], count: 2 },
  { anyOf: ['ladder'], count: 1 },
  { anyOf: ['als', 'bls'], count: 1 },
];
const recommend = (runCard: RunCardLine[], units = UNITS, options = {}) =>
  recommendUnits({
    incident: { location: lonLatOf(SCENE), typeCode: 'STRFIRE', priority: 1 },
    runCard,
    units,
    stations: [STATION],
    network,
    options,
  });
const calls = (list: { unit: Unit }[]) => list.map((s) => s.unit.callSign);

describe('recommendation on a hand-made grid of streets', () => {
  it('works out the travel times by hand as the test expects them (the one-way street makes E1 the slowest)', () => {
    // F→E→B and 300 m along A–B; were B→C two-way, E1 would be the nearest engine (20 m + 72 s + 43.2 s).
    assert.ok(Math.abs(expected('E1') - (72 + 69.12 + 72 + 43.2)) < 0.01, String(expected('E1')));
    assert.ok(
      expected('E1') > expected('E3') && expected('E3') > expected('E2') && expected('E2') > expected('L1'),
      "expected('E1') > expected('E3') && expected('E3') > expected('E2') && expected('E2') > expected('L1')",
    );
  });

  it('fills each line by travel time, the ladder kept for the ladder line, one-ways respected', () => {
    // L1 (ladder and engine) is the nearest engine too: taken for the engine line, first on the card,
    // it would leave the ladder line short. The rarer line goes first.
    const r = recommend(HOUSE_FIRE);
    assert.deepEqual(
      r.suggested.map((s) => [s.line, s.unit.callSign]),
      [
        [0, 'E2'],
        [0, 'E3'],
        [1, 'L1'],
        [2, 'A1'],
      ],
    );
    for (const s of [...r.suggested, ...r.alternatives, ...r.busyCloser]) {
      const want = expected(s.unit.callSign);
      assert.ok(Math.abs(s.seconds - want) < 1, `${s.unit.callSign}: ${s.seconds} s, by hand ${want.toFixed(1)} s`);
    }
    assert.deepEqual(r.shortfall, []);
    // E3 reported no position: it starts from its station.
    assert.ok(r.suggested[1]!.why.en.includes('at its station'), r.suggested[1]!.why.en);
  });

  it('shows the next best per line, busy units that are closer (not suggested), and the units it could not place', () => {
    const r = recommend(HOUSE_FIRE);
    assert.deepEqual(
      r.alternatives.map((s) => [s.line, s.unit.callSign]),
      [
        [0, 'E1'],
        [2, 'A2'],
      ],
    );
    assert.deepEqual(calls(r.busyCloser), ['E4']);
    assert.equal(r.busyCloser[0]!.line, 0);
    assert.ok(
      !calls(r.suggested).includes('E4') && !calls(r.suggested).includes('P1'),
      "!calls(r.suggested).includes('E4') && !calls(r.suggested).includes('P1')",
    );
    assert.deepEqual(r.unplaced.map((u) => u.unitId).sort(), [byCall('X1').id, byCall('X2').id].sort());
    assert.match(r.unplaced.find((u) => u.unitId === byCall('X1').id)!.reason, /no-such-station/);
  });

  it('offers a unit once, though it is the next best for two lines', () => {
    const r = recommend([
      { anyOf: ['engine'], count: 1 },
      { anyOf: ['engine'], count: 1 },
    ]);
    const offered = calls([...r.suggested, ...r.alternatives]);
    assert.equal(r.suggested.length, 2, 'both lines are filled');
    assert.ok(r.alternatives.length >= 1, 'a next best is still offered');
    assert.deepEqual(offered, [...new Set(offered)], `one row per unit: ${offered.join(', ')}`);
  });

  it('says "as fast as" when the next unit is no slower, never "0 s ahead"', () => {
    const twin = { ...byCall('E2'), id: 'u-twin', callSign: 'E9' };
    const r = recommend([{ anyOf: ['engine'], count: 1 }], [byCall('E2'), twin]);
    const why = r.suggested[0]!.why;
    assert.match(why.en, /as fast as E(2|9), the next available/);
    assert.doesNotMatch(why.en, /\b0 s ahead/);
    assert.match(why.vi, /nhanh ngang/);
  });

  it('says an alternative as fast as the suggested unit is "as fast as", never "0 s slower"', () => {
    const twin = { ...byCall('E2'), id: 'u-twin', callSign: 'E9' };
    const r = recommend([{ anyOf: ['engine'], count: 1 }], [byCall('E2'), twin]);
    const alt = r.alternatives.find((s) => s.unit.callSign === 'E2' || s.unit.callSign === 'E9');
    assert.ok(alt, 'the twin is the next best');
    assert.match(alt.why.en, /as fast as E(2|9)\./);
    assert.doesNotMatch(alt.why.en, /\b0 s behind/);
    assert.match(alt.why.vi, /nhanh ngang E(2|9)\./);
    assert.doesNotMatch(alt.why.vi, /chậm hơn E(2|9) 0 giây/);
  });

  it('explains each suggestion in Vietnamese and English: travel time, distance, line, station, the next unit', () => {
    const e2 = recommend(HOUSE_FIRE).suggested[0]!;
    const eta = Math.round(e2.seconds);
    const mmss = `${Math.floor(eta / 60)} min ${String(eta % 60).padStart(2, '0')} s`;
    assert.ok(e2.why.en.includes(mmss), e2.why.en);
    assert.ok(e2.why.en.includes('1.2 km by road') && e2.why.en.includes('line 1 (engine)'), e2.why.en);
    assert.ok(e2.why.en.includes('Trạm Thử') && e2.why.en.includes('ahead of E1'), e2.why.en);
    assert.ok(e2.why.vi.includes(`${Math.floor(eta / 60)} phút`) && e2.why.vi.includes('1,2 km'), e2.why.vi);
    assert.ok(e2.why.vi.includes('dòng 1 (chữa cháy)') && e2.why.vi.includes('E1'), e2.why.vi);
  });

  it('reports the shortfall of a line no free unit can fill, and the busy units that could', () => {
    const busyAll = UNITS.map((u) =>
      u.capabilities.includes('engine') ? { ...u, status: 'on_scene' as const, incidentId: 'other' } : u,
    );
    const r = recommend(
      [
        { anyOf: ['hazmat'], count: 1 },
        { anyOf: ['engine'], count: 2 },
      ],
      busyAll,
    );
    assert.deepEqual(r.shortfall, [
      { line: 0, anyOf: ['hazmat'], missing: 1 },
      { line: 1, anyOf: ['engine'], missing: 2 },
    ]);
    assert.deepEqual(r.suggested, []);
    // The two busy engines nearest by road, so the dispatcher sees what could be freed.
    assert.deepEqual(calls(r.busyCloser), ['E4', 'L1']);
  });

  it('on a line left short, shows the busy units closer than its choice and the nearest that could make it up', () => {
    const few = UNITS.filter((u) => ['E2', 'E4', 'E1'].includes(u.callSign)).map((u) =>
      u.callSign === 'E1' ? { ...u, status: 'at_hospital' as const } : u,
    );
    const r = recommend([{ anyOf: ['engine'], count: 2 }], few);
    assert.deepEqual(calls(r.suggested), ['E2']);
    assert.deepEqual(r.shortfall, [{ line: 0, anyOf: ['engine'], missing: 1 }]);
    // E4 (46 s) is closer than E2 (170 s); E1 (256 s) is not, but it is the one that could make up the line.
    assert.deepEqual(calls(r.busyCloser), ['E4', 'E1']);
    assert.ok(r.busyCloser[0]!.why.en.includes('closer than E2'), r.busyCloser[0]!.why.en);
    assert.ok(!r.busyCloser[1]!.why.en.includes('closer'), r.busyCloser[1]!.why.en);
  });

  it('draws the road path of the best suggestions when asked', () => {
    const r = recommend(HOUSE_FIRE, UNITS, { routes: 1 });
    const withRoute = r.suggested.filter((s) => s.route);
    assert.equal(withRoute.length, 1);
    assert.equal(withRoute[0]!.unit.callSign, 'A1');
    const path = withRoute[0]!.route!;
    // A1 drives west along D–E to D, south to A, then east to the scene.
    assert.ok(
      network.metres(path[0]!, lonLatOf(PLACE['A1']!)) < 2,
      "network.metres(path[0]!, lonLatOf(PLACE['A1']!)) < 2",
    );
    assert.ok(
      network.metres(path[path.length - 1]!, lonLatOf(SCENE)) < 2,
      'network.metres(path[path.length - 1]!, lonLatOf(SCENE)) < 2',
    );
  });

  it('leaves out units farther than the time limit', () => {
    const r = recommend(HOUSE_FIRE, UNITS, { maxSeconds: 180 });
    assert.deepEqual(calls(r.suggested).sort(), ['A1', 'E2', 'L1']);
    assert.deepEqual(r.shortfall, [{ line: 0, anyOf: ['engine'], missing: 1 }]);
  });

  it('orders hospitals by the time from the scene (the one-way now helps), those without a bed apart', () => {
    const hospital = (id: string, at: OnEdge, bedsFree?: number): Hospital => ({
      id,
      name: `Bệnh viện ${id}`,
      location: lonLatOf(at),
      ...(bedsFree === undefined ? {} : { bedsFree }),
    });
    const nearC = { edge: 10, metres: 20 };
    const nearG = { edge: 7, metres: 480 };
    const nearI = { edge: 11, metres: 480 };
    const list = [hospital('G', nearG, 3), hospital('C', nearC), hospital('I', nearI, 0)];
    const r = hospitalsByTravelTime(lonLatOf(SCENE), list, network);
    assert.deepEqual(
      r.hospitals.map((h) => h.hospital.id),
      ['C', 'G'],
    );
    assert.deepEqual(
      r.full.map((h) => h.id),
      ['I'],
    );
    assert.ok(
      Math.abs(r.hospitals[0]!.seconds - driveSeconds(SCENE, nearC)) < 1,
      'Math.abs(r.hospitals[0]!.seconds - driveSeconds(SCENE, nearC)) < 1',
    );
    assert.ok(
      Math.abs(r.hospitals[1]!.seconds - driveSeconds(SCENE, nearG)) < 1,
      'Math.abs(r.hospitals[1]!.seconds - driveSeconds(SCENE, nearG)) < 1',
    );
  });
});

describe('recommendation on Hanoi’s roads', () => {
  it('gives the suggested unit the travel time of its own route to the scene', () => {
    const hanoi = roadNetwork();
    const scene: LonLat = [105.8412, 21.0245];
    const at: [string, LonLat][] = [
      ['CG-E1', [105.801, 21.033]],
      ['HK-E1', [105.8553, 21.0339]],
      ['HBT-E1', [105.855, 21.008]],
      ['TX-E1', [105.812, 20.995]],
    ];
    const units = at.map(([callSign, location]) => unit(callSign, 'fire_engine', ['engine'], 'available', location));
    const r = recommendUnits({
      incident: { location: scene, typeCode: 'STRFIRE', priority: 1 },
      runCard: [{ anyOf: ['engine'], count: 2 }],
      units,
      stations: [],
      network: hanoi,
    });
    assert.equal(r.suggested.length, 2);
    for (const s of [...r.suggested, ...r.alternatives]) {
      const route = hanoi.route(s.unit.location!, scene, { profile: 'emergency' })!;
      assert.ok(
        Math.abs(s.seconds - route.seconds) <= 1,
        `${s.unit.callSign}: ${s.seconds} s, route ${route.seconds} s`,
      );
      assert.ok(
        Math.abs(s.lengthM - route.lengthM) <= 15,
        `${s.unit.callSign}: ${s.lengthM} m, route ${route.lengthM} m`,
      );
    }
    const slowestSuggested = Math.max(...r.suggested.map((s) => s.seconds));
    for (const a of r.alternatives) assert.ok(a.seconds >= slowestSuggested, 'a.seconds >= slowestSuggested');
  });
});
