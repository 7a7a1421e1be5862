import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Database } from './types.js';

export type { Database, DatabaseDriver, LockAttempt, PoolStats, QueryResult, Sql } from './types.js';
export { migrate, listMigrations, MIGRATIONS_DIR, type MigrationReport } from './migrations.js';
export { isDatabaseUnavailable } from './unavailable.js';

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.database.url) {
    log.info({ driver: 'postgres' }, 'connecting to PostgreSQL');
    const db = await openPostgres(
      config.database.url,
      config.database.poolMax,
      log,
      config.database.statementTimeoutMs,
    );
    log.info({ driver: 'postgres' }, 'PostgreSQL connected');
    return db;
  }
  const dir = join(config.dataDir, 'pglite');
  log.info(
    { driver: 'pglite', dir },
    'opening the embedded database (PGlite with PostGIS; the first start takes a few seconds)',
  );
  const started = performance.now();
  const db = await openPglite(dir);
  log.info({ driver: 'pglite', ms: Math.round(performance.now() - started) }, 'embedded database open');
  return db;
}
