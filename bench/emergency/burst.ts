// A burst of recommendations and everything else the server does: Thang Long runs as its own process
// (`thanglong start`, DEMO off, embedded database) with 300 units at Hanoi's stations and 150 open
// incidents; readers then ask the recommendations of every incident at once (8 at a time), each a road
// search over the city. Meanwhile a cheap, unrelated route (GET /health/live) is asked every 20 ms: its
// time says how long the server's thread is held. Printed: the cheap route's p50/p99 quiet and during the
// burst. BENCH_BEFORE_CLI=<another checkout>/apps/server/src/cli.ts runs the same against that checkout
// first (e.g. before road searches moved to their worker). Prints figures; asserts nothing.
//
//   BENCH_UNITS=300          units (default 300)
//   BENCH_INCIDENTS=150      incidents asked in the burst (default 150)
//   BENCH_READERS=8          recommendations asked at once (default 8)
//   BENCH_BEFORE_CLI         another checkout's cli.ts to compare with (default: none)
//   BENCH_CLI                this checkout's CLI (default apps/server/src/cli.ts; apps/server/dist/cli.js: the build)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminSession, startThangLongProcess } from '../lib/server.js';
import { hanoiFleet, randomPlace, seeded } from './fleet.js';

const ADMIN_PASSWORD = 'bench-emergency-first-passphrase';
const PROBE_EVERY_MS = 20;
const QUIET_MS = 3000;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { n: sorted.length, p50: q(0.5), p99: q(0.99), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/** Asks `url` every PROBE_EVERY_MS, one at a time, until stopped: the times taken. */
function probe(url: string): { stop(): Promise<number[]> } {
  const took: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      took.push(performance.now() - t);
      await sleep(PROBE_EVERY_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return took;
    },
  };
}

async function measure(label: string, cli: string | undefined) {
  const unitCount = Number(process.env['BENCH_UNITS'] ?? 300);
  const incidentCount = Number(process.env['BENCH_INCIDENTS'] ?? 150);
  const readers = Number(process.env['BENCH_READERS'] ?? 8);
  const random = seeded(18);
  const { stations, units } = hanoiFleet(unitCount, random, false);
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-burst-'));
  const started = await startThangLongProcess(
    { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DATA_DIR: dataDir, EMERGENCY_SEARCHES_PER_MINUTE: '6000' },
    ...(cli ? [cli] : []),
  );
  const server = started.child;
  const url = started.url;
  try {
    const { call } = await adminSession(url, ADMIN_PASSWORD);
    for (const s of stations) await call('POST', '/api/v1/emergency/stations', s);
    for (const u of units) {
      const { id, callSign, kind, agency, capabilities, stationId, crew } = u;
      await call('POST', '/api/v1/emergency/units', { id, callSign, kind, agency, capabilities, stationId, crew });
    }
    const types = ((await call('GET', '/api/v1/emergency/incident-types')) as { types: { code: string }[] }).types;
    const incidents: string[] = [];
    for (let n = 0; incidents.length < incidentCount; n++) {
      // A random place in the box may fall outside the city's outline: that call is refused, another made.
      const made = (await call('POST', '/api/v1/emergency/calls', {
        phone: `09${String(10_000_000 + n)}`,
        typeCode: types[n % types.length]!.code,
        location: randomPlace(random),
        text: 'bench',
      }).catch(() => null)) as { incident: { id: string } } | null;
      if (made) incidents.push(made.incident.id);
    }
    // One recommendation first: the graph loaded wherever the searches run.
    await call('GET', `/api/v1/emergency/incidents/${incidents[0]}/recommendations`);

    const quiet = probe(`${url}/health/live`);
    await sleep(QUIET_MS);
    const quietMs = await quiet.stop();

    const during = probe(`${url}/health/live`);
    const burstStarted = performance.now();
    let next = 1;
    let failed = 0;
    await Promise.all(
      Array.from({ length: readers }, async () => {
        while (next < incidents.length) {
          const id = incidents[next++]!;
          await call('GET', `/api/v1/emergency/incidents/${id}/recommendations`).catch(() => failed++);
        }
      }),
    );
    const burstMs = performance.now() - burstStarted;
    const duringMs = await during.stop();
    const [q, d] = [quantiles(quietMs), quantiles(duringMs)];
    process.stdout.write(
      `${JSON.stringify(
        {
          server: label,
          units: units.length,
          recommendations: incidents.length - 1,
          readersAtOnce: readers,
          failed,
          burstSeconds: round(burstMs / 1000, 2),
          recommendationsPerSecond: round((incidents.length - 1) / (burstMs / 1000)),
          healthLiveQuietMs: q,
          healthLiveDuringBurstMs: d,
          machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => round(l, 2)) },
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(
      `${label}: GET /health/live p50 ${q.p50} ms, p99 ${q.p99} ms quiet; p50 ${d.p50} ms, p99 ${d.p99} ms (max ${d.max}) during ${incidents.length - 1} recommendations in ${round(burstMs / 1000, 1)} s\n`,
    );
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const before = process.env['BENCH_BEFORE_CLI'];
  if (before) await measure(`before (${before})`, before);
  await measure('this checkout', process.env['BENCH_CLI']);
}
