import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { migrate, type Database } from '../../src/platform/db/index.js';

/**
 * Real databases for tests. The runner (scripts/test.mjs) prepares a migrated PGlite data directory
 * and a migrated PostgreSQL template database once; each test file gets its own copy of them.
 */

export type Driver = 'pglite' | 'postgres';
export const DRIVERS: readonly Driver[] = ['pglite', 'postgres'];

export const silentLog: Logger = pino({ level: 'silent' });

const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Why a driver cannot be tested here, or undefined. Under CI nothing may be skipped. */
export function skipReason(driver: Driver): string | undefined {
  if (driver === 'pglite') return undefined;
  const reason =
    process.env['THANGLONG_TEST_SKIP_POSTGRES'] ??
    (process.env['TEST_DATABASE_URL'] ? undefined : 'TEST_DATABASE_URL is not set (run the suites with npm test)');
  if (reason && ci) throw new Error(`PostgreSQL suites cannot be skipped under CI: ${reason}`);
  return reason;
}

export function postgresUrl(database?: string): string {
  const url = new URL(process.env['TEST_DATABASE_URL'] as string);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase {
  readonly driver: Driver;
  readonly db: Database;
  /** For PostgreSQL: the URL of this database (to open a second connection, or give to a child process). */
  readonly url?: string;
  /** For PGlite: the data directory (to reopen it, or give to a child process). */
  readonly dataDir?: string;
  dispose(): Promise<void>;
}

/** A fresh database with every migration applied, unless `empty` asks for a bare one. */
export async function createTestDatabase(driver: Driver, options: { empty?: boolean; open?: boolean } = {}) {
  const open = options.open ?? true;
  if (driver === 'pglite') {
    const parent = mkdtempSync(join(tmpdir(), 'thanglong-test-'));
    const dataDir = join(parent, 'pglite');
    const template = process.env['TEST_PGLITE_TEMPLATE'];
    if (!options.empty && template) cpSync(template, dataDir, { recursive: true });
    const db = open ? await openPglite(dataDir) : undefined;
    if (db && !options.empty && !template) await migrate(db, silentLog);
    return {
      driver,
      db: db as Database,
      dataDir,
      async dispose() {
        await db?.close();
        rmSync(parent, { recursive: true, force: true });
      },
    };
  }
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  try {
    const template = process.env['TEST_POSTGRES_TEMPLATE'];
    const source = options.empty || !template ? 'template1' : template;
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
        break;
      } catch (err) {
        // Another test file is copying the same template at this moment.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = postgresUrl(name);
  const db = open ? await openPostgres(url, 10, silentLog) : undefined;
  if (db && !options.empty && !process.env['TEST_POSTGRES_TEMPLATE']) await migrate(db, silentLog);
  return {
    driver,
    db: db as Database,
    url,
    async dispose() {
      await db?.close();
      const c = new pg.Client({ connectionString: postgresUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface DriverContext {
  readonly driver: Driver;
  /** The database of this describe block, available from the first test on. */
  readonly db: Database;
  readonly testDb: TestDatabase;
}

/** Runs the same suite on every database driver, each with its own migrated database. */
export function describeEachDriver(title: string, body: (ctx: DriverContext) => void): void {
  for (const driver of DRIVERS) {
    const skip = skipReason(driver);
    describe(`${title} [${driver}]`, skip ? { skip } : {}, () => {
      let testDb: TestDatabase | undefined;
      const ctx: DriverContext = {
        driver,
        get db() {
          if (!testDb) throw new Error('the database is opened in before()');
          return testDb.db;
        },
        get testDb() {
          if (!testDb) throw new Error('the database is opened in before()');
          return testDb;
        },
      };
      before(async () => {
        testDb = await createTestDatabase(driver);
      });
      after(async () => {
        await testDb?.dispose();
      });
      body(ctx);
    });
  }
}
