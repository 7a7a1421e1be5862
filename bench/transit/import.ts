// The demo's Hanoi GTFS feed (demo/transit.ts: the timetabled directions, shapes along the roads) and a
// copy 10× larger (every id but agency and service copied): how long building, checking and storing take,
// and the memory it costs. Against the issue's "GTFS import of the Hanoi feed (and 10× copy): time and
// memory", which gives no target figure. Asserts nothing.
//
//   BENCH_DATABASE_URL     also run on this PostgreSQL database (an empty one: it is migrated and filled)
//   BENCH_SKIP_PGLITE=1    measure PostgreSQL only
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { demoFeedFiles, hanoiDemoSchedule, type DemoSchedule } from '../../apps/server/src/demo/transit.js';
import { cityModules } from '../../apps/server/src/modules/index.js';
import { TransitService } from '../../apps/server/src/modules/transit/index.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../../apps/server/src/platform/db/index.js';

const log = pino({ level: 'silent' });
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The schedule N times over: every route, stop and direction (so every trip and shape) copied with its id suffixed. */
function multiplied(schedule: DemoSchedule, copies: number): DemoSchedule {
  const each = Array.from({ length: copies }, (_, n) => n);
  const id = (x: string, n: number) => `${x}~${n}`;
  return {
    ...schedule,
    routes: each.flatMap((n) => schedule.routes.map((r) => ({ ...r, id: id(r.id, n) }))),
    stops: each.flatMap((n) => schedule.stops.map((s) => ({ ...s, id: id(s.id, n) }))),
    directions: each.flatMap((n) =>
      schedule.directions.map((d) => ({
        ...d,
        id: id(d.id, n),
        routeId: id(d.routeId, n),
        stopIds: d.stopIds.map((s) => id(s, n)),
      })),
    ),
    trips: schedule.trips * copies,
  };
}

async function importOn(label: string, env: Record<string, string>, files: Map<string, string>, copies: number) {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DEMO: 'off', DATABASE_STATEMENT_TIMEOUT: '120s', ...env },
    process.cwd(),
    cityModules,
  );
  const db = await openDatabase(config, log);
  try {
    await migrate(db, log);
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const version = await new TransitService(db, log).importFeed({
      tenant: `bench-${copies}`,
      source: `demo:hanoi ×${copies}`,
      importedBy: 'bench',
      files: () => Promise.resolve(files),
      // Loading measured alone: shapes along the roads are bench/transit/road-shapes.ts.
      roadShapes: false,
    });
    const ms = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    process.stdout.write(
      `${JSON.stringify({
        database: label,
        copies,
        trips: version.counts?.trips,
        stopTimes: version.counts?.stopTimes,
        shapePoints: version.counts?.shapePoints,
        importMs: Math.round(ms),
        stopTimesPerSecond: Math.round(((version.counts?.stopTimes ?? 0) / ms) * 1000),
        rssBeforeMb: mb(before.rss),
        rssPeakMb: mb(peakRss),
        rssGrowthMb: mb(peakRss - before.rss),
      })}\n`,
    );
  } finally {
    await db.close();
  }
}

export async function run(): Promise<void> {
  process.stdout.write('GTFS import of the Hanoi demo feed (and a 10× copy): time and memory (no target figure)\n');
  const t0 = performance.now();
  const schedule = hanoiDemoSchedule();
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const files = demoFeedFiles(schedule);
  const filesMs = performance.now() - t1;
  const bytes = [...files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(
    `${JSON.stringify({
      scheduleMs: Math.round(buildMs),
      note: 'road graph read and indexed, then one shape along the roads per direction',
      shapes: schedule.directions.length,
      straightLegs: schedule.straightLegs,
      legs: schedule.legs,
      filesMs: Math.round(filesMs),
      feedMb: mb(bytes),
    })}\n`,
  );
  const tenTimes = demoFeedFiles(multiplied(schedule, 10));
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-transit-import-'));
  try {
    for (const [copies, feed] of [
      [1, files],
      [10, tenTimes],
    ] as const) {
      if (process.env['BENCH_SKIP_PGLITE'] !== '1') {
        await importOn('PGlite', { DATA_DIR: join(dataDir, String(copies)) }, feed, copies);
      }
      if (process.env['BENCH_DATABASE_URL']) {
        await importOn('PostgreSQL', { DATABASE_URL: process.env['BENCH_DATABASE_URL'] }, feed, copies);
      }
    }
    if (!process.env['BENCH_DATABASE_URL']) {
      process.stdout.write('(set BENCH_DATABASE_URL to an empty PostgreSQL database to measure there too)\n');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
