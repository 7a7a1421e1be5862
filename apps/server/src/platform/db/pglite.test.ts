import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { openPglite } from './pglite.js';
import type { Database } from './types.js';
import { isDatabaseUnavailable } from './unavailable.js';

// The embedded database lives in a worker thread: what callers get back must not change for it.
describe('the embedded database in its worker thread', () => {
  const parent = mkdtempSync(join(tmpdir(), 'thanglong-pglite-'));
  let db: Database;
  let worker: Worker | undefined;

  before(async () => {
    const dir = join(parent, 'pglite');
    const template = process.env['TEST_PGLITE_TEMPLATE'];
    if (template) cpSync(template, dir, { recursive: true });
    db = await openPglite(dir, { onWorker: (w) => (worker = w) });
    await db.exec('CREATE TABLE worker_wards (code text CONSTRAINT worker_wards_code PRIMARY KEY, name text)');
  });
  after(async () => {
    await db.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it("hands a PostgreSQL error's code, constraint and detail to the caller", async () => {
    await db.query('INSERT INTO worker_wards VALUES ($1, $2)', ['00004', 'Phúc Xá']);
    const err = await db.query('INSERT INTO worker_wards VALUES ($1, $2)', ['00004', 'again']).then(
      () => assert.fail('a second ward with the same code was accepted'),
      (e: unknown) => e as Error & { code?: string; constraint?: string; detail?: string },
    );
    assert.ok(err instanceof Error, 'the caller gets an Error');
    assert.equal(err.code, '23505');
    assert.equal(err.constraint, 'worker_wards_code');
    assert.equal(err.detail, 'Key (code)=(00004) already exists.');
    assert.match(err.message, /duplicate key value violates unique constraint "worker_wards_code"/);
  });

  it('gives back a Date, an int8, a date, json and bytes as they went in', async () => {
    const at = new Date('2026-12-06T23:00:00.123Z');
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT $1::timestamptz AS at, $2::int8 AS big, $3::date AS day, $4::jsonb AS doc, $5::bytea AS bytes',
      [at, 9007199254740, '2026-12-06', JSON.stringify({ ward: 'Ba Đình' }), new Uint8Array([1, 2, 255])],
    );
    assert.deepEqual(rows[0], {
      at,
      big: 9007199254740,
      day: '2026-12-06',
      doc: { ward: 'Ba Đình' },
      bytes: new Uint8Array([1, 2, 255]),
    });
  });

  it('leaves nothing of a rolled-back transaction, and keeps a committed one', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO worker_wards VALUES ($1, $2)', ['00007', 'Trúc Bạch']);
        throw new Error('the filing failed');
      }),
      /the filing failed/,
    );
    const kept = await db.transaction(async (tx) => {
      const r = await tx.query('INSERT INTO worker_wards VALUES ($1, $2)', ['00008', 'Vĩnh Phúc']);
      return r.rowCount;
    });
    assert.equal(kept, 1);
    const { rows } = await db.query<{ code: string }>('SELECT code FROM worker_wards ORDER BY code');
    assert.deepEqual(
      rows.map((r) => r.code),
      ['00004', '00008'],
    );
  });

  it('makes a statement from outside wait until an open transaction ends', async () => {
    const seen: string[] = [];
    let sent!: () => void;
    const outsideSent = new Promise<void>((r) => (sent = r));
    const open = db.transaction(async (tx) => {
      await tx.query('UPDATE worker_wards SET name = $1 WHERE code = $2', ['Phúc Xá (mới)', '00004']);
      await outsideSent;
      // The outside statement reached the worker before these: had it not waited, its answer would come first.
      for (let i = 0; i < 3; i++) await tx.query('SELECT 1');
      seen.push('committing');
    });
    // BEGIN went to the worker when transaction() was called: this statement arrives after it.
    const outside = db.query<{ name: string }>('SELECT name FROM worker_wards WHERE code = $1', ['00004']).then((r) => {
      seen.push(`read ${r.rows[0]?.name}`);
    });
    sent();
    await Promise.all([open, outside]);
    assert.deepEqual(seen, ['committing', 'read Phúc Xá (mới)']);
  });

  it('rejects waiting statements with a clear error when its worker dies, and says the database is down', async () => {
    assert.ok(worker, 'the worker was seen');
    let finish!: () => void;
    let begun!: () => void;
    const inside = new Promise<void>((r) => (begun = r));
    const open = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      begun();
      await new Promise<void>((r) => (finish = r));
      await tx.query('SELECT 2');
    });
    await inside;
    const waiting = db.query('SELECT count(*) FROM worker_wards');
    await worker.terminate();
    const err = await waiting.then(
      () => assert.fail('a statement succeeded on a dead worker'),
      (e: unknown) => e as Error & { code?: string },
    );
    assert.match(err.message, /embedded database is unavailable: its worker thread ended/);
    assert.ok(isDatabaseUnavailable(err), 'the error counts as the database being unavailable (503, health down)');
    finish();
    await assert.rejects(open, /worker thread ended/);
    await assert.rejects(db.ping(), /worker thread ended/);
  });
});
