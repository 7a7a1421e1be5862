// Routing on Hanoi's real road graph (apps/server/data/city/roads.json.gz), and bus shapes along the roads
// through the stops of the city's GTFS feed (read from ../shared/data, not carried by the product).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { AppError } from '../../../platform/errors.js';
import { sharedInput } from '../../../../test/support/shared-input.js';
import { busShapeAlongRoads, roadNetwork, type LonLat, type RoadGraphData } from './index.js';

const network = roadNetwork();
const PLACES = {
  hoanKiemLake: [105.853, 21.0285],
  myDinh: [105.764, 21.0205],
  haDong: [105.777, 20.971],
  longBien: [105.878, 21.045],
  noiBaiAirport: [105.805, 21.215],
  giapBat: [105.841, 20.98],
  cauGiay: [105.801, 21.033],
  westLake: [105.819, 21.066],
} satisfies Record<string, LonLat>;
type Place = keyof typeof PLACES;
const CROSS_TOWN: [Place, Place][] = [
  ['hoanKiemLake', 'myDinh'],
  ['hoanKiemLake', 'haDong'],
  ['longBien', 'cauGiay'],
  ['giapBat', 'westLake'],
  ['haDong', 'longBien'],
  ['noiBaiAirport', 'hoanKiemLake'],
];

/** Length of a polyline on the network's plane, metres. */
const lineLength = (line: readonly LonLat[]) =>
  line.slice(1).reduce((sum, p, i) => sum + network.metres(line[i]!, p), 0);

/** Every `step`-th point of a line lies on a road (the geometry is rounded to 1e-6 degrees). */
function assertOnRoads(line: readonly LonLat[], step: number, what: string) {
  for (let i = 0; i < line.length; i += step) {
    const d = network.snap(line[i]!).distanceM;
    assert.ok(d <= 1, `${what}: point ${i} ${line[i]!.join(',')} is ${d} m off the roads`);
  }
}

const data = JSON.parse(
  gunzipSync(readFileSync(new URL('../../../../data/city/roads.json.gz', import.meta.url))).toString('utf8'),
) as RoadGraphData;
/** Every edge's line, decoded the way the file says. */
const lines: LonLat[][] = [];
for (let e = 0, s = 0; e < data.from.length; e++) {
  const a = data.from[e]!;
  let [x, y] = [data.nodes[2 * a]!, data.nodes[2 * a + 1]!];
  const line: LonLat[] = [[x / 1e5, y / 1e5]];
  for (let k = 0; k < data.shapeCount[e]!; k++, s++) {
    x += data.shape[2 * s]!;
    y += data.shape[2 * s + 1]!;
    line.push([x / 1e5, y / 1e5]);
  }
  const b = data.to[e]!;
  line.push([data.nodes[2 * b]! / 1e5, data.nodes[2 * b + 1]! / 1e5]);
  lines.push(line);
}

/** The point a fraction of the way along a line (by length on the network's plane). */
function alongLine(line: readonly LonLat[], fraction: number): LonLat {
  let left = lineLength(line) * fraction;
  for (let k = 1; k < line.length; k++) {
    const [a, b] = [line[k - 1]!, line[k]!];
    const d = network.metres(a, b);
    if (d >= left && d > 0) return [a[0] + ((b[0] - a[0]) * left) / d, a[1] + ((b[1] - a[1]) * left) / d];
    left -= d;
  }
  return line[line.length - 1]!;
}

describe('roads of Hanoi: the graph', () => {
  it('is the whole city, loaded once and shared', () => {
    assert.ok(network.nodeCount > 35_000, `${network.nodeCount} nodes`);
    assert.ok(network.edgeCount > 45_000, `${network.edgeCount} edges`);
    assert.equal(roadNetwork(), network);
  });

  it('snaps a point on the pavement of Giải Phóng onto it', () => {
    const s = network.snap([105.8412, 20.995]);
    assert.equal(s.roadName, 'Đường Giải Phóng');
    assert.equal(s.roadClass, 'primary');
    assert.ok(s.distanceM < 15, `${s.distanceM} m`);
  });

  it('snaps onto the nearest road, as a search of every segment finds it', () => {
    const segments = lines.flatMap((line) => line.slice(1).map((p, k): [LonLat, LonLat] => [line[k]!, p]));
    const kx = 111_320 * Math.cos((21.03 * Math.PI) / 180);
    const ky = 111_320;
    const distance = (p: LonLat, [a, b]: [LonLat, LonLat]) => {
      const [px, py] = [(p[0] - a[0]) * kx, (p[1] - a[1]) * ky];
      const [dx, dy] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * ky];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      return Math.hypot(px - t * dx, py - t * dy);
    };
    // 40 points spread over the city, the same on every run.
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 40; i++) {
      const p: LonLat = [105.7 + random() * 0.25, 20.95 + random() * 0.2];
      const nearest = Math.min(...segments.map((seg) => distance(p, seg)));
      const snapped = network.snap(p);
      // The network's plane is centred on the city, this one on 21.03°: they agree within 0.5 %.
      assert.ok(
        Math.abs(snapped.distanceM - nearest) <= 0.5 + nearest * 0.005,
        `${p.join(',')}: ${snapped.distanceM} vs ${nearest}`,
      );
    }
  });
});

describe('roads of Hanoi: routes', () => {
  for (const [a, b] of CROSS_TOWN) {
    it(`follows the roads from ${a} to ${b}`, () => {
      const route = network.route(PLACES[a], PLACES[b], { profile: 'car' });
      assert.ok(route, 'a route');
      const straight = network.metres(route.from.point, route.to.point);
      const ratio = route.lengthM / straight;
      assert.ok(ratio >= 1 && ratio <= 2, `length ${route.lengthM} m, ${ratio.toFixed(2)}× the straight line`);
      assert.deepEqual(route.coordinates[0], route.from.point);
      assert.deepEqual(route.coordinates[route.coordinates.length - 1], route.to.point);
      assertOnRoads(route.coordinates, 3, `${a} → ${b}`);
      // The drawn line is the simplified road (within 2 m of it): about as long as the road itself.
      const drawn = lineLength(route.coordinates);
      assert.ok(
        drawn > route.lengthM * 0.97 && drawn < route.lengthM * 1.01,
        `drawn ${drawn} m, road ${route.lengthM} m`,
      );
      // Free-flow car speeds by class: a cross-town average between a minor street's and a motorway's.
      const kmh = (route.lengthM / route.seconds) * 3.6;
      assert.ok(kmh > 20 && kmh < 80, `${kmh.toFixed(1)} km/h`);
    });
  }

  it('drives the one-way streets of the centre their way only', () => {
    // The one-way edges of the old quarter and around, at least 150 m long (the first 30 that qualify).
    const oneWay = [...data.oneway.keys()].filter((e) => {
      const [lon, lat] = lines[e]![0]!;
      return (
        data.oneway[e] === 1 && data.lengthDm[e]! >= 1500 && lon > 105.84 && lon < 105.86 && lat > 21.02 && lat < 21.04
      );
    });
    let tried = 0;
    for (const e of oneWay) {
      if (tried === 30) break;
      const [early, late] = [alongLine(lines[e]!, 0.3), alongLine(lines[e]!, 0.7)];
      // Only where both points snap onto this edge (not a crossing street at the same spot).
      if (network.snap(early).edge !== e || network.snap(late).edge !== e) continue;
      tried++;
      const part = network.metres(early, late);
      const along = network.route(early, late)!;
      assert.ok(Math.abs(along.lengthM - part) < 0.05 * part + 2, `edge ${e}: ${along.lengthM} m along, ${part} m`);
      const against = network.route(late, early)!;
      assert.ok(against.lengthM > part + 50, `edge ${e}: ${against.lengthM} m against, ${part} m straight back`);
    }
    assert.ok(tried >= 20, `${tried} one-way streets tried`);
  });

  it('takes an emergency vehicle there sooner than a car, and a car sooner than a bus', () => {
    const [from, to] = [PLACES.giapBat, PLACES.westLake];
    const [emergency, car, bus] = (['emergency', 'car', 'bus'] as const).map(
      (profile) => network.route(from, to, { profile })!.seconds,
    );
    assert.ok(emergency! < car! && car! < bus!, `${emergency} < ${car} < ${bus}`);
  });

  it('refuses a position that is no position, or is not in Hanoi, with a clear error', () => {
    const refused = (p: LonLat) => {
      try {
        network.route(p, PLACES.hoanKiemLake);
      } catch (err) {
        assert.ok(err instanceof AppError, 'err instanceof AppError');
        return err.code;
      }
      return 'routed';
    };
    assert.equal(refused([Number.NaN, 21.03]), 'ROAD_POSITION_INVALID');
    assert.equal(refused([21.0285, 105.853]), 'ROAD_POSITION_INVALID');
    assert.equal(refused([106.7, 10.776]), 'ROAD_POSITION_OFF_NETWORK');
    assert.equal(refused([104.5, 21.03]), 'ROAD_POSITION_OFF_NETWORK');
  });
});

describe('roads of Hanoi: the nearest by road', () => {
  interface Places {
    hospitals: { id: string; location: [number, number] }[];
    emergencyStations: { id: string; location: [number, number] }[];
  }
  const places = JSON.parse(
    readFileSync(new URL('../../../../data/city/places.json', import.meta.url), 'utf8'),
  ) as Places;

  it('ranks the hospitals by travel time from a call, in agreement with the route to each', () => {
    const origin = PLACES.hoanKiemLake;
    const candidates = places.hospitals.map((h) => ({ id: h.id, location: h.location }));
    const found = network.nearestByRoad(origin, candidates, { k: 5, direction: 'from-origin' });
    assert.equal(found.nearest.length, 5);
    for (let i = 1; i < found.nearest.length; i++)
      assert.ok(
        found.nearest[i - 1]!.seconds <= found.nearest[i]!.seconds,
        'found.nearest[i - 1]!.seconds <= found.nearest[i]!.seconds',
      );
    for (const n of found.nearest) {
      const location = candidates.find((c) => c.id === n.id)!.location;
      const route = network.route(origin, location, { profile: 'emergency' })!;
      assert.ok(Math.abs(route.seconds - n.seconds) < 1, `${n.id}: ${route.seconds} s by route, ${n.seconds} s`);
    }
    // Within the city centre the nearest hospital is minutes away.
    assert.ok(found.nearest[0]!.seconds < 600, `${found.nearest[0]!.seconds} s`);
  });

  it('ranks the emergency stations by their time to drive to a call, in agreement with their routes', () => {
    const call = PLACES.cauGiay;
    const units = places.emergencyStations.map((s) => ({ id: s.id, location: s.location }));
    const found = network.nearestByRoad(call, units, { k: 3 });
    assert.equal(found.nearest.length, 3);
    for (const n of found.nearest) {
      const route = network.route(units.find((u) => u.id === n.id)!.location, call, { profile: 'emergency' })!;
      assert.ok(Math.abs(route.seconds - n.seconds) < 1, `${n.id}: ${route.seconds} s by route, ${n.seconds} s`);
    }
  });
});

// The midday GTFS feed of the Hanoi bus network, as published: its shapes are straight lines between stops.
const SHARED_DATA =
  process.env['SHARED_DATA'] ?? fileURLToPath(new URL('../../../../../../../shared/data', import.meta.url));
const GTFS = pathToFileURL(join(SHARED_DATA, 'hanoi-gtfs-worldbank/filtered_complete/'));
const gtfs = sharedInput(fileURLToPath(GTFS), 'the Hanoi GTFS feed');

describe('roads of Hanoi: bus shapes along the roads', gtfs.options, () => {
  const csv = (name: string) => {
    const [header, ...rows] = readFileSync(new URL(name, GTFS), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    return rows.map((r) => Object.fromEntries(header!.map((k, i) => [k.trim(), (r[i] ?? '').trim()])));
  };
  // The feed's stops stand off the streets by a constant offset, measured against OSM's bus stops and
  // carried in transit.json (feed.positionCorrection); the product corrects them the same way.
  const transit = JSON.parse(readFileSync(new URL('../../../../data/city/transit.json', import.meta.url), 'utf8')) as {
    feed: { positionCorrection: { eastMetres: number; northMetres: number } };
  };
  const { eastMetres, northMetres } = transit.feed.positionCorrection;
  const kx = 111_320 * Math.cos((21.03 * Math.PI) / 180);

  for (const direction of ['09_2', '51_2', '12_1']) {
    it(`puts direction ${direction}'s shape on the streets through its stops`, () => {
      gtfs.require();
      const stops = new Map(
        csv('stops.txt').map((s) => [
          s['stop_id']!,
          [Number(s['stop_lon']) + eastMetres / kx, Number(s['stop_lat']) + northMetres / 111_320] as LonLat,
        ]),
      );
      const times = csv('stop_times.txt');
      const trip = times.find((t) => t['trip_id']!.startsWith(`${direction}_`))!['trip_id'];
      const sequence = times
        .filter((t) => t['trip_id'] === trip)
        .sort((a, b) => Number(a['stop_sequence']) - Number(b['stop_sequence']))
        .map((t) => stops.get(t['stop_id']!)!);
      assert.ok(sequence.length >= 10, `${sequence.length} stops`);

      const shape = busShapeAlongRoads(sequence);
      assert.deepEqual(shape.straightLegs, []);
      assert.equal(shape.stopDistancesM.length, sequence.length);
      assert.equal(shape.stopDistancesM[0], 0);
      for (let i = 1; i < sequence.length; i++)
        assert.ok(
          shape.stopDistancesM[i]! > shape.stopDistancesM[i - 1]!,
          'shape.stopDistancesM[i]! > shape.stopDistancesM[i - 1]!',
        );
      assert.equal(shape.stopDistancesM[sequence.length - 1], shape.lengthM);
      const straight = lineLength(sequence);
      const ratio = shape.lengthM / straight;
      // Each stop on the side the bus drives: no U-turn loops round a dual carriageway (1.14-1.25 measured).
      assert.ok(ratio >= 1 && ratio <= 1.5, `${shape.lengthM} m along the roads, ${ratio.toFixed(2)}× stop to stop`);
      assertOnRoads(shape.coordinates, 2, direction);
      // The straight stop-to-stop line has as many points as stops; the road has the streets' bends.
      assert.ok(shape.coordinates.length > sequence.length * 3, 'shape.coordinates.length > sequence.length * 3');
    });
  }
});
