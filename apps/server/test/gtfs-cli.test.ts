import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPostgres } from '../src/platform/db/postgres.js';
import { createTestDatabase, skipReason, silentLog } from './support/databases.js';
import { craftedFeed, writeFeed, zipFeed } from './support/gtfs.js';
import { runCli } from './support/process.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe('thanglong gtfs import [postgres]', skipReason('postgres') ? { skip: skipReason('postgres') } : {}, () => {
  it('imports a folder and a zip, refuses a broken feed naming its errors, and records both in the audit trail', async () => {
    const t = await createTestDatabase('postgres', { open: false });
    const env = { DATABASE_URL: t.url as string, DATA_DIR: writeFeed({}) };
    try {
      const folder = writeFeed(craftedFeed());
      const first = await runCli(['gtfs', 'import', folder, '--tenant', 'hanoi'], env);
      assert.equal(first.code, 0, first.stderr);
      // Its straight shape and its trips without one: shapes along the roads, one per stop sequence.
      assert.match(first.stdout, /now current: 2 routes, 6 stops, 3 trips, 7 stop times, 3 shapes/);
      assert.match(first.stdout, /Shapes along the roads: 3 built for 3 trip\(s\), 0 of 4 legs left straight/);
      assert.match(first.stdout, /stops\.txt:1:extra_col: extra_col is not a GTFS column/);

      const zip = join(writeFeed({}), 'feed.zip');
      writeFileSync(zip, zipFeed(craftedFeed()));
      const second = await runCli(['gtfs', 'import', zip, '--tenant', 'hanoi', '--no-road-shapes'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /1 shapes\.\nShapes: as given \(shapes along the roads not asked for\)\./);

      const files = craftedFeed();
      files['agency.txt'] = (files['agency.txt'] ?? '').replace('Asia/Ho_Chi_Minh', 'Mars/Olympus');
      const broken = await runCli(['gtfs', 'import', writeFeed(files), '--tenant', 'hanoi'], env);
      assert.equal(broken.code, 1);
      assert.match(broken.stderr, /the current schedule is unchanged/);
      assert.match(broken.stderr, /agency\.txt:2:agency_timezone: "Mars\/Olympus" is not a time zone/);

      const missing = await runCli(['gtfs', 'import', '/nonexistent/feed.zip'], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /neither a file, a folder nor an http\(s\) URL/);

      const db = await openPostgres(t.url as string, 1, silentLog);
      try {
        const versions = await db.query<{ status: string; source: string }>(
          `SELECT status, source FROM transit_feed_version WHERE tenant = 'hanoi' ORDER BY imported_at`,
        );
        assert.deepEqual(
          versions.rows.map((v) => v.status),
          ['previous', 'current', 'failed'],
        );
        const audit = await db.query<{ action: string }>(
          `SELECT action FROM audit_record WHERE action LIKE 'cli.gtfs%' ORDER BY id`,
        );
        assert.deepEqual(
          audit.rows.map((r) => r.action),
          ['cli.gtfs-import', 'cli.gtfs-import', 'cli.gtfs-import-refused', 'cli.gtfs-import-refused'],
        );
      } finally {
        await db.close();
      }
    } finally {
      await t.dispose();
    }
  });
});
