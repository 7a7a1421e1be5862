import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { App } from '../app.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { roadNetwork } from '../modules/city/index.js';
import { checkFeed } from '../modules/transit/feed.js';
import { transitModule } from '../modules/transit/index.js';
import { csvTable } from '../modules/transit/csv.js';
import { BusFleet } from '../simulator/buses.js';
import { hanoiInstant } from '../simulator/city.js';
import {
  buildDemoSchedule,
  DEMO_FEED_SOURCE,
  demoFeedFiles,
  distanceMetres,
  demoFeedInputs,
  hanoiDemoSchedule,
  importDemoFeed,
  type DemoDirection,
  type TransitFacts,
} from './transit.js';

type LonLat = readonly [number, number];
const TRANSIT_JSON = new URL('../../data/city/transit.json', import.meta.url);
const schedule = hanoiDemoSchedule();
const files = demoFeedFiles(schedule);
const day = Math.floor(Date.UTC(2026, 0, 15) / 86_400_000);

const rowsOf = (name: string): Record<string, string>[] => {
  const table = csvTable(files.get(name) ?? '');
  return [...table.rows].map((row) => Object.fromEntries(table.columns.map((c) => [c, row.get(c) ?? ''])));
};

/** Metres from a point to a segment, on a local plane (good to a few cm over a city block). */
function toSegment(p: LonLat, a: LonLat, b: LonLat): number {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_574;
  const [px, py, ax, ay, bx, by] = [p[0] * kx, p[1] * ky, a[0] * kx, a[1] * ky, b[0] * kx, b[1] * ky];
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const toLine = (p: LonLat, line: readonly LonLat[]) =>
  line.slice(1).reduce((best, b, i) => Math.min(best, toSegment(p, line[i]!, b)), Infinity);

/** The shape's points between two stops of a direction. */
function legOf(d: DemoDirection, j: number): LonLat[] {
  const from = d.stopDistancesM[j] ?? 0;
  const to = d.stopDistancesM[j + 1] ?? 0;
  return d.shape.filter((_, i) => (d.shapeDistancesM[i] ?? 0) >= from - 1 && (d.shapeDistancesM[i] ?? 0) <= to + 1);
}

describe('the demo bus schedule', () => {
  it('is a GTFS feed the importer takes without an error or a warning, in the agency time zone of Hanoi', () => {
    const check = checkFeed(files);
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.warnings, []);
    assert.equal(check.timezone, 'Asia/Ho_Chi_Minh');
    assert.equal(check.feed?.trips.length, schedule.trips);
    assert.equal(check.feed?.routes.length, schedule.routes.length);
    assert.ok(schedule.trips > 5000 && schedule.routes.length >= 30, `${schedule.trips} trips`);
    // Credit where the data came from, in the feed itself.
    assert.match(files.get('agency.txt') ?? '', /World Bank \/ Arup.*OpenStreetMap/);
    assert.match(files.get('attributions.txt') ?? '', /OpenStreetMap/);
    // Every day, this year and years ahead.
    const [calendar] = rowsOf('calendar.txt');
    assert.ok(
      calendar!['start_date']! <= '20250101' && calendar!['end_date']! >= '20400101',
      "calendar!['start_date']! <= '20250101' && calendar!['end_date']! >= '20400101'",
    );
    // The same content every time: a restart finds the same feed.
    assert.deepEqual(
      demoFeedFiles(buildDemoSchedule(JSON.parse(readFileSync(TRANSIT_JSON, 'utf8')) as TransitFacts, roadNetwork())),
      files,
    );
  });

  it('has shapes along the roads: longer than the stop-to-stop line, bending with the streets, through every stop', () => {
    assert.equal(schedule.straightLegs, 0, 'every leg has a road path');
    let bends = 0;
    let shapes = 0;
    let lines = 0;
    for (const d of schedule.directions) {
      const straight = d.stops.slice(1).reduce((m, s, i) => m + distanceMetres(d.stops[i]!, s), 0);
      const length = d.shapeDistancesM[d.shapeDistancesM.length - 1] ?? 0;
      // Stops ~30 m off the road zigzag a little: the shape may be a little shorter, never much.
      assert.ok(length >= straight * 0.9, `${d.id}: shape ${length} m, stops ${straight} m apart`);
      shapes += length;
      lines += straight;
      assert.ok(d.shape.length > d.stops.length, `${d.id}: only ${d.shape.length} points`);
      d.stops.forEach((s, i) => {
        // Each stop lies by its road, at its distance along the shape (the stops sit ~30 m off the centreline).
        assert.ok(toLine(s, d.shape) < 60, `${d.id} stop ${i} is ${toLine(s, d.shape)} m from its shape`);
        if (i > 0)
          assert.ok(
            (d.stopDistancesM[i] ?? 0) >= (d.stopDistancesM[i - 1] ?? 0),
            '(d.stopDistancesM[i] ?? 0) >= (d.stopDistancesM[i - 1] ?? 0)',
          );
      });
      // Somewhere the road leaves the straight line between two stops by more than 60 m.
      for (let j = 0; j + 1 < d.stops.length; j++) {
        if (legOf(d, j).some((p) => toSegment(p, d.stops[j]!, d.stops[j + 1]!) > 60)) bends++;
      }
    }
    assert.ok(bends > 20, `${bends} legs bend away from the stop-to-stop line`);
    assert.ok(shapes > 1.1 * lines, `shapes ${shapes} m, stop-to-stop lines ${lines} m`);
    // In the feed: stop_times carry the distance along the shape, in the shape's range.
    const shapeEnd = new Map(schedule.directions.map((d) => [d.id, d.shapeDistancesM.at(-1) ?? 0]));
    const tripShape = new Map(rowsOf('trips.txt').map((t) => [t['trip_id']!, t['shape_id']!]));
    for (const st of rowsOf('stop_times.txt').slice(0, 2000)) {
      const end = shapeEnd.get(tripShape.get(st['trip_id']!)!)!;
      assert.ok(Number(st['shape_dist_traveled']) <= end + 0.1, "Number(st['shape_dist_traveled']) <= end + 0.1");
    }
  });

  it("holds the simulator's trips: the trip and route a bus reports are a trip_id and a route_id", () => {
    const trips = new Map(rowsOf('trips.txt').map((t) => [t['trip_id']!, t['route_id']!]));
    const fleet = new BusFleet(schedule, 1);
    const run = fleet.dutiesOf(day).flatMap((d) => d.trips.map((t) => [t.tripId, d.route] as const));
    assert.equal(run.length, trips.size);
    for (const [tripId, route] of run) assert.equal(trips.get(tripId), route, tripId);
    for (const hour of [7.5, 12, 17.75]) {
      const buses = fleet.activeAt(hanoiInstant(day, hour * 3600));
      assert.ok(buses.length > 30, 'buses.length > 30');
      for (const bus of buses) assert.equal(trips.get(bus.tripId), bus.route, `${bus.deviceId} on ${bus.tripId}`);
    }
    // The bus's first stop time is the trip's scheduled start (HHMM in its id).
    const first = rowsOf('stop_times.txt').find((st) => st['trip_id'] === run[0]![0])!;
    assert.equal(first['arrival_time']!.replace(':', '').slice(0, 4), run[0]![0].slice(-4));
  });
});

describe('the simulated buses on the demo schedule', () => {
  const fleet = new BusFleet(schedule, 3);
  const tripsOf = (i: number) => fleet.tripsOf(i, day);

  it('drive on the road shape, not on the straight line between stops where the road bends', () => {
    let checked = 0;
    let offLine = 0;
    schedule.directions.forEach((d, i) => {
      const trip = tripsOf(i).find((t) => t.startMs >= hanoiInstant(day, 10 * 3600))!;
      for (let ms = trip.startMs; ms <= trip.endMs; ms += 5_000) {
        const p = trip.at(ms)!;
        assert.ok(toLine(p.location, d.shape) < 30, `${d.id}: ${toLine(p.location, d.shape)} m off its shape`);
        checked++;
        // Between stops where the road bends, the bus is where the road is, far from the straight line.
        const leg = d.stops.findIndex((_, j) => j + 1 < d.stops.length && toLine(p.location, legOf(d, j)) < 1);
        if (leg >= 0 && toSegment(p.location, d.stops[leg]!, d.stops[leg + 1]!) > 60) offLine++;
      }
    });
    assert.ok(checked > 1000 && offLine > 50, `${offLine} of ${checked} positions far off the stop-to-stop line`);
  });

  it('run late in the rush hours, and an incident now and then holds a bus still for minutes', () => {
    const delays = (hour: number) => {
      const buses = fleet.activeAt(hanoiInstant(day, hour * 3600));
      return buses.reduce((sum, b) => sum + b.position.delay, 0) / buses.length;
    };
    const midday = delays(11);
    for (const rush of [8, 18])
      assert.ok(delays(rush) > midday + 90, `${rush} h: ${delays(rush)} s, 11 h: ${midday} s`);
    // The same trip is later in the rush: the delay comes from the hour, not the trip.
    assert.ok(delays(20.5) < delays(18) - 60, 'delays(20.5) < delays(18) - 60');

    // Held: standing (speed 0) away from every stop for three minutes or more.
    let held = 0;
    let trips = 0;
    schedule.directions.forEach((d, i) => {
      for (const trip of tripsOf(i)) {
        trips++;
        let still = 0;
        for (let ms = trip.startMs; ms <= trip.endMs; ms += 30_000) {
          const p = trip.at(ms)!;
          const atStop = d.stops.some((s) => distanceMetres(s, p.location) < 60);
          still = p.speed === 0 && !atStop ? still + 30 : 0;
          if (still >= 180) {
            held++;
            break;
          }
        }
      }
    });
    assert.ok(held > 0.01 * trips && held < 0.15 * trips, `${held} of ${trips} trips held`);
  });

  it('keep to the timetable (−1/+5 min) less often in the rush hours than at midday, and never always', () => {
    const onTime = (fromHour: number, toHour: number) => {
      let on = 0;
      let all = 0;
      schedule.directions.forEach((_, i) => {
        for (const trip of tripsOf(i)) {
          if (trip.startMs < hanoiInstant(day, fromHour * 3600) || trip.startMs >= hanoiInstant(day, toHour * 3600)) {
            continue;
          }
          trip.arrivalsMs.forEach((actual, k) => {
            const late = (actual - trip.scheduledMs[k]!) / 60_000;
            if (late >= -1 && late <= 5) on++;
            all++;
          });
        }
      });
      return on / all;
    };
    const midday = onTime(10, 16);
    const rush = onTime(16.5, 19);
    assert.ok(midday > 0.8 && midday < 0.995, `midday ${midday}`);
    assert.ok(rush < midday - 0.05, `rush ${rush}, midday ${midday}`);
  });

  it('are the same for a seed and other for another seed', () => {
    const at = hanoiInstant(day, 8 * 3600);
    const a = new BusFleet(schedule, 3).activeAt(at);
    assert.deepEqual(a, fleet.activeAt(at));
    assert.notDeepEqual(
      a.map((b) => b.position.delay),
      new BusFleet(schedule, 4).activeAt(at).map((b) => b.position.delay),
    );
  });
});

describeEachDriver('the demo imports its bus schedule', (ctx) => {
  let app: App;
  let viewer: Account;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    viewer = await accountWith(app, ['viewer']);
    admin = await accountWith(app, ['admin']);
  });
  after(() => app.http.close());

  const get = async <T>(url: string, who: Account = viewer): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: who.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<T>();
  };

  it('through the GTFS importer, once: a restart finds it current and imports nothing', async () => {
    const transit = app.modules.get(transitModule);
    const first = await importDemoFeed(transit, silentLog);
    assert.equal(first.imported, true);
    assert.equal(first.version?.status, 'current');
    assert.equal(first.version?.source, `${DEMO_FEED_SOURCE}#${demoFeedInputs()}`);
    assert.equal(first.version?.timezone, 'Asia/Ho_Chi_Minh');
    assert.equal(first.version?.counts?.trips, schedule.trips);
    assert.equal(first.version?.counts?.shapes, schedule.directions.length);
    assert.deepEqual(first.version?.warnings, []);

    const again = await importDemoFeed(transit, silentLog);
    assert.equal(again.imported, false);
    assert.equal(again.version?.id, first.version?.id);
    const versions = await get<{ versions: unknown[]; count: number }>('/api/v1/transit/feeds?limit=10', admin);
    assert.equal(versions.count, 1);

    // Riders see its routes and stops: route 01 as the buses report it.
    const routes = await get<{ routes: { id: string; shortName: string; trips: number }[] }>(
      '/api/v1/transit/routes?limit=100',
    );
    assert.equal(routes.routes.length, schedule.routes.length);
    const route = routes.routes.find((r) => r.id === schedule.directions[0]!.routeId)!;
    assert.ok(route.trips > 50, 'route.trips > 50');
    const stopId = schedule.directions[0]!.stopIds[0]!;
    const stop = await get<{ name: string; routes: { id: string }[] }>(`/api/v1/transit/stops/${stopId}`);
    assert.ok(
      stop.routes.some((r) => r.id === route.id),
      'stop.routes.some((r) => r.id === route.id)',
    );
  });

  it('never replaces a schedule the city imported itself, but an older demo schedule', async () => {
    const transit = app.modules.get(transitModule);
    const own = await transit.importFeed({
      tenant: 'own-feed',
      source: 'hanoi-operator.zip',
      importedBy: 'test',
      files: async () => files,
    });
    const demo = await importDemoFeed(transit, silentLog, 'own-feed');
    assert.equal(demo.imported, false);
    assert.equal((await transit.currentVersion('own-feed'))?.id, own.id);

    // A demo schedule of an older version of the product is replaced by today's.
    await transit.importFeed({
      tenant: 'older-demo',
      source: `${DEMO_FEED_SOURCE}#0123456789abcdef`,
      importedBy: null,
      files: async () => files,
    });
    const replaced = await importDemoFeed(transit, silentLog, 'older-demo');
    assert.equal(replaced.imported, true);
    assert.equal((await transit.currentVersion('older-demo'))?.id, replaced.version?.id);
  });
});
