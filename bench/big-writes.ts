// `npm run bench:big-writes`: what one caller's large NGSI-LD write costs everyone else. Thang Long
// runs as its own process; this one PATCHes an attribute with a large value (text, or an array of
// numbers), then the same value again, while probing /health/live every 20 ms: the probe's slowest
// answer is how long other callers waited. A body over NGSI_LD_BODY_LIMIT (1 MB) is refused unread.
// Prints JSON figures; asserts nothing.
//
//   BENCH_DATABASE_URL         run on this PostgreSQL database (an empty one) instead of the embedded one
//   BENCH_SIZES=0.25,0.5,0.9,3 value sizes in MB (default these)
//   BENCH_BASELINE=<cli.ts>    another checkout's apps/server/src/cli.ts, measured first, to compare
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeHealth } from './lib/health-probe.js';
import { adminSession, startThangLongProcess } from './lib/server.js';

const ADMIN_PASSWORD = 'bench-big-writes-Secret-1';
const MB = 1024 * 1024;
const SIZES = (process.env['BENCH_SIZES'] ?? '0.25,0.5,0.9,3').split(',').map(Number);

interface Figure {
  value: string;
  bodyMB: number;
  write: 'first' | 'same again';
  status: number;
  patchMs: number;
  /** The slowest /health/live answer while the PATCH ran: how long everyone else waited. */
  healthMaxMs: number;
}

/** About `bytes` of JSON: one text, or an array of distinct numbers (each its own key in the attrs index). */
const valueOf = (kind: 'text' | 'numbers', bytes: number): unknown =>
  kind === 'text' ? 'x'.repeat(bytes) : Array.from({ length: Math.round(bytes / 7) }, (_, i) => 100_000 + i);

async function measure(label: string, cli?: string): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-big-writes-'));
  const databaseUrl = process.env['BENCH_DATABASE_URL'];
  const { url, child } = await startThangLongProcess(
    {
      AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    cli,
  );
  const figures: Figure[] = [];
  try {
    const { headers, call } = await adminSession(url, ADMIN_PASSWORD);
    for (const kind of ['text', 'numbers'] as const) {
      for (const size of SIZES) {
        const id = `urn:ngsi-ld:Thing:${label}-${kind}-${size}`;
        await call('POST', '/ngsi-ld/v1/entities', { id, type: 'Thing', note: { type: 'Property', value: 'small' } });
        const body = JSON.stringify({ note: { type: 'Property', value: valueOf(kind, Math.round(size * MB)) } });
        for (const write of ['first', 'same again'] as const) {
          const probe = probeHealth(url);
          const started = performance.now();
          const res = await fetch(`${url}/ngsi-ld/v1/entities/${encodeURIComponent(id)}/attrs`, {
            method: 'PATCH',
            headers,
            body,
          }).catch(() => ({ status: 0, arrayBuffer: async () => undefined })); // 0: no answer in 300 s
          await res.arrayBuffer();
          const patchMs = performance.now() - started;
          const healthMaxMs = await probe.stop();
          const figure = {
            value: `${kind} ${size} MB`,
            bodyMB: Math.round((body.length / MB) * 100) / 100,
            write,
            status: res.status,
            patchMs: Math.round(patchMs),
            healthMaxMs: Math.round(healthMaxMs),
          };
          figures.push(figure);
          process.stderr.write(`${label}: ${JSON.stringify(figure)}\n`);
          if (res.status >= 400 || res.status === 0) break; // refused or stuck: nothing to send again
        }
      }
    }
  } finally {
    // A server stuck in the embedded database's WASM cannot hear SIGTERM: give it 10 s, then end it.
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const stuck = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(stuck);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}

const database = process.env['BENCH_DATABASE_URL'] ? 'PostgreSQL' : 'PGlite';
const results: Record<string, Figure[]> = {};
const baseline = process.env['BENCH_BASELINE'];
if (baseline) results['baseline'] = await measure('baseline', baseline);
results['this checkout'] = await measure('this');
process.stdout.write(`${JSON.stringify({ database, results }, null, 2)}\n`);
