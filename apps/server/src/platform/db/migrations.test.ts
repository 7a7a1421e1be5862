import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTestDatabase,
  DRIVERS,
  skipReason,
  silentLog,
  type TestDatabase,
} from '../../../test/support/databases.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { listMigrations, migrate } from './migrations.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'thanglong-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

const applied = async (t: TestDatabase) =>
  (await t.db.query<{ name: string }>('SELECT name FROM schema_migration ORDER BY version')).rows.map((r) => r.name);

describe('the migration timeline of the product', () => {
  it('is well named, ordered and starts with PostGIS', () => {
    const migrations = listMigrations();
    assert.ok(migrations.length >= 2, 'migrations.length >= 2');
    assert.equal(migrations[0]?.name, '20261122000000_platform_postgis');
    const versions = migrations.map((m) => m.version);
    assert.deepEqual([...versions].sort(), versions);
  });
});

for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`migrations [${driver}]`, skip ? { skip } : {}, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(driver, { empty: true });
    });
    after(async () => {
      await t.dispose();
    });

    it('applies pending migrations once, records checksums, and is idempotent', async () => {
      const dir = migrationsDir({
        '20260101000000_transport_stops.sql': 'CREATE TABLE bus_stop (id text PRIMARY KEY, name text NOT NULL);',
        '20260101000100_transport_stop_names.sql': "INSERT INTO bus_stop VALUES ('01_1_S1', 'Bến xe Gia Lâm');",
      });
      const first = await migrate(t.db, silentLog, dir);
      assert.deepEqual(first.applied, ['20260101000000_transport_stops', '20260101000100_transport_stop_names']);
      const second = await migrate(t.db, silentLog, dir);
      assert.deepEqual(second.applied, []);
      assert.equal(second.alreadyApplied, 2);
      const { rows } = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM bus_stop');
      assert.equal(rows[0]?.n, 1, 'the data migration ran once');
      const recorded = await t.db.query<{ checksum: string }>('SELECT checksum FROM schema_migration');
      assert.ok(
        recorded.rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum)),
        'recorded.rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))',
      );
    });

    it('refuses to start when an applied migration was changed', async () => {
      const dir = migrationsDir({
        '20260101000000_transport_stops.sql': 'CREATE TABLE bus_stop (id text PRIMARY KEY, name text);',
        '20260101000100_transport_stop_names.sql': "INSERT INTO bus_stop VALUES ('01_1_S1', 'Bến xe Gia Lâm');",
        '20260101000200_transport_routes.sql': 'CREATE TABLE bus_route (id text PRIMARY KEY);',
      });
      await assert.rejects(migrate(t.db, silentLog, dir), { code: 'MIGRATION_CHECKSUM_MISMATCH' });
      const tables = await t.db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'bus_route'`);
      assert.equal(tables.rowCount, 0, 'nothing after the mismatch was applied');
    });

    it('refuses a database migrated by a newer version', async () => {
      const dir = migrationsDir({
        '20260101000000_transport_stops.sql': 'CREATE TABLE bus_stop (id text PRIMARY KEY, name text NOT NULL);',
      });
      await assert.rejects(migrate(t.db, silentLog, dir), { code: 'MIGRATION_UNKNOWN' });
    });

    it('rolls back a failing migration whole and records nothing for it', async () => {
      const dir = migrationsDir({
        '20260101000000_transport_stops.sql': 'CREATE TABLE bus_stop (id text PRIMARY KEY, name text NOT NULL);',
        '20260101000100_transport_stop_names.sql': "INSERT INTO bus_stop VALUES ('01_1_S1', 'Bến xe Gia Lâm');",
        '20260101000200_parking_lots.sql': 'CREATE TABLE parking_lot (id text PRIMARY KEY); SELECT no_such_function();',
      });
      await assert.rejects(migrate(t.db, silentLog, dir), /no_such_function/);
      const tables = await t.db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'parking_lot'`);
      assert.equal(tables.rowCount, 0);
      assert.deepEqual(await applied(t), ['20260101000000_transport_stops', '20260101000100_transport_stop_names']);
    });

    it('rejects a badly named migration file before touching the database', async () => {
      const dir = migrationsDir({ 'add-stops.sql': 'SELECT 1;' });
      await assert.rejects(migrate(t.db, silentLog, dir), { code: 'MIGRATION_BADLY_NAMED' });
    });
  });
}

describe(
  'migrations started by two instances at once [postgres]',
  skipReason('postgres') ? { skip: skipReason('postgres') } : {},
  () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase('postgres', { empty: true });
    });
    after(async () => {
      await t.dispose();
    });

    it('applies each migration exactly once', async () => {
      // CREATE TABLE without IF NOT EXISTS fails if it runs twice; the sleep widens the race.
      const dir = migrationsDir({
        '20260101000000_environment_stations.sql':
          'SELECT pg_sleep(0.3); CREATE TABLE air_station (id text PRIMARY KEY);',
        '20260101000100_environment_readings.sql': 'CREATE TABLE air_reading (station text, pm25 real);',
      });
      const other = await openPostgres(t.url as string, 2, silentLog);
      try {
        const [a, b] = await Promise.all([migrate(t.db, silentLog, dir), migrate(other, silentLog, dir)]);
        assert.equal(a.applied.length + b.applied.length, 2);
        assert.ok(a.applied.length === 0 || b.applied.length === 0, 'one instance did all the work');
        assert.deepEqual(await applied(t), [
          '20260101000000_environment_stations',
          '20260101000100_environment_readings',
        ]);
      } finally {
        await other.close();
      }
    });
  },
);

describe('the embedded database has one owner at a time [pglite]', () => {
  it('refuses a second process-level opener with a clear error', async () => {
    const t = await createTestDatabase('pglite', { empty: true });
    try {
      await assert.rejects(openPglite(t.dataDir), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'DATABASE_IN_USE');
        assert.match(err.message, /in use by process/);
        return true;
      });
    } finally {
      await t.dispose();
    }
  });
});
