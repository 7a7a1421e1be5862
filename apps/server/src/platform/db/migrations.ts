import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { Database } from './types.js';

/**
 * One timeline of plain SQL migrations for every module, named `<yyyymmddhhmmss>_<module>_<what>.sql`.
 * Each runs in its own transaction and is recorded with its checksum; an advisory lock makes it safe
 * for several instances to start at once. An applied migration must never change: a changed checksum
 * stops the start rather than leave the schema in doubt.
 */

/** Same path from `src/platform/db` and from `dist/platform/db`: the SQL files are not compiled. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../src/migrations/', import.meta.url));

const MIGRATION_LOCK_KEY = 0x74_6c_6d_67; // "tlmg"
const FILE_NAME = /^(\d{14})_([a-z0-9-]+)_([a-z0-9_-]+)\.sql$/;

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

export function listMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const m = FILE_NAME.exec(file);
    if (!m) {
      throw new AppError(
        'MIGRATION_BADLY_NAMED',
        500,
        `Migration ${file} is not named <yyyymmddhhmmss>_<module>_<what>.sql.`,
      );
    }
    const version = m[1] as string;
    if (seen.has(version)) {
      throw new AppError('MIGRATION_DUPLICATE_VERSION', 500, `Two migrations share the version ${version}.`);
    }
    seen.add(version);
    const sql = readFileSync(join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
    return { version, name: file.replace(/\.sql$/, ''), checksum, sql };
  });
}

export async function migrate(db: Database, log: Logger, dir: string = MIGRATIONS_DIR): Promise<MigrationReport> {
  const migrations = listMigrations(dir);
  return db.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    await db.exec(`
      CREATE TABLE IF NOT EXISTS schema_migration (
        version     text PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`);
    const { rows } = await db.query<{ version: string; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migration ORDER BY version',
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const m = known.get(row.version);
      if (!m) {
        throw new AppError(
          'MIGRATION_UNKNOWN',
          500,
          `The database has migration ${row.name}, which this version of Thang Long does not know: it was written by a newer version.`,
        );
      }
      if (m.checksum !== row.checksum) {
        throw new AppError(
          'MIGRATION_CHECKSUM_MISMATCH',
          500,
          `Migration ${m.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ${m.checksum.slice(0, 12)} on disk). Applied migrations must not change: add a new one.`,
        );
      }
    }
    const done = new Set(rows.map((r) => r.version));
    const pending = migrations.filter((m) => !done.has(m.version));
    const applied: string[] = [];
    for (const [i, m] of pending.entries()) {
      log.info({ migration: m.name }, `applying migration ${i + 1}/${pending.length}: ${m.name}`);
      const started = performance.now();
      await db.transaction(async (tx) => {
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migration (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
          m.version,
          m.name,
          m.checksum,
          Math.round(performance.now() - started),
        ]);
      });
      applied.push(m.name);
    }
    if (applied.length > 0) log.info({ applied: applied.length }, 'database schema up to date');
    return { applied, alreadyApplied: rows.length };
  });
}
