import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, postgresUrl, skipReason, type TestDatabase } from '../../../test/support/databases.js';
import { comparePositions, readChanges, START } from './feed.js';

const skip = skipReason('postgres');

async function writeChange(client: pg.Client, entityId: string): Promise<void> {
  await client.query(
    `INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
     VALUES ('', $1, 'created', ARRAY['https://uri.etsi.org/ngsi-ld/default-context/AirQualityObserved'], '{}', '{}', now())`,
    [entityId],
  );
}

const ids = async (t: TestDatabase, after = START) => (await readChanges(t.db, after, 100)).map((c) => c.entityId);

describe('the change log on a shared PostgreSQL cluster [postgres]', skip ? { skip } : {}, () => {
  let t: TestDatabase;
  let writer: pg.Client;
  let elsewhere: pg.Client;

  before(async () => {
    t = await createTestDatabase('postgres');
    writer = new pg.Client({ connectionString: t.url as string });
    await writer.connect();
    // Another database of the same cluster: another application, a report, a migration.
    elsewhere = new pg.Client({ connectionString: postgresUrl('postgres') });
    await elsewhere.connect();
  });
  after(async () => {
    await writer.end();
    await elsewhere.end();
    await t.dispose();
  });

  it('is not held back by a long transaction in another database', async () => {
    await elsewhere.query('BEGIN');
    await elsewhere.query('SELECT pg_current_xact_id()');
    try {
      await writeChange(writer, 'urn:ngsi-ld:AirQualityObserved:after-elsewhere');
      assert.deepEqual(await ids(t), ['urn:ngsi-ld:AirQualityObserved:after-elsewhere']);
    } finally {
      await elsewhere.query('ROLLBACK');
    }
  });

  it('waits for a transaction of its own database, and never skips its rows when it commits late', async () => {
    const seen = (await readChanges(t.db, START, 100)).at(-1)?.position ?? START;
    await writer.query('BEGIN');
    await writeChange(writer, 'urn:ngsi-ld:AirQualityObserved:late');
    const other = new pg.Client({ connectionString: t.url as string });
    await other.connect();
    try {
      await writeChange(other, 'urn:ngsi-ld:AirQualityObserved:early');
      assert.deepEqual(await ids(t, seen), [], 'nothing after a transaction still running is read yet');
      await writer.query('COMMIT');
      const changes = await readChanges(t.db, seen, 100);
      assert.deepEqual(
        changes.map((c) => c.entityId),
        ['urn:ngsi-ld:AirQualityObserved:late', 'urn:ngsi-ld:AirQualityObserved:early'],
      );
      assert.ok(
        comparePositions(changes[0]?.position as string, changes[1]?.position as string) < 0,
        'comparePositions(changes[0]?.position as string, changes[1]?.position as string) < 0',
      );
    } finally {
      await other.end();
    }
  });
});
