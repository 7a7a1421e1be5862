// `npm run bench:gtfs-rt`: the GTFS-Realtime feeds of the transit module. (1) Building: TripUpdates
// of a city's fleet (each vehicle's trip with its next stops predicted) made into a FeedMessage,
// encoded and hashed — what a rebuild costs; VehiclePositions and the JSON form beside it. (2) Serving:
// the feed answered from memory over HTTP by the platform's app (access control and tenants included;
// embedded PGlite, which a public feed does not touch), with autocannon on the same machine. (3) Where
// the ceiling of a large feed is: TripUpdates read by a client that only counts bytes (autocannon parses
// every byte in JavaScript: for a body of a megabyte it is the bottleneck), the very bytes from a bare
// node:http server to both clients, and what one loopback connection carries with no HTTP at all.
// 2,000 full TripUpdates a second are 2,000 × the feed's size in bytes a second: the last line sets that
// beside loopback's figure. The source is the sample fleet of the tests (each stop's arrival and
// departure with a time and an uncertainty); the clients run in a worker thread. Prints figures and
// how they compare with the targets; asserts nothing.
//
//   BENCH_GTFS_VEHICLES=2000   vehicles, one trip each (default 2,000)
//   BENCH_GTFS_STOPS=20        predicted stops per trip (default 20)
//   BENCH_SECONDS=10           duration of each HTTP scenario (default 5)
//   BENCH_CONNECTIONS=32       concurrent connections (default 16)
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { buildApp } from '../apps/server/src/app.js';
// The transit module's index.ts comes with its static part, written beside this one: until the two are
// joined, the realtime part's own public surface.
// eslint-disable-next-line thanglong/module-boundaries
import {
  realtimeRoutes,
  tripUpdatesPublisher,
  vehiclePositionsPublisher,
} from '../apps/server/src/modules/transit/realtime/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../apps/server/src/platform/db/index.js';
import { defineModule } from '../apps/server/src/platform/modules.js';
import { sampleAlerts, sampleTripUpdates, sampleVehicles } from '../apps/server/test/support/gtfs-rt-samples.js';
import { byteClient, loopbackBytesPerSecond } from './lib/byte-client.js';

const vehicles = Number(process.env['BENCH_GTFS_VEHICLES'] ?? 2_000);
const stops = Number(process.env['BENCH_GTFS_STOPS'] ?? 20);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const TARGET = { buildMs: 50, requestsPerSecond: 2_000 };

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

/**
 * Times `run` `times` times after a warm-up: wall-clock ms, and the CPU ms this process spent (the
 * fairer figure on a machine shared with other work).
 */
function timed(times: number, run: () => void): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < 3; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

const now = new Date();
process.stdout.write(
  `# GTFS-Realtime — ${vehicles} vehicles, ${stops} predicted stops each; Node ${process.version}, ${cpus().length} CPUs\n\n`,
);

// ---- (1) Building ----
const trips = sampleTripUpdates(vehicles, stops, now);
const fleet = sampleVehicles(vehicles, now);
const alerts = sampleAlerts(now);
// A fresh publisher each time, so every run builds and encodes in full (no "unchanged" shortcut).
let bytes = 0;
const tripBuild = timed(20, () => {
  bytes = tripUpdatesPublisher().publish(trips, now).bytes.length;
});
const tripFeed = tripUpdatesPublisher().publish(trips, now);
const jsonBuild = timed(10, () => {
  tripUpdatesPublisher().publish(trips, now).json();
});
const vehicleBuild = timed(20, () => {
  vehiclePositionsPublisher().publish(fleet, now);
});
const figures = {
  tripUpdates: {
    buildMsMedian: round(median(tripBuild.wall)),
    buildMsP95: round(p95(tripBuild.wall)),
    buildCpuMsMedian: round(median(tripBuild.cpu)),
    protobufKiB: Math.round(bytes / 1024),
    jsonKiB: Math.round(Buffer.byteLength(tripFeed.json()) / 1024),
    buildWithJsonMsMedian: round(median(jsonBuild.wall)),
  },
  vehiclePositions: {
    buildMsMedian: round(median(vehicleBuild.wall)),
    buildCpuMsMedian: round(median(vehicleBuild.cpu)),
  },
  loadAverage: loadavg().map((l) => round(l)),
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n\n`);
process.stdout.write(
  `TripUpdates for ${vehicles} vehicles built in ${figures.tripUpdates.buildMsMedian} ms (median; p95 ${figures.tripUpdates.buildMsP95} ms; ${figures.tripUpdates.buildCpuMsMedian} ms of CPU); target ≤ ${TARGET.buildMs} ms: ${met(figures.tripUpdates.buildMsMedian <= TARGET.buildMs)}\n`,
);

// ---- (2) Serving from memory ----
/** `first` (made at `firstAt`), then what `make` gives whenever the last is a minute old. */
function everyMinute<T>(make: (at: Date) => T, first: T, firstAt: Date): () => T {
  let value = first;
  let at = firstAt.getTime();
  return () => {
    if (Date.now() - at >= 60_000) {
      at = Date.now();
      value = make(new Date(at));
    }
    return value;
  };
}

const transitModule = defineModule({
  name: 'transit',
  permissions: {},
  create: () => ({
    provides: null,
    async routes(http) {
      await http.register(realtimeRoutes, {
        // Rebuilt every 5 s from the same fleet (the source's own cost is not the feed's), taken afresh each
        // minute so that it never grows older than the 90 s after which it would be left out.
        source: {
          vehicles: everyMinute((at) => sampleVehicles(vehicles, at), fleet, now),
          tripUpdates: everyMinute((at) => sampleTripUpdates(vehicles, stops, at), trips, now),
          alerts: () => alerts,
        },
      });
    },
  }),
});
const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-gtfs-rt-'));
const log = pino({ level: 'silent' });
const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'off', PORT: '0', DATA_DIR: dataDir }, process.cwd(), [
  transitModule,
]);
const db = await openDatabase(config, log);
try {
  await migrate(db, log);
  const app = await buildApp(config, { db, log, modules: [transitModule] });
  try {
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const address = app.http.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const base = `http://127.0.0.1:${port}/api/v1/transit/gtfs-rt`;
    const first = await fetch(`${base}/trip-updates`);
    const etag = first.headers.get('etag') ?? '';
    const servedBytes = (await first.arrayBuffer()).byteLength;
    // The source is the fleet as sampled (made afresh each minute): were it older than 90 s, the feed would be empty.
    if (servedBytes < bytes / 2)
      process.stdout.write(`WARNING: the feed served has ${servedBytes} bytes, not about ${bytes}\n`);
    // The compressed copies are made with each build; a moment for them to be ready.
    for (const path of ['trip-updates', 'vehicle-positions']) {
      await (await fetch(`${base}/${path}`, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
      await (await fetch(`${base}/${path}`, { headers: { 'accept-encoding': 'br' } })).arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const gz = await fetch(`${base}/trip-updates`, { headers: { 'accept-encoding': 'gzip' } });
    const gzBytes = Number(gz.headers.get('content-length') ?? 0);
    const gzKiB = Math.round(gzBytes / 1024);
    await gz.arrayBuffer();
    const br = await fetch(`${base}/trip-updates`, { headers: { 'accept-encoding': 'br' } });
    const brBytes = Number(br.headers.get('content-length') ?? 0);
    const brKiB = Math.round(brBytes / 1024);
    await br.arrayBuffer();
    const scenarios: { name: string; path: string; headers: Record<string, string> }[] = [
      { name: 'trip-updates, If-None-Match → 304', path: 'trip-updates', headers: { 'if-none-match': etag } },
      { name: `trip-updates, protobuf (${Math.round(servedBytes / 1024)} KiB)`, path: 'trip-updates', headers: {} },
      {
        name: `trip-updates, protobuf gzipped (${gzKiB} KiB)`,
        path: 'trip-updates',
        headers: { 'accept-encoding': 'gzip' },
      },
      {
        name: `trip-updates, protobuf brotli (${brKiB} KiB)`,
        path: 'trip-updates',
        headers: { 'accept-encoding': 'br' },
      },
      { name: `vehicle-positions, protobuf`, path: 'vehicle-positions', headers: {} },
      {
        name: `vehicle-positions, protobuf gzipped`,
        path: 'vehicle-positions',
        headers: { 'accept-encoding': 'gzip' },
      },
      { name: 'service-alerts, JSON', path: 'service-alerts?format=json', headers: {} },
    ];
    process.stdout.write(
      `\n## Served from memory — ${seconds}s per scenario, ${connections} connections (a rebuild every 5 s included)\n\n`,
    );
    process.stdout.write(
      '| scenario | req/s | p50 ms | p97.5 ms | p99 ms | MB/s | 304s | errors | target ≥ 2000 req/s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n',
    );
    for (const s of scenarios) {
      // In a worker thread of its own, so that the load generator does not share the server's event loop.
      const result = await autocannon({
        url: `${base}/${s.path}`,
        connections,
        duration: seconds,
        headers: s.headers,
        workers: 1,
      });
      // A 304 is the answer wanted of a revalidation; anything else not 2xx is an error.
      const notModified = result.statusCodeStats?.['304']?.count ?? 0;
      const errors = result.errors + result.timeouts + result.non2xx - notModified;
      const rps = Math.round(result.requests.average);
      process.stdout.write(
        `| ${s.name} | ${rps} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${round(result.throughput.average / 1e6)} | ${notModified} | ${errors} | ${met(rps >= TARGET.requestsPerSecond)} |\n`,
      );
    }

    // ---- (3) Where the ceiling is: the client, and the bytes loopback carries ----
    process.stdout.write(
      `\n## TripUpdates: the server with a client that only counts bytes, the client alone, loopback — ${seconds}s each, ${connections} connections\n\n`,
    );
    // The target is judged on the app's rows: a reader that takes the bytes as they come, as a feed
    // consumer or a cache in front does, unlike autocannon, which parses every byte of a large body.
    process.stdout.write(
      `| scenario | req/s | MB/s | errors | target ≥ ${TARGET.requestsPerSecond} req/s |\n| --- | ---: | ---: | ---: | --- |\n`,
    );
    const row = (name: string, rps: number | null, bytesPerSecond: number, errors: number, judged = false) =>
      process.stdout.write(
        `| ${name} | ${rps === null ? '—' : Math.round(rps)} | ${round(bytesPerSecond / 1e6)} | ${errors} | ${
          judged && rps !== null ? met(rps >= TARGET.requestsPerSecond && errors === 0) : ''
        } |\n`,
      );
    for (const s of scenarios.filter((x) => x.path === 'trip-updates' && !('if-none-match' in x.headers))) {
      const r = await byteClient({
        port,
        path: `/api/v1/transit/gtfs-rt/${s.path}`,
        headers: s.headers,
        connections,
        seconds,
      });
      const others = Object.entries(r.statuses).filter(([status]) => status !== '200');
      row(
        `app, byte-counting client: ${s.name}`,
        r.requestsPerSecond,
        r.bytesPerSecond,
        r.errors + others.reduce((n, [, c]) => n + c, 0),
        true,
      );
    }
    // The very bytes, from node:http with nothing else: what this client can take of a body this size.
    const bare = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': tripFeed.bytes.length });
      response.end(tripFeed.bytes);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const bareAddress = bare.address();
      const barePort = typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0;
      const a = await autocannon({ url: `http://127.0.0.1:${barePort}/`, connections, duration: seconds, workers: 1 });
      row(
        `bare node:http, autocannon: the same protobuf (${Math.round(bytes / 1024)} KiB)`,
        a.requests.average,
        a.throughput.average,
        a.errors + a.non2xx,
      );
      const b = await byteClient({ port: barePort, path: '/', connections, seconds });
      row(`bare node:http, byte-counting client: the same protobuf`, b.requestsPerSecond, b.bytesPerSecond, b.errors);
    } finally {
      bare.close();
    }
    const loopback = await loopbackBytesPerSecond(seconds);
    row('loopback, one TCP connection, no HTTP', null, loopback, 0);
    process.stdout.write(
      `\n${TARGET.requestsPerSecond} req/s of TripUpdates would be ${[
        ['protobuf', bytes],
        ['gzipped', gzBytes],
        ['brotli', brBytes],
      ]
        .map(([name, n]) => `${name} ${round((Number(n) * TARGET.requestsPerSecond) / 1e6)} MB/s`)
        .join(', ')}; loopback carried ${round(loopback / 1e6)} MB/s (load average ${loadavg()
        .map((l) => round(l))
        .join(', ')}).\n`,
    );
  } finally {
    await app.http.close();
  }
} finally {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
