// `npm run bench:broker`: the NGSI-LD broker under the load scenarios of the reference brokers'
// public tests, on loopback, server and load generator on the same machine. Prints JSON figures and
// how they compare with the targets of the broker issue. Asserts nothing.
//
//   BENCH_SECONDS=10          duration of each timed scenario (default 5)
//   BENCH_CONNECTIONS=32      concurrent connections (default 16)
//   BENCH_ENTITIES=100000     entities for the query scenarios (default 10000)
//   BENCH_DATABASE_URL        also run on this PostgreSQL database (an empty one: it is migrated and filled)
//   BENCH_SKIP_PGLITE=1       measure PostgreSQL only
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { buildApp } from '../apps/server/src/app.js';
import { cityModules } from '../apps/server/src/modules/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../apps/server/src/platform/db/index.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const entityCount = Number(process.env['BENCH_ENTITIES'] ?? 10_000);
const log = pino({ level: 'silent' });

const TARGETS: Record<string, string> = {
  'batch upsert (entities/s)': '>= 20000 entities/s',
  'attribute update (POST /attrs, 2 attributes)': '>= 3500 updates/s',
  'single GET': '>= 7000 GETs/s',
  'type + q, two conditions': 'p95 <= 50 ms',
  '17-attribute entities: type + q, two conditions': 'p95 <= 50 ms',
  'geo near 1 km': 'p95 <= 50 ms',
};

/** FIWARE's "store" entity of their Orion load tests, placed around Hanoi. */
const store = (n: number) => ({
  id: `urn:ngsi-ld:Store:${n}`,
  type: 'Store',
  temperature: { type: 'Property', value: 20 + (n % 15), unitCode: 'CEL' },
  humidity: { type: 'Property', value: 40 + (n % 50) },
  open: { type: 'Property', value: n % 3 !== 0 },
  owner: { type: 'Relationship', object: `urn:ngsi-ld:Person:${n % 100}` },
  location: {
    type: 'GeoProperty',
    value: {
      type: 'Point',
      coordinates: [105.75 + ((n * 7919) % 2000) / 10_000, 20.95 + ((n * 104_729) % 1500) / 10_000],
    },
  },
});

/** A 17-attribute entity like the reference template of Stellio's load tests: multi-instance
 * properties, a JsonProperty, a relationship and a location. */
const sensor = (n: number) => ({
  id: `urn:ngsi-ld:AirQualitySensor:${n}`,
  type: 'AirQualitySensor',
  name: { type: 'Property', value: `Cảm biến ${n}` },
  description: { type: 'Property', value: 'Trạm quan trắc không khí tự động' },
  status: { type: 'Property', value: n % 10 === 0 ? 'maintenance' : 'working' },
  pm25: [
    {
      type: 'Property',
      value: 30 + (n % 120),
      unitCode: 'GQ',
      observedAt: '2026-11-22T01:00:00Z',
      datasetId: 'urn:ngsi-ld:Dataset:optical',
    },
    {
      type: 'Property',
      value: 32 + (n % 118),
      unitCode: 'GQ',
      observedAt: '2026-11-22T01:00:00Z',
      datasetId: 'urn:ngsi-ld:Dataset:beta',
    },
  ],
  pm10: { type: 'Property', value: 50 + (n % 150), unitCode: 'GQ' },
  no2: { type: 'Property', value: 20 + (n % 60), unitCode: 'GQ' },
  o3: { type: 'Property', value: 40 + (n % 80), unitCode: 'GQ' },
  co: { type: 'Property', value: 800 + (n % 400), unitCode: 'GQ' },
  so2: { type: 'Property', value: 5 + (n % 20), unitCode: 'GQ' },
  temperature: { type: 'Property', value: 18 + (n % 15), unitCode: 'CEL' },
  humidity: { type: 'Property', value: 60 + (n % 35), unitCode: 'P1' },
  windSpeed: { type: 'Property', value: (n % 12) / 2, unitCode: 'MTS' },
  batteryLevel: { type: 'Property', value: (n % 100) / 100 },
  firmware: { type: 'JsonProperty', json: { version: `2.${n % 7}.0`, channels: ['pm25', 'pm10', 'no2'] } },
  refDevice: { type: 'Relationship', object: `urn:ngsi-ld:Device:${n}` },
  ward: { type: 'Property', value: `ward-${n % 126}` },
  location: {
    type: 'GeoProperty',
    value: {
      type: 'Point',
      coordinates: [105.75 + ((n * 7919) % 2000) / 10_000, 20.95 + ((n * 104_729) % 1500) / 10_000],
    },
  },
});

interface Figure {
  scenario: string;
  requestsPerSecond: number;
  p50ms: number;
  p97_5ms: number;
  p99ms: number;
  errors: number;
  target?: string | undefined;
}

async function run(label: string, env: Record<string, string>): Promise<Figure[]> {
  // A short statement timeout: a scenario that overloads the database must not slow down the next one.
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      DEMO: 'off',
      PORT: '0',
      NGSI_LD_ANONYMOUS: 'write',
      DATABASE_STATEMENT_TIMEOUT: '5s',
      ...env,
    },
    process.cwd(),
    cityModules,
  );
  const db = await openDatabase(config, log);
  await migrate(db, log);
  const app = await buildApp(config, { db, log });
  const figures: Figure[] = [];
  try {
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const address = app.http.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ngsi-ld/v1`;
    const json = { 'content-type': 'application/json' };

    /** Loads `entityCount` entities by batch upserts; returns the rate in entities per second. */
    const fill = async (make: (n: number) => unknown, batchSize: number): Promise<number> => {
      const started = performance.now();
      for (let from = 0; from < entityCount; from += batchSize) {
        const batch = Array.from({ length: Math.min(batchSize, entityCount - from) }, (_, i) => make(from + i));
        const res = await fetch(`${base}/entityOperations/upsert`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(batch),
        });
        if (res.status >= 300 && res.status !== 204)
          throw new Error(`upsert failed: ${res.status} ${await res.text()}`);
      }
      return Math.round(entityCount / ((performance.now() - started) / 1000));
    };
    const loaded = (scenario: string, rate: number): Figure => ({
      scenario,
      requestsPerSecond: rate,
      p50ms: 0,
      p97_5ms: 0,
      p99ms: 0,
      errors: 0,
      target: TARGETS[scenario],
    });
    figures.push(loaded('batch upsert (entities/s)', await fill(store, 1000)));
    figures.push(loaded('17-attribute entities: batch upsert (entities/s)', await fill(sensor, 500)));

    const pick = () => Math.floor(Math.random() * entityCount);
    const scenarios: { name: string; request: () => { method: string; path: string; body?: string } }[] = [
      {
        name: 'attribute update (POST /attrs, 2 attributes)',
        request: () => ({
          method: 'POST',
          path: `/entities/urn:ngsi-ld:Store:${pick()}/attrs`,
          body: JSON.stringify({
            temperature: { type: 'Property', value: 20 + Math.random() * 10 },
            humidity: { type: 'Property', value: 40 + Math.random() * 40 },
          }),
        }),
      },
      { name: 'single GET', request: () => ({ method: 'GET', path: `/entities/urn:ngsi-ld:Store:${pick()}` }) },
      {
        name: 'query by type (limit 20)',
        request: () => ({ method: 'GET', path: `/entities?type=Store&offset=${pick() % 500}` }),
      },
      {
        name: 'type + q, two conditions',
        request: () => ({
          method: 'GET',
          path: `/entities?type=Store&q=${encodeURIComponent(`(open==true)|(owner=="urn:ngsi-ld:Person:${pick() % 100}")`)}`,
        }),
      },
      {
        name: '17-attribute entities: partial update of one attribute',
        request: () => ({
          method: 'PATCH',
          path: `/entities/urn:ngsi-ld:AirQualitySensor:${pick()}/attrs/pm10`,
          body: JSON.stringify({ value: Math.round(Math.random() * 200), observedAt: new Date().toISOString() }),
        }),
      },
      {
        name: 'geo near 1 km',
        request: () => ({
          method: 'GET',
          path: `/entities?type=Store&georel=${encodeURIComponent('near;maxDistance==1000')}&geometry=Point&coordinates=${encodeURIComponent(
            `[${(105.75 + Math.random() * 0.2).toFixed(4)},${(20.95 + Math.random() * 0.15).toFixed(4)}]`,
          )}`,
        }),
      },
      {
        name: '17-attribute entities: type + q, two conditions',
        request: () => ({
          method: 'GET',
          path: `/entities?type=AirQualitySensor&q=${encodeURIComponent(`pm25>${50 + (pick() % 60)};status=="working"`)}`,
        }),
      },
    ];
    for (const s of scenarios) {
      await new Promise((r) => setTimeout(r, 2000)); // let the previous scenario's work drain
      const result = await autocannon({
        url: base,
        connections,
        duration: seconds,
        headers: json,
        requests: [
          {
            setupRequest: (req) => {
              const r = s.request();
              return {
                ...req,
                method: r.method as 'GET',
                path: `/ngsi-ld/v1${r.path}`,
                ...(r.body ? { body: r.body } : {}),
              };
            },
          },
        ],
      });
      figures.push({
        scenario: s.name,
        requestsPerSecond: Math.round(result.requests.average),
        p50ms: result.latency.p50,
        p97_5ms: result.latency.p97_5,
        p99ms: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
        target: TARGETS[s.name],
      });
    }
  } finally {
    await app.http.close();
    await db.close();
  }
  process.stdout.write(
    `${JSON.stringify({ database: label, entities: entityCount, connections, seconds, figures }, null, 2)}\n`,
  );
  return figures;
}

const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-broker-'));
try {
  if (!process.env['BENCH_SKIP_PGLITE']) await run('embedded PGlite', { DATA_DIR: dataDir });
  if (process.env['BENCH_DATABASE_URL']) await run('PostgreSQL', { DATABASE_URL: process.env['BENCH_DATABASE_URL'] });
  else process.stdout.write('(set BENCH_DATABASE_URL to an empty PostgreSQL database to measure there too)\n');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
