// `npm run bench:gtfs`: imports the Hanoi GTFS feed made N times larger (every id copied N times,
// default 10: about 145,000 stop times) and prints how long checking and storing took. The feed is
// read from ../shared/data (or SHARED_DATA). Asserts nothing.
//
//   BENCH_GTFS_COPIES=10   how many copies of the feed
//   BENCH_DATABASE_URL     also run on this PostgreSQL database (an empty one: it is migrated and filled)
//   BENCH_SKIP_PGLITE=1    measure PostgreSQL only
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { cityModules } from '../apps/server/src/modules/index.js';
import { feedFilesOf, TransitService } from '../apps/server/src/modules/transit/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../apps/server/src/platform/db/index.js';
import { OutboundGuard } from '../apps/server/src/platform/outbound.js';

const copies = Number(process.env['BENCH_GTFS_COPIES'] ?? 10);
const feedDir = join(
  process.env['SHARED_DATA'] ?? fileURLToPath(new URL('../../shared/data', import.meta.url)),
  'hanoi-gtfs-worldbank',
  'filtered_complete',
);
const log = pino({ level: 'silent' });

/** Every data line copied N times, its ids (the values of *_id columns but agency and service) suffixed with the copy's number. */
function multiplied(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of files) {
    const [header = '', ...lines] = text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((l) => l !== '');
    const idColumns = header
      .split(',')
      .map((c, k) => (/_id$/.test(c.trim()) && !['agency_id', 'service_id'].includes(c.trim()) ? k : -1))
      .filter((k) => k >= 0);
    const body: string[] = [];
    for (let copy = 0; copy < (name === 'agency.txt' || name === 'calendar.txt' ? 1 : copies); copy++) {
      for (const line of lines) {
        const fields = line.split(',');
        for (const k of idColumns) if (fields[k]) fields[k] = `${fields[k]}~${copy}`;
        body.push(fields.join(','));
      }
    }
    out.set(name, `${header}\n${body.join('\n')}\n`);
  }
  return out;
}

async function run(label: string, env: Record<string, string>) {
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DEMO: 'off', DATABASE_STATEMENT_TIMEOUT: '120s', ...env },
    process.cwd(),
    cityModules,
  );
  const db = await openDatabase(config, log);
  try {
    await migrate(db, log);
    const files = multiplied(await feedFilesOf(feedDir, new OutboundGuard({ allow: [] })));
    const started = performance.now();
    const version = await new TransitService(db, log).importFeed({
      tenant: '',
      source: `hanoi ×${copies}`,
      importedBy: 'bench',
      files: () => Promise.resolve(files),
      // Loading measured alone: shapes along the roads are bench/transit/road-shapes.ts.
      roadShapes: false,
    });
    const ms = performance.now() - started;
    process.stdout.write(
      `${JSON.stringify({
        database: label,
        copies,
        stopTimes: version.counts?.stopTimes,
        shapePoints: version.counts?.shapePoints,
        trips: version.counts?.trips,
        importMs: Math.round(ms),
        stopTimesPerSecond: Math.round(((version.counts?.stopTimes ?? 0) / ms) * 1000),
      })}\n`,
    );
  } finally {
    await db.close();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-gtfs-'));
if (process.env['BENCH_SKIP_PGLITE'] !== '1') await run('PGlite', { DATA_DIR: dataDir });
if (process.env['BENCH_DATABASE_URL']) await run('PostgreSQL', { DATABASE_URL: process.env['BENCH_DATABASE_URL'] });
else process.stdout.write('(set BENCH_DATABASE_URL to an empty PostgreSQL database to measure there too)\n');
rmSync(dataDir, { recursive: true, force: true });
