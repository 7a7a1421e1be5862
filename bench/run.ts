// `npm run bench`: HTTP throughput and latency of the platform core, on loopback, on the embedded
// database (and on PostgreSQL when BENCH_DATABASE_URL is set). Prints figures; asserts nothing.
//
//   BENCH_SECONDS=10       how long each scenario runs (default 5)
//   BENCH_CONNECTIONS=32   concurrent connections (default 16)
//   BENCH_DATABASE_URL     also run on this PostgreSQL database (it is migrated; users are added)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { buildApp } from '../apps/server/src/app.js';
import { cityModules } from '../apps/server/src/modules/index.js';
import { loadConfig } from '../apps/server/src/platform/config.js';
import { migrate, openDatabase, type Database } from '../apps/server/src/platform/db/index.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 5);
const connections = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const log = pino({ level: 'silent' });

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** What the issue or a reference product gives as a target, for the printed comparison. */
  readonly target?: string;
}

async function runOn(label: string, env: Record<string, string>): Promise<void> {
  // Throughput of one API key is measured here, not its rate limit.
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DEMO: 'off', PORT: '0', API_KEY_RATE_LIMIT: 'off', ...env },
    process.cwd(),
    cityModules,
  );
  const db: Database = await openDatabase(config, log);
  await migrate(db, log);
  const app = await buildApp(config, { db, log });
  try {
    const root = { kind: 'user' as const, id: 'bench', name: 'bench', roles: ['admin' as const], tenant: '*' };
    const username = `bench-${Date.now()}`;
    await app.auth.createUser(root, {
      username,
      password: 'bench monitor reads the gauges',
      roles: ['monitor'],
      tenant: '',
    });
    const session = await app.auth.login(username, 'bench monitor reads the gauges', {
      userAgent: 'bench',
      remoteAddress: '127.0.0.1',
    });
    const { key } = await app.auth.createApiKey(root, { name: 'bench', roles: ['monitor'], tenant: '' });
    await app.http.listen({ host: '127.0.0.1', port: 0 });
    const address = app.http.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const scenarios: Scenario[] = [
      { name: 'liveness (no database)', path: '/health/live' },
      { name: 'readiness (database ping)', path: '/health/ready' },
      {
        name: 'session token → /auth/me',
        path: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${session.token}` },
      },
      { name: 'API key → /auth/me', path: '/api/v1/auth/me', headers: { 'x-api-key': key } },
      { name: 'unknown path (404 problem)', path: '/nowhere' },
    ];
    process.stdout.write(`\n## ${label} — ${seconds}s per scenario, ${connections} connections\n\n`);
    process.stdout.write(
      '| scenario | req/s | p50 ms | p97.5 ms | p99 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n',
    );
    for (const s of scenarios) {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}${s.path}`,
        connections,
        duration: seconds,
        headers: s.headers ?? {},
      });
      const errors = result.errors + result.timeouts + (s.path === '/nowhere' ? 0 : result.non2xx);
      process.stdout.write(
        `| ${s.name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${errors} |\n`,
      );
    }
  } finally {
    await app.http.close();
    await db.close();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-'));
try {
  await runOn('embedded PGlite', { DATA_DIR: dataDir });
  if (process.env['BENCH_DATABASE_URL']) await runOn('PostgreSQL', { DATABASE_URL: process.env['BENCH_DATABASE_URL'] });
  else process.stdout.write('\n(set BENCH_DATABASE_URL to measure on PostgreSQL too)\n');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
