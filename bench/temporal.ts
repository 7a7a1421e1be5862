// `npm run bench:temporal`: the NGSI-LD temporal API over a large history, on loopback, one client
// after the other (latency, not throughput). History is written by SQL (generate_series), the way a
// year of sensor readings would already be there. Prints JSON figures and how they compare with the
// targets of the temporal API issue. Asserts nothing.
//
//   BENCH_REQUESTS=200            timed requests per scenario (default 100, after 10 warm-up ones)
//   BENCH_INSTANCES=100000        instances per entity of the aggregation scenario (10 entities)
//   BENCH_LASTN_INSTANCES=1000000 instances of the one entity of the lastN scenario
//   BENCH_DATABASE_URL            also run on this PostgreSQL database (an empty one: it is migrated and filled)
//   BENCH_SKIP_PGLITE=1           measure PostgreSQL only
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { buildApp } from '../apps/server/src/app.js';
import { cityModules } from '../apps/server/src/modules/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase, type Database } from '../apps/server/src/platform/db/index.js';

const requests = Number(process.env['BENCH_REQUESTS'] ?? 100);
const perEntity = Number(process.env['BENCH_INSTANCES'] ?? 100_000);
const lastNInstances = Number(process.env['BENCH_LASTN_INSTANCES'] ?? 1_000_000);
const ENTITIES = 10;
const log = pino({ level: 'silent' });

const TYPE = 'https://uri.etsi.org/ngsi-ld/default-context/AirQualitySensor';
const PM25 = 'https://uri.etsi.org/ngsi-ld/default-context/pm25';
const START = '2026-06-01T00:00:00Z';
const sensorId = (n: number) => `urn:ngsi-ld:AirQualitySensor:bench-${n}`;
const STATION = 'urn:ngsi-ld:AirQualitySensor:bench-busy';

const TARGETS: Record<string, { p95: number; text: string }> = {
  [`aggregated retrieve (PT1H; avg,min,max) over ${ENTITIES} entities × ${perEntity} instances`]: {
    p95: 100,
    text: 'p95 <= 100 ms',
  },
  [`lastN=100 over ${lastNInstances} instances`]: { p95: 20, text: 'p95 <= 20 ms' },
};

/** History by SQL: one reading a minute for the sensors, one every 10 s for the busy station. */
async function fill(db: Database): Promise<number> {
  const started = performance.now();
  const stamp = `to_char(x.t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  await db.query(
    `SELECT ngsi_attr_instance_partition((date_trunc('month', $1::timestamptz) + make_interval(months => m))::date)
     FROM generate_series(0, 8) AS m`,
    [START],
  );
  await db.query(
    `INSERT INTO ngsi_temporal_entity (tenant, id, types, created_at, modified_at)
     SELECT '', id, ARRAY[$1], now(), now() FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING`,
    [TYPE, [...Array.from({ length: ENTITIES }, (_, n) => sensorId(n)), STATION]],
  );
  const insert = (entity: string, count: number, step: string) =>
    db.query(
      `INSERT INTO ngsi_attr_instance
         (tenant, entity_id, attr, instance_id, ts, observed_at, created_at, modified_at, num, instance)
       SELECT '', $1, $2, 'urn:ngsi-ld:attribute:instance:' || gen_random_uuid(), x.t, x.t, x.t, x.t, x.v,
              jsonb_build_object('type', 'Property', 'value', x.v, 'observedAt', ${stamp}, 'unitCode', 'GQ')
       FROM generate_series(1, $3::int) AS n,
            LATERAL (SELECT $4::timestamptz + n * $5::interval AS t, 20 + (n % 97) * 0.5 AS v) AS x`,
      [entity, PM25, count, START, step],
    );
  for (let n = 0; n < ENTITIES; n++) await insert(sensorId(n), perEntity, '1 minute');
  await insert(STATION, lastNInstances, '10 seconds');
  // As autovacuum leaves a table that has been written to: statistics and visibility map up to date.
  await db.exec('VACUUM ANALYZE ngsi_attr_instance');
  await db.exec('ANALYZE ngsi_temporal_entity');
  return Math.round(performance.now() - started);
}

interface Figure {
  scenario: string;
  requests: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxms: number;
  errors: number;
  target?: string | undefined;
  met?: boolean | undefined;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function run(label: string, env: Record<string, string>): Promise<Figure[]> {
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      DEMO: 'off',
      PORT: '0',
      NGSI_LD_ANONYMOUS: 'write',
      DATABASE_STATEMENT_TIMEOUT: '60s',
      ...env,
    },
    process.cwd(),
    cityModules,
  );
  const db = await openDatabase(config, log);
  await migrate(db, log);
  const fillMs = await fill(db);
  const app = await buildApp(config, { db, log });
  const figures: Figure[] = [];
  try {
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const address = app.http.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ngsi-ld/v1`;
    let pick = 0;
    const scenarios: { name: string; path: () => string }[] = [
      {
        name: `aggregated retrieve (PT1H; avg,min,max) over ${ENTITIES} entities × ${perEntity} instances`,
        path: () =>
          `/temporal/entities/${encodeURIComponent(sensorId(pick++ % ENTITIES))}` +
          '?options=aggregatedValues&aggrMethods=avg,min,max&aggrPeriodDuration=PT1H',
      },
      {
        name: `lastN=100 over ${lastNInstances} instances`,
        path: () => `/temporal/entities/${encodeURIComponent(STATION)}?lastN=100`,
      },
      {
        name: `lastN=100, temporalValues, query by type over ${ENTITIES + 1} entities`,
        path: () => `/temporal/entities?type=AirQualitySensor&lastN=100&options=temporalValues&limit=${ENTITIES + 1}`,
      },
      {
        name: 'aggregated retrieve (P1D; totalCount,avg,stddev), one week between',
        path: () =>
          `/temporal/entities/${encodeURIComponent(sensorId(pick++ % ENTITIES))}?options=aggregatedValues` +
          '&aggrMethods=totalCount,avg,stddev&aggrPeriodDuration=P1D&timerel=between' +
          '&timeAt=2026-06-10T00:00:00Z&endTimeAt=2026-06-17T00:00:00Z',
      },
    ];
    for (const s of scenarios) {
      const times: number[] = [];
      let errors = 0;
      for (let i = 0; i < requests + 10; i++) {
        const started = performance.now();
        const res = await fetch(`${base}${s.path()}`);
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        if (i >= 10) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const target = TARGETS[s.name];
      const p95 = percentile(times, 95);
      figures.push({
        scenario: s.name,
        requests,
        p50ms: round(percentile(times, 50)),
        p95ms: round(p95),
        p99ms: round(percentile(times, 99)),
        maxms: round(times.at(-1) ?? 0),
        errors,
        target: target?.text,
        met: target ? p95 <= target.p95 : undefined,
      });
    }
  } finally {
    await app.http.close();
    await db.close();
  }
  const instances = ENTITIES * perEntity + lastNInstances;
  process.stdout.write(
    `${JSON.stringify({ database: label, instances, fillSeconds: round(fillMs / 1000), figures }, null, 2)}\n`,
  );
  for (const f of figures) {
    if (f.target) {
      process.stdout.write(
        `${label}: ${f.scenario}: p95 ${f.p95ms} ms (target ${f.target}) ${f.met ? 'MET' : 'MISSED'}\n`,
      );
    }
  }
  return figures;
}

const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-temporal-'));
try {
  if (!process.env['BENCH_SKIP_PGLITE']) await run('embedded PGlite', { DATA_DIR: dataDir });
  if (process.env['BENCH_DATABASE_URL']) await run('PostgreSQL', { DATABASE_URL: process.env['BENCH_DATABASE_URL'] });
  else process.stdout.write('(set BENCH_DATABASE_URL to an empty PostgreSQL database to measure there too)\n');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
