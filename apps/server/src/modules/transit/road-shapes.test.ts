import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import { busShapeAlongRoadsSteps, roadNetwork, type LonLat, type RoadLinkTally } from '../city/index.js';
import { metresBetween } from './live/timetable.js';
import { TransitService, type FeedVersion } from './index.js';

/**
 * Five real stops of Hanoi's route 01 towards Yên Nghĩa (city facts, apps/server/data/city/transit.json):
 * Văn Miếu, Khâm Thiên, Nguyễn Lương Bằng, Gò Đống Đa, Đống Đa.
 */
const HANOI_STOPS: readonly [string, LonLat][] = [
  ['01_1_S12', [105.83799, 21.01913]],
  ['01_1_S13', [105.83409, 21.01937]],
  ['01_1_S14', [105.82828, 21.01582]],
  ['01_1_S15', [105.82534, 21.01111]],
  ['01_1_S16', [105.82314, 21.00714]],
];
/** Five stops in Lyon, far outside the road graph. */
const LYON_STOPS: readonly [string, LonLat][] = [
  ['L1', [4.8357, 45.764]],
  ['L2', [4.8402, 45.7605]],
  ['L3', [4.8451, 45.7571]],
  ['L4', [4.8497, 45.7532]],
  ['L5', [4.8541, 45.7498]],
];

/** A feed of one route over the stops, trips T1 and T2 calling at each in order, with the shape given. */
function feedOf(
  stops: readonly [string, LonLat][],
  shape?: { id: string; points: readonly LonLat[] },
): Map<string, string> {
  const files: Record<string, string> = {
    'agency.txt': 'agency_name,agency_url,agency_timezone\nHanoi Bus,https://example.vn,Asia/Ho_Chi_Minh\n',
    'routes.txt': 'route_id,route_short_name,route_type\n01,01,3\n',
    'stops.txt': [
      'stop_id,stop_name,stop_lat,stop_lon',
      ...stops.map(([id, [lon, lat]]) => `${id},${id},${lat},${lon}`),
    ]
      .join('\n')
      .concat('\n'),
    'calendar.txt':
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20260101,20271231\n',
    'trips.txt': ['route_id,service_id,trip_id,shape_id', `01,WK,T1,${shape?.id ?? ''}`, `01,WK,T2,${shape?.id ?? ''}`]
      .join('\n')
      .concat('\n'),
    'stop_times.txt': [
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
      ...['T1', 'T2'].flatMap((trip, t) =>
        stops.map(([id], i) => {
          const time = `0${7 + t}:${String(i * 3).padStart(2, '0')}:00`;
          return `${trip},${time},${time},${id},${i + 1}`;
        }),
      ),
    ]
      .join('\n')
      .concat('\n'),
  };
  if (shape) {
    files['shapes.txt'] = [
      'shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence',
      ...shape.points.map(([lon, lat], i) => `${shape.id},${lat},${lon},${i + 1}`),
    ]
      .join('\n')
      .concat('\n');
  }
  return new Map(Object.entries(files));
}

/** Four points of Hà Nội 27 to 49 km apart, each from the next (Sơn Tây, Gia Lâm, Sóc Sơn, Chương Mỹ). */
const FAR_APART: readonly LonLat[] = [
  [105.5, 21.14],
  [105.95, 21.02],
  [105.85, 21.25],
  [105.7, 20.92],
];

/** A feed of trips over the stops, each trip calling at the stops it names (in order), no shapes. */
function feedOfTrips(
  stops: readonly [string, LonLat][],
  trips: Record<string, readonly string[]>,
): Map<string, string> {
  const lines = (header: string, rows: string[]) => [header, ...rows].join('\n').concat('\n');
  return new Map(
    Object.entries({
      'agency.txt': 'agency_name,agency_url,agency_timezone\nHanoi Bus,https://example.vn,Asia/Ho_Chi_Minh\n',
      'routes.txt': 'route_id,route_short_name,route_type\n01,01,3\n',
      'stops.txt': lines(
        'stop_id,stop_name,stop_lat,stop_lon',
        stops.map(([id, [lon, lat]]) => `${id},${id},${lat},${lon}`),
      ),
      'calendar.txt':
        'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,1,1,20260101,20271231\n',
      'trips.txt': lines(
        'route_id,service_id,trip_id',
        Object.keys(trips).map((id) => `01,WK,${id}`),
      ),
      'stop_times.txt': lines(
        'trip_id,arrival_time,departure_time,stop_id,stop_sequence',
        Object.entries(trips).flatMap(([trip, ids]) =>
          ids.map((id, i) => {
            const time = `${String(6 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
            return `${trip},${time},${time},${id},${i + 1}`;
          }),
        ),
      ),
    }),
  );
}

const lengthOf = (line: readonly (readonly [number, number])[]) =>
  line.reduce((sum, p, i) => (i === 0 ? 0 : sum + metresBetween(line[i - 1]![0], line[i - 1]![1], p[0], p[1])), 0);

describeEachDriver('transit: shapes along the roads at import', (ctx) => {
  let transit: TransitService;
  before(() => {
    transit = new TransitService(ctx.db, silentLog);
  });
  const importOf = (tenant: string, files: Map<string, string>, roadShapes?: boolean): Promise<FeedVersion> =>
    transit.importFeed({
      tenant,
      source: 'test',
      importedBy: 'test',
      files: async () => files,
      ...(roadShapes === undefined ? {} : { roadShapes }),
    });
  const distances = async (version: FeedVersion, trip: string) =>
    (
      await ctx.db.query<{ d: number | null }>(
        'SELECT dist_traveled AS d FROM transit_stop_time WHERE version_id = $1 AND trip_id = $2 ORDER BY stop_sequence',
        [version.id, trip],
      )
    ).rows.map((r) => r.d);

  it('gives trips without shapes one along the roads: on the road graph, longer than the stop-to-stop line', async () => {
    const version = await importOf('roads-missing', feedOf(HANOI_STOPS));
    assert.deepEqual(version.roadShapes, {
      status: 'built',
      built: 1,
      trips: 2,
      kept: 0,
      replaced: 0,
      outside: 0,
      legs: 4,
      straightLegs: 0,
      farLegs: 0,
      overBudget: 0,
    });
    assert.equal(version.counts?.shapes, 1);
    const [t1, t2] = [await transit.trip('roads-missing', 'T1'), await transit.trip('roads-missing', 'T2')];
    // One shape per stop sequence, named after it.
    assert.match(t1.shapeId ?? '', /^tl-road-[0-9a-f]{16}$/);
    assert.equal(t2.shapeId, t1.shapeId);
    const shape = t1.shape ?? [];
    assert.ok(shape.length > 4 * HANOI_STOPS.length, `${shape.length} points for ${HANOI_STOPS.length} stops`);
    const roads = roadNetwork();
    for (const p of shape) {
      const off = roads.snap(p).distanceM;
      assert.ok(off < 2, `[${p.join(', ')}] is ${off.toFixed(1)} m from the nearest road`);
    }
    const straight = lengthOf(HANOI_STOPS.map(([, p]) => p));
    const along = lengthOf(shape);
    assert.ok(along >= straight, `along the roads ${along.toFixed(0)} m, stop to stop ${straight.toFixed(0)} m`);
    assert.ok(along < 2 * straight, `along the roads ${along.toFixed(0)} m is no detour (${straight.toFixed(0)} m)`);
    // shape_dist_traveled: the first stop at 0, rising, the last at the shape's end (metres).
    const d = (await distances(version, 'T1')) as number[];
    assert.equal(d[0], 0);
    assert.ok(
      d.every((x, i) => i === 0 || x > d[i - 1]!),
      `stops' distances rise: ${d.join(', ')}`,
    );
    assert.ok(Math.abs(d[d.length - 1]! - along) < 5, `last stop at ${d[d.length - 1]} m of ${along.toFixed(0)}`);
  });

  it('replaces a straight stop-to-stop shape, and keeps a detailed one', async () => {
    const straightLine = { id: 'SH-STRAIGHT', points: HANOI_STOPS.map(([, p]) => p) };
    const replaced = await importOf('roads-straight', feedOf(HANOI_STOPS, straightLine));
    assert.equal(replaced.roadShapes?.status, 'built');
    assert.equal(replaced.roadShapes?.replaced, 1);
    assert.equal(replaced.counts?.shapes, 1, 'the straight shape is left out');
    const trip = await transit.trip('roads-straight', 'T1');
    assert.match(trip.shapeId ?? '', /^tl-road-/);
    assert.ok((trip.shape?.length ?? 0) > 20, `${trip.shape?.length} points`);
    // The same stops give the same shape's name as in the feed without shapes.
    assert.equal(trip.shapeId, (await transit.trip('roads-missing', 'T1')).shapeId);

    // A shape of the feed's own that follows its way (here the one built above): kept as it is.
    const own = { id: 'SH-OWN', points: trip.shape ?? [] };
    const kept = await importOf('roads-own', feedOf(HANOI_STOPS, own));
    assert.deepEqual(kept.roadShapes, {
      status: 'unneeded',
      built: 0,
      trips: 0,
      kept: 1,
      replaced: 0,
      outside: 0,
      legs: 0,
      straightLegs: 0,
      farLegs: 0,
      overBudget: 0,
    });
    const keptTrip = await transit.trip('roads-own', 'T1');
    assert.equal(keptTrip.shapeId, 'SH-OWN');
    assert.deepEqual(keptTrip.shape, own.points);
    assert.deepEqual(await distances(kept, 'T1'), [null, null, null, null, null]);

    // Asked for none, the straight shape stays as given.
    const off = await importOf('roads-off', feedOf(HANOI_STOPS, straightLine), false);
    assert.equal(off.roadShapes?.status, 'off');
    const offTrip = await transit.trip('roads-off', 'T1');
    assert.equal(offTrip.shapeId, 'SH-STRAIGHT');
    assert.deepEqual(offTrip.shape, straightLine.points);
  });

  it('does not route a leg whose stops are farther apart than a bus leg can be: straight, and counted', async () => {
    const stops = FAR_APART.map((p, i): [string, LonLat] => [`F${i}`, p]);
    // 400 calls going back and forth between the four points: 399 legs of 27 to 49 km.
    const calls = Array.from({ length: 400 }, (_, i) => `F${i % 4}`);
    const version = await importOf('roads-far', feedOfTrips(stops, { FAR: calls }));
    assert.deepEqual(version.roadShapes, {
      status: 'built',
      built: 1,
      trips: 1,
      kept: 0,
      replaced: 0,
      outside: 0,
      legs: 399,
      straightLegs: 399,
      farLegs: 399,
      overBudget: 0,
    });
    const trip = await transit.trip('roads-far', 'FAR');
    assert.equal(trip.shape?.length, 400, 'one point per call: stop to stop');
  });

  it('routes no more than the import budget allows, the rest keeps its shapes as given and is counted', async () => {
    const budgeted = new TransitService(ctx.db, silentLog, {
      roadShapesBudget: { sequences: 1, legs: 100, points: 100_000, links: 1e9 },
    });
    const ids = HANOI_STOPS.map(([id]) => id);
    const version = await budgeted.importFeed({
      tenant: 'roads-budget',
      source: 'test',
      importedBy: 'test',
      files: async () =>
        feedOfTrips(HANOI_STOPS, { A: ids, B: [...ids].reverse(), C: ids.slice(1), D: ids.slice(0, 3) }),
    });
    assert.deepEqual(version.roadShapes, {
      status: 'built',
      built: 1,
      trips: 1,
      kept: 0,
      replaced: 0,
      outside: 0,
      legs: 4,
      straightLegs: 0,
      farLegs: 0,
      overBudget: 3,
    });
    assert.match((await budgeted.trip('roads-budget', 'A')).shapeId ?? '', /^tl-road-/);
    for (const id of ['B', 'C', 'D']) {
      const trip = await budgeted.trip('roads-budget', id);
      assert.equal(trip.shapeId, null, `trip ${id} keeps its shape as given (none)`);
    }
    // The legs bound too: 4 legs routed, the next sequence of 3 would pass 6.
    const byLegs = new TransitService(ctx.db, silentLog, {
      roadShapesBudget: { sequences: 10, legs: 6, points: 100_000, links: 1e9 },
    });
    const legs = await byLegs.importFeed({
      tenant: 'roads-budget-legs',
      source: 'test',
      importedBy: 'test',
      files: async () => feedOfTrips(HANOI_STOPS, { A: ids, C: ids.slice(1), D: ids.slice(0, 3) }),
    });
    assert.equal(legs.roadShapes?.built, 2, 'A (4 legs) and D (2 legs) fit in 6');
    assert.equal(legs.roadShapes?.legs, 6);
    assert.equal(legs.roadShapes?.overBudget, 1);
  });

  it('bounds the links all the searches of an import follow: a sequence that runs out keeps its shape', async () => {
    // What sequence A costs on its own, counted the way the import counts it.
    const alone: RoadLinkTally = { followed: 0, max: Infinity };
    const steps = busShapeAlongRoadsSteps(
      HANOI_STOPS.map(([, p]) => p),
      roadNetwork(),
      alone,
    );
    while (!steps.next().done);
    assert.ok(alone.followed > 10, `routing five stops follows links (${alone.followed})`);
    const ids = HANOI_STOPS.map(([id]) => id);
    // A fits; B (A reversed) starts with one link left, runs out, and keeps its feed shape like C and D.
    const byLinks = new TransitService(ctx.db, silentLog, {
      roadShapesBudget: { sequences: 10, legs: 100, points: 100_000, links: alone.followed + 1 },
    });
    const version = await byLinks.importFeed({
      tenant: 'roads-budget-links',
      source: 'test',
      importedBy: 'test',
      files: async () =>
        feedOfTrips(HANOI_STOPS, { A: ids, B: [...ids].reverse(), C: ids.slice(1), D: ids.slice(0, 3) }),
    });
    assert.equal(version.roadShapes?.built, 1, 'only A was routed within the links');
    assert.equal(version.roadShapes?.overBudget, 3, 'B ran out, C and D found nothing left');
    assert.equal(version.roadShapes?.straightLegs, 0, 'A is whole along the roads');
    assert.match((await byLinks.trip('roads-budget-links', 'A')).shapeId ?? '', /^tl-road-/);
    for (const id of ['B', 'C', 'D']) {
      const trip = await byLinks.trip('roads-budget-links', id);
      assert.equal(trip.shapeId, null, `trip ${id} keeps its shape as given (none)`);
    }
  });

  it('leaves a feed far outside the road graph as it is', async () => {
    const bare = await importOf('roads-lyon', feedOf(LYON_STOPS));
    assert.deepEqual(bare.roadShapes, {
      status: 'outside',
      built: 0,
      trips: 0,
      kept: 0,
      replaced: 0,
      outside: 1,
      legs: 0,
      straightLegs: 0,
      farLegs: 0,
      overBudget: 0,
    });
    assert.equal(bare.counts?.shapes, 0);
    assert.equal((await transit.trip('roads-lyon', 'T1')).shape, null);

    const straightLine = { id: 'SH-LYON', points: LYON_STOPS.map(([, p]) => p) };
    const given = await importOf('roads-lyon-shape', feedOf(LYON_STOPS, straightLine));
    assert.equal(given.roadShapes?.status, 'outside');
    const trip = await transit.trip('roads-lyon-shape', 'T1');
    assert.equal(trip.shapeId, 'SH-LYON');
    assert.deepEqual(trip.shape, straightLine.points);
  });
});
