// `npm run bench:reports`: citizen reports' figures against the issue's targets, part by part (each
// runs Thang Long as its own process, `thanglong start`, DEMO off, on a fresh embedded database, so the
// load generator does not share its event loop):
//   post   POST /open311/v2/requests.json (form-encoded, with a photo reference) from an app with its
//          api_key, 32 at a time for BENCH_SECONDS — target ≥ 300 reports/s
//   near   GET /open311/v2/requests.json?lat&long&radius=500 at random places of the inner city over
//          BENCH_REPORTS reports (default 1,000,000, loaded straight into the database first, spread
//          over the last 90 days) — target p95 ≤ 50 ms
// BENCH_REPORTS_PARTS=near runs only those. BENCH_DATABASE_URL: the post part on that PostgreSQL
// database (empty, or one this bench used before) instead of the embedded one. Besides the rate, it
// prints the server process's CPU time per report (Linux), a figure a loaded machine changes less.
// Prints figures; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { cityModules } from '../apps/server/src/modules/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../apps/server/src/platform/db/index.js';
import { startThangLongProcess } from './lib/server.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const REPORTS = Number(process.env['BENCH_REPORTS'] ?? 1_000_000);
const APP_KEY = 'bench-reports-app-key';
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { n: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: round(sorted[sorted.length - 1] ?? NaN) };
}
/** The inner city, where most reports are: a box around Hoàn Kiếm, Ba Đình, Đống Đa, Hai Bà Trưng, Cầu Giấy. */
const INNER = { west: 105.77, east: 105.87, south: 20.98, north: 21.06 };
const randomPlace = (): [number, number] => [
  round(INNER.west + Math.random() * (INNER.east - INNER.west), 5),
  round(INNER.south + Math.random() * (INNER.north - INNER.south), 5),
];
const settings = () => `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`;
/** A process's CPU time (user + system) in milliseconds, from /proc; undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

async function post(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-reports-'));
  const { url, child } = await startThangLongProcess({
    DATA_DIR: dataDir,
    REPORTS_APP_KEYS: `bench:${APP_KEY}:99999`,
    ...(process.env['BENCH_DATABASE_URL'] ? { DATABASE_URL: process.env['BENCH_DATABASE_URL'] } : {}),
  });
  try {
    const codes = ['road-damage', 'street-lighting', 'waste', 'drainage-flooding'];
    // Each service's required questions answered with its first choice, as an app fills its form.
    const answers = new Map<string, [string, string][]>();
    for (const code of codes) {
      const def = (await (await fetch(`${url}/open311/v2/services/${code}.json`)).json()) as {
        attributes: { code: string; required: boolean; values?: { key: string }[] }[];
      };
      answers.set(
        code,
        def.attributes.filter((a) => a.required).map((a) => [`attribute[${a.code}]`, a.values?.[0]?.key ?? 'x']),
      );
    }
    const body = () => {
      const [lon, lat] = randomPlace();
      const form = new URLSearchParams({
        api_key: APP_KEY,
        service_code: codes[Math.floor(Math.random() * codes.length)] as string,
        lat: String(lat),
        long: String(lon),
        description: 'Ổ gà lớn trước cửa nhà, xe máy đi qua rất nguy hiểm',
        media_url: 'https://photos.example.org/reports/a1b2c3.jpg',
        email: 'nguoi-dan@example.org',
      });
      for (const [k, v] of answers.get(form.get('service_code') as string) ?? []) form.set(k, v);
      return form;
    };
    // Warm up, and check a report is taken at all.
    const first = await fetch(`${url}/open311/v2/requests.json`, { method: 'POST', body: body() });
    if (!first.ok) throw new Error(`POST requests: ${first.status} ${await first.text()}`);
    const latencies: number[] = [];
    let failed = 0;
    const until = Date.now() + SECONDS * 1000;
    const worker = async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const res = await fetch(`${url}/open311/v2/requests.json`, { method: 'POST', body: body() });
        await res.arrayBuffer();
        if (res.ok) latencies.push(performance.now() - t0);
        else failed++;
      }
    };
    const started = performance.now();
    const cpuBefore = cpuMs(child.pid);
    await Promise.all(Array.from({ length: 32 }, worker));
    const cpuAfter = cpuMs(child.pid);
    const rate = latencies.length / ((performance.now() - started) / 1000);
    const q = quantiles(latencies);
    console.log(`POST requests.json, 32 at a time for ${SECONDS} s (${settings()}):`);
    console.log(
      `  ${q.n} reports taken, ${failed} refused; ${round(rate)} reports/s (target ≥ 300: ${met(rate >= 300)})`,
    );
    console.log(`  latency p50 ${q.p50} ms, p95 ${q.p95} ms, p99 ${q.p99} ms`);
    if (cpuBefore !== undefined && cpuAfter !== undefined && q.n > 0) {
      const driver = process.env['BENCH_DATABASE_URL'] ? 'PostgreSQL' : 'the embedded database';
      console.log(`  server process CPU ${round((cpuAfter - cpuBefore) / q.n, 2)} ms per report (${driver})`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Loads `n` reports straight into the database of `dataDir` (public, spread over 90 days, inner city). */
async function load(dataDir: string, n: number): Promise<number> {
  const log = pino({ level: 'silent' });
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'off', DATA_DIR: dataDir }, process.cwd(), cityModules);
  const db = await openDatabase(config, log);
  const t0 = performance.now();
  try {
    await migrate(db, log);
    const batch = 100_000;
    for (let from = 0; from < n; from += batch) {
      await db.query(
        `INSERT INTO reports_report (tenant, id, service_code, state, level, resolve_working_days, department_id,
                                     channel, language, lon, lat, ward_code, ward_name, description,
                                     requested_at, updated_at, expected_at)
         SELECT '', 'B' || lpad(g::text, 7, '0'),
                (ARRAY['road-damage','street-lighting','waste','drainage-flooding','noise'])[1 + g % 5],
                (ARRAY['submitted','received','resolved','resolved','rejected'])[1 + (g / 7) % 5],
                'normal', 5, 'so-xay-dung', 'web', 'vi',
                $3::float8 + random() * $4::float8, $5::float8 + random() * $6::float8,
                '00070', 'Phường Hoàn Kiếm', 'Ổ gà lớn trước cửa nhà',
                t, t, t + interval '7 days'
           FROM generate_series($1::int, $2::int) AS g,
                LATERAL (SELECT now() - random() * interval '90 days' AS t) AS r`,
        [
          from + 1,
          Math.min(n, from + batch),
          INNER.west,
          INNER.east - INNER.west,
          INNER.south,
          INNER.north - INNER.south,
        ],
      );
    }
    await db.query('ANALYZE reports_report');
  } finally {
    await db.close();
  }
  return (performance.now() - t0) / 1000;
}

async function near(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-reports-'));
  try {
    const seconds = await load(dataDir, REPORTS);
    console.log(`${REPORTS.toLocaleString('en')} reports loaded in ${round(seconds)} s`);
    const { url, child } = await startThangLongProcess({ DATA_DIR: dataDir });
    try {
      const get = async () => {
        const [lon, lat] = randomPlace();
        const t0 = performance.now();
        const res = await fetch(`${url}/open311/v2/requests.json?lat=${lat}&long=${lon}&radius=500`);
        const body = (await res.json()) as unknown[];
        if (!res.ok) throw new Error(`GET requests: ${res.status} ${JSON.stringify(body)}`);
        return { ms: performance.now() - t0, n: body.length };
      };
      for (let i = 0; i < 20; i++) await get(); // warm up
      const latencies: number[] = [];
      let found = 0;
      const until = Date.now() + SECONDS * 1000;
      // One at a time, then four at a time: a map page's load, then several riders at once.
      for (const concurrency of [1, 4]) {
        latencies.length = 0;
        found = 0;
        const end = Math.min(until + (concurrency === 1 ? 0 : SECONDS * 1000), Date.now() + SECONDS * 1000);
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (Date.now() < end) {
              const r = await get();
              latencies.push(r.ms);
              found += r.n;
            }
          }),
        );
        const q = quantiles(latencies);
        console.log(
          `GET requests.json near a point (500 m, last 90 days, first page of 50), ${concurrency} at a time (${settings()}):`,
        );
        console.log(
          `  ${q.n} requests, ${round(found / Math.max(1, q.n))} reports each; p50 ${q.p50} ms, p95 ${q.p95} ms ` +
            `(target ≤ 50: ${met(q.p95 <= 50)}), p99 ${q.p99} ms`,
        );
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const PARTS: Record<string, () => Promise<void>> = { post, near };
const wanted = (process.env['BENCH_REPORTS_PARTS'] ?? Object.keys(PARTS).join(','))
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
for (const name of wanted) {
  const part = PARTS[name];
  if (!part) throw new Error(`BENCH_REPORTS_PARTS: no part "${name}" (${Object.keys(PARTS).join(', ')})`);
  process.stdout.write(`\n== ${name} ==\n`);
  await part();
}
