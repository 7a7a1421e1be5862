import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, describeEachDriver, silentLog, skipReason } from '../../../test/support/databases.js';
import { openPostgres } from './postgres.js';

describeEachDriver('database', (ctx) => {
  it('returns values the same way on both drivers', async () => {
    const { rows } = await ctx.db.query<Record<string, unknown>>(
      `SELECT 42::int4 AS i4, 9007199254740::int8 AS i8, count(*) AS n, 12.5::numeric AS num, 0.25::float8 AS f8,
              'Hoàn Kiếm'::text AS name, true AS yes, '2026-11-22'::date AS day,
              '2026-11-22T01:00:00Z'::timestamptz AS at, '{"aqi": 152}'::jsonb AS doc,
              ARRAY['operator', 'viewer']::text[] AS roles, NULL::text AS nothing
       FROM generate_series(1, 3)`,
    );
    assert.deepEqual(rows[0], {
      i4: 42,
      i8: 9007199254740,
      n: 3,
      num: 12.5,
      f8: 0.25,
      name: 'Hoàn Kiếm',
      yes: true,
      day: '2026-11-22',
      at: new Date('2026-11-22T01:00:00Z'),
      doc: { aqi: 152 },
      roles: ['operator', 'viewer'],
      nothing: null,
    });
  });

  it('passes parameters of every common kind', async () => {
    const { rows } = await ctx.db.query<{ roles: string[]; doc: unknown; at: Date }>(
      'SELECT $1::text[] AS roles, $2::jsonb AS doc, $3::timestamptz AS at',
      [['admin', 'officer'], JSON.stringify({ ward: 'Ba Đình' }), new Date('2026-01-01T00:00:00Z')],
    );
    assert.deepEqual(rows[0], {
      roles: ['admin', 'officer'],
      doc: { ward: 'Ba Đình' },
      at: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('has PostGIS: distances in metres on the WGS84 ellipsoid', async () => {
    // Hoàn Kiếm Lake to the Temple of Literature: about 1.7 km.
    const { rows } = await ctx.db.query<{ metres: number }>(
      `SELECT ST_Distance(ST_GeogFromText('POINT(105.8522 21.0287)'), ST_GeogFromText('POINT(105.8355 21.0285)')) AS metres`,
    );
    const metres = rows[0]?.metres ?? 0;
    assert.ok(metres > 1650 && metres < 1800, `got ${metres}`);
  });

  it('commits a transaction that succeeds and rolls back one that fails', async () => {
    await ctx.db.exec('CREATE TABLE IF NOT EXISTS test_tx (v text PRIMARY KEY)');
    await ctx.db.transaction(async (tx) => {
      await tx.query('INSERT INTO test_tx VALUES ($1)', ['kept']);
    });
    await assert.rejects(
      ctx.db.transaction(async (tx) => {
        await tx.query('INSERT INTO test_tx VALUES ($1)', ['lost']);
        throw new Error('the work failed');
      }),
      /the work failed/,
    );
    const { rows } = await ctx.db.query<{ v: string }>('SELECT v FROM test_tx ORDER BY v');
    assert.deepEqual(
      rows.map((r) => r.v),
      ['kept'],
    );
  });

  it('counts rows the same way for a SELECT, an UPDATE and an UPDATE … RETURNING', async () => {
    await ctx.db.exec('CREATE TABLE IF NOT EXISTS test_count (v int)');
    await ctx.db.query('INSERT INTO test_count SELECT generate_series(1, 3)');
    assert.equal((await ctx.db.query('SELECT v FROM test_count')).rowCount, 3);
    assert.equal((await ctx.db.query('SELECT v FROM test_count WHERE v > 5')).rowCount, 0);
    assert.equal((await ctx.db.query('UPDATE test_count SET v = v + 10 WHERE v < 3')).rowCount, 2);
    assert.equal((await ctx.db.query('UPDATE test_count SET v = v WHERE v > 10 RETURNING v')).rowCount, 2);
    assert.equal((await ctx.db.query('DELETE FROM test_count')).rowCount, 3);
  });

  it('reports a unique violation with the Postgres error code', async () => {
    await ctx.db.exec('CREATE TABLE IF NOT EXISTS test_unique (v text PRIMARY KEY)');
    await ctx.db.query('INSERT INTO test_unique VALUES ($1)', ['x']);
    await assert.rejects(ctx.db.query('INSERT INTO test_unique VALUES ($1)', ['x']), { code: '23505' });
  });

  it('lets only one holder of an advisory lock work at a time', async () => {
    const events: string[] = [];
    const work = (name: string) => async () => {
      events.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 30));
      events.push(`${name}:end`);
    };
    await Promise.all([ctx.db.withAdvisoryLock(77, work('a')), ctx.db.withAdvisoryLock(77, work('b'))]);
    // Either may go first, but never both at once.
    assert.equal(events.length, 4);
    assert.equal(events[0]?.split(':')[0], events[1]?.split(':')[0]);
    assert.deepEqual(
      events.map((e) => e.split(':')[1]),
      ['start', 'end', 'start', 'end'],
    );
  });

  it('skips work under a lock another holds, without waiting and without keeping a connection', async () => {
    const key = 0x74_72_79;
    // The holder: another instance's connection on PostgreSQL; on PGlite the one process is every instance.
    let release = () => undefined as void;
    let holding: Promise<unknown>;
    let external: pg.Client | undefined;
    if (ctx.driver === 'postgres') {
      external = new pg.Client({ connectionString: ctx.testDb.url });
      await external.connect();
      await external.query('SELECT pg_advisory_lock($1)', [key]);
      holding = Promise.resolve();
    } else {
      let held = () => undefined as void;
      const taken = new Promise<void>((r) => (held = r));
      holding = ctx.db.withAdvisoryLock(key, () => {
        held();
        return new Promise<void>((r) => (release = r));
      });
      await taken;
    }
    try {
      let ran = 0;
      const attempts = await Promise.all([1, 2, 3].map(() => ctx.db.tryWithAdvisoryLock(key, async () => ran++)));
      assert.deepEqual(attempts, [{ acquired: false }, { acquired: false }, { acquired: false }]);
      assert.equal(ran, 0);
      const pool = ctx.db.poolStats();
      assert.equal(pool.total - pool.idle, 0, 'every connection taken to try went back to the pool');
    } finally {
      if (external) await external.end();
      release();
      await holding;
    }
    // Free again: the work runs, and only one of two tries at once gets it.
    let inside = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++inside);
      await new Promise((r) => setImmediate(r));
      inside--;
      return 'done';
    };
    const [a, b] = await Promise.all([ctx.db.tryWithAdvisoryLock(key, work), ctx.db.tryWithAdvisoryLock(key, work)]);
    assert.equal(most, 1);
    assert.ok(a.acquired || b.acquired, 'one of the two tries ran the work');
    assert.deepEqual(await ctx.db.tryWithAdvisoryLock(key, async () => 'again'), { acquired: true, value: 'again' });
  });

  it('answers a ping and reports its pool', async () => {
    const ms = await ctx.db.ping();
    assert.ok(ms >= 0, 'ms >= 0');
    const stats = ctx.db.poolStats();
    assert.ok(stats.max >= 1 && stats.total <= stats.max, 'stats.max >= 1 && stats.total <= stats.max');
  });
});

describe('a runaway statement [postgres]', skipReason('postgres') ? { skip: skipReason('postgres') } : {}, () => {
  it('is cancelled after the statement timeout, and the pool goes on serving', async () => {
    const t = await createTestDatabase('postgres', { open: false });
    const db = await openPostgres(t.url as string, 2, silentLog, 200);
    try {
      await assert.rejects(db.query('SELECT pg_sleep(2)'), { code: '57014' });
      assert.equal((await db.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok, 1);
      // Every connection of the pool has the deadline: in a transaction and under an advisory lock too.
      await assert.rejects(
        db.transaction((tx) => tx.query('SELECT pg_sleep(2)')),
        { code: '57014' },
      );
      await assert.rejects(
        db.withAdvisoryLock(0x71_6c, () => db.query('SELECT pg_sleep(2)')),
        { code: '57014' },
      );
      const settings = await Promise.all(
        [1, 2].map(() =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ t: string }>('SELECT current_setting($1) AS t', ['statement_timeout']);
            await tx.query('SELECT pg_sleep(0.05)'); // holds its connection, so the other uses the second one
            return rows[0]?.t;
          }),
        ),
      );
      assert.deepEqual(settings, ['200ms', '200ms']);
    } finally {
      await db.close();
      await t.dispose();
    }
  });
});
