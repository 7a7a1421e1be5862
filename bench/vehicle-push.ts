// `npm run bench:vehicle-push`: an operator pushing GTFS-Realtime VehiclePositions of a city's fleet.
// Thang Long runs as its own process; this one pushes feeds of N vehicles (twice: the vehicles made,
// then moved) and one over the limit, while probing /health/live every 20 ms: the probe's slowest
// answer is how long other callers waited. Prints JSON figures; asserts nothing.
//
//   BENCH_DATABASE_URL        run on this PostgreSQL database (an empty one) instead of the embedded one
//   BENCH_VEHICLES=2000,10000 feed sizes (default 2000)
//   BENCH_PROFILE_DIR=<dir>   the server writes a CPU profile there when it stops
//   BENCH_BASELINE=<cli.ts>   run another checkout's apps/server/src/cli.ts instead, to compare
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bindings from 'gtfs-realtime-bindings';
import { probeHealth } from './lib/health-probe.js';
import { adminSession, startThangLongProcess } from './lib/server.js';

const { transit_realtime: gtfsRealtime } = bindings;
const ADMIN_PASSWORD = 'bench-vehicle-push-Secret-1';
const SIZES = (process.env['BENCH_VEHICLES'] ?? '2000').split(',').map(Number);

function feedOf(n: number, shift: number): Uint8Array {
  const now = Math.floor(Date.now() / 1000);
  const entity = Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    vehicle: {
      vehicle: { id: `bench-${i}`, label: `Xe ${i}` },
      trip: { routeId: String(i % 120) },
      position: {
        latitude: 21 + (i % 100) / 1000 + shift,
        longitude: 105.8 + Math.floor(i / 100) / 1000,
        bearing: 90,
        speed: 5,
      },
      timestamp: now,
    },
  }));
  const message = gtfsRealtime.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', timestamp: now },
    entity,
  });
  return gtfsRealtime.FeedMessage.encode(message).finish();
}

const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-vehicle-push-'));
const databaseUrl = process.env['BENCH_DATABASE_URL'];
const { url, child } = await startThangLongProcess(
  {
    AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  },
  process.env['BENCH_BASELINE'] || undefined,
);
try {
  const { call } = await adminSession(url, ADMIN_PASSWORD);
  const { key } = (await call(
    'POST',
    '/api/v1/api-keys',
    { name: 'AVL', roles: ['operator'], tenant: 'hanoi' },
    [201],
  )) as { key: string };
  const runs: [string, Uint8Array][] = [];
  SIZES.forEach((n, i) => {
    runs.push([`${n} vehicles, new`, feedOf(n, i)]);
    runs.push([`${n} vehicles, moved`, feedOf(n, i + 0.001)]);
  });
  runs.push([`10001 vehicles (refused)`, feedOf(10_001, 0)]);
  for (const [label, body] of runs) {
    const probe = probeHealth(url);
    const started = performance.now();
    const res = await fetch(`${url}/api/v1/transit/vehicle-positions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-protobuf', 'ngsild-tenant': 'hanoi' },
      body,
    });
    const answer = await res.text();
    const pushMs = performance.now() - started;
    const healthMaxMs = await probe.stop();
    const accepted = res.status === 200 ? (JSON.parse(answer) as { accepted: number }).accepted : undefined;
    process.stdout.write(
      `${JSON.stringify({
        database: databaseUrl ? 'PostgreSQL' : 'PGlite',
        feed: label,
        kB: Math.round(body.byteLength / 1024),
        status: res.status,
        accepted,
        pushMs: Math.round(pushMs),
        healthMaxMs: Math.round(healthMaxMs),
      })}\n`,
    );
  }
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(stuck);
  rmSync(dataDir, { recursive: true, force: true });
}
