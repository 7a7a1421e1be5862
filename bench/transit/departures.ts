// Departures boards of the transit module: `GET /api/v1/transit/stops/{id}/departures` over HTTP on the
// platform's app (access control and tenants included), on the embedded database (and on PostgreSQL when
// BENCH_DATABASE_URL is set), with the Hanoi GTFS feed from ../shared/data (or SHARED_DATA) imported.
// First every stop's board once (a board not asked for since the feed was imported reads the stop's calls
// from the database), then 200 requests a second over all the stops from a worker thread: on a fixed
// schedule (open loop, each latency kept: the exact p95), and with autocannon (which reports p90 and
// p97.5 around it). Target (issue 18): p95 ≤ 20 ms at 200 req/s. Prints figures; asserts nothing.
//
//   BENCH_SECONDS=20       how long the 200 req/s scenario runs (default 10)
//   BENCH_RATE=200         requests a second (default 200)
//   BENCH_DATABASE_URL     also run on this PostgreSQL database (an empty one: it is migrated and filled)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { buildApp } from '../../apps/server/src/app.js';
import { cityModules } from '../../apps/server/src/modules/index.js';
import { feedFilesOf, transitModule } from '../../apps/server/src/modules/transit/index.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../../apps/server/src/platform/db/index.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const rate = Number(process.env['BENCH_RATE'] ?? 200);
const TARGET_P95_MS = 20;
/** A weekday of the feed's calendar (2018; its zone is UTC), when its buses run (09:00–18:00). */
const FROM = '2018-06-13T12:00:00Z';
const feedDir = join(
  process.env['SHARED_DATA'] ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)),
  'hanoi-gtfs-worldbank',
  'filtered_complete',
);
const log = pino({ level: 'silent' });
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? 0;

/**
 * Requests sent on a fixed schedule (one every 1/rate s, whether or not the last was answered, so a slow
 * answer cannot hold the next back) from a worker thread, each one's latency kept: the exact p95.
 */
function openLoop(urls: readonly string[], perSecond: number, durationS: number): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { urls, perSecond, durationS } = workerData;
    const latencies = [];
    const total = Math.round(perSecond * durationS);
    const start = performance.now();
    let pending = 0;
    let sent = 0;
    const fire = () => {
      while (sent < total && performance.now() - start >= (sent * 1000) / perSecond) {
        const url = urls[sent % urls.length];
        sent++;
        pending++;
        const t0 = performance.now();
        fetch(url).then((r) => r.arrayBuffer().then(() => r.status)).then(
          (status) => { latencies.push(status === 200 ? performance.now() - t0 : -1); },
          () => latencies.push(-1),
        ).finally(() => { pending--; if (sent >= total && pending === 0) parentPort.postMessage(latencies); });
      }
      if (sent < total) setTimeout(fire, 1);
    };
    fire();
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { urls, perSecond, durationS } });
    worker.once('message', (latencies: number[]) => {
      void worker.terminate();
      resolve(latencies);
    });
    worker.once('error', reject);
  });
}

async function runOn(label: string, env: Record<string, string>): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'off', PORT: '0', ...env }, process.cwd(), cityModules);
  const db = await openDatabase(config, log);
  try {
    await migrate(db, log);
    const app = await buildApp(config, { db, log });
    try {
      const transit = app.modules.get(transitModule);
      const version = await transit.importFeed({
        tenant: '',
        source: feedDir,
        importedBy: 'bench',
        files: () => feedFilesOf(feedDir, app.broker.outbound),
        // Loading measured alone: shapes along the roads are bench/transit/road-shapes.ts.
        roadShapes: false,
      });
      const stops = (await transit.stops('', { kind: 'all' }, { limit: 100_000, offset: 0 })).items.map((s) => s.id);
      await app.http.listen({ host: '127.0.0.1', port: 0 });
      const address = app.http.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const base = `http://127.0.0.1:${port}`;
      const path = (stop: string) =>
        `/api/v1/transit/stops/${encodeURIComponent(stop)}/departures?from=${encodeURIComponent(FROM)}&minutes=60&limit=20`;

      // Each board once, one after another: the first read of a stop.
      const first: number[] = [];
      let departures = 0;
      for (const stop of stops) {
        const t0 = performance.now();
        const res = await fetch(`${base}${path(stop)}`);
        const body = (await res.json()) as { departures?: unknown[] };
        first.push(performance.now() - t0);
        departures += body.departures?.length ?? 0;
      }

      // The exact p95: every stop in turn, on a fixed schedule.
      const open = await openLoop(
        stops.map((stop) => `${base}${path(stop)}`),
        rate,
        seconds,
      );
      const answered = open.filter((ms) => ms >= 0);
      const openP95 = percentile(answered, 0.95);

      // Every stop in turn, at a fixed rate, from a worker thread of its own; the server's CPU time is
      // this process's main thread's and the database's (PGlite runs in it), the load generator's apart.
      const cpu0 = process.cpuUsage();
      const result = await autocannon({
        url: base,
        connections: 10,
        overallRate: rate,
        duration: seconds,
        workers: 1,
        requests: stops.map((stop) => ({ method: 'GET', path: path(stop) })),
      });
      const cpu = process.cpuUsage(cpu0);
      const cpuMsPerRequest = (cpu.user + cpu.system) / 1000 / Math.max(1, result.requests.total);
      const errors = result.errors + result.timeouts + result.non2xx;
      // autocannon reports p90, p97.5 and p99, not p95: p97.5 is the bound given against the target.
      const p975 = result.latency.p97_5;
      process.stdout.write(
        `\n## ${label}: the Hanoi feed (${version.counts?.stops ?? 0} stops, ${version.counts?.trips ?? 0} trips, ${version.counts?.stopTimes ?? 0} stop times)\n\n` +
          `First board of each stop (sequential, ${stops.length} stops, ${round(departures / Math.max(1, stops.length))} departures each on average): ` +
          `p50 ${round(percentile(first, 0.5))} ms, p95 ${round(percentile(first, 0.95))} ms, max ${round(Math.max(...first))} ms\n\n` +
          `| scenario | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | max ms | errors | target p95 ≤ ${TARGET_P95_MS} ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n` +
          `| next departures, ${rate} req/s for ${seconds} s | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p90} | ${p975} | ${result.latency.p99} | ${result.latency.max} | ${errors} | ${met(p975 <= TARGET_P95_MS && errors === 0)} (p97.5 ≥ p95) |\n` +
          `| next departures, ${rate} req/s for ${seconds} s, open loop (exact p95) | ${Math.round(answered.length / seconds)} | ${round(percentile(answered, 0.5))} | ${round(percentile(answered, 0.9))} | p95 ${round(openP95)} | ${round(percentile(answered, 0.99))} | ${round(Math.max(...answered))} | ${open.length - answered.length} | ${met(openP95 <= TARGET_P95_MS && answered.length === open.length)} |\n\n` +
          `CPU of this process (server, and the worker thread sending the load): ${round(cpuMsPerRequest, 2)} ms a request; load average ${loadavg()
            .map((l) => round(l))
            .join(' ')} on ${cpus().length} CPUs (other work on the machine lengthens the tail).\n`,
      );
    } finally {
      await app.http.close();
    }
  } finally {
    await db.close();
  }
}

export async function run(): Promise<void> {
  process.stdout.write(
    `# Next departures at a stop — Node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => round(l))
      .join(' ')}\n`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-departures-'));
  try {
    if (process.env['BENCH_SKIP_PGLITE'] !== '1') await runOn('PGlite (embedded)', { DATA_DIR: dataDir });
    const url = process.env['BENCH_DATABASE_URL'];
    if (url) await runOn('PostgreSQL', { DATABASE_URL: url, DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run directly (node --import tsx bench/transit/departures.ts) as well as from a bench runner.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
