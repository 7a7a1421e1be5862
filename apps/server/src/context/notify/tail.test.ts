import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDriver, silentLog } from '../../../test/support/databases.js';
import type { Database } from '../../platform/db/index.js';
import { comparePositions, currentPosition, LIVE_CHANGE_MAX_BYTES, START, type Change } from './feed.js';
import { ChangeTail, type WatchFilter } from './tail.js';

// The live end of the change log when its reader is slow or fails: a new watcher starts from now,
// never from where the reader stuck, and the reader keeps moving past what it cannot read.

const PROBE = 'https://uri.etsi.org/ngsi-ld/default-context/TailProbe';

/** A database whose reads of changes (readChanges, not of positions) can be held back or made to fail. */
interface Gated {
  readonly db: Database;
  /** While set, reads of changes wait until it resolves. */
  hold: Promise<void> | undefined;
  /** Reads of changes for which it says true fail (params: after xid, after seq, limit, …). */
  failWhen: ((params: readonly unknown[]) => boolean) | undefined;
}

function gate(db: Database): Gated {
  const gated: Gated = {
    hold: undefined,
    failWhen: undefined,
    db: new Proxy(db, {
      get(target, name, receiver) {
        if (name !== 'query') return Reflect.get(target, name, receiver) as unknown;
        return async (text: string, params?: readonly unknown[]) => {
          if (text.includes('FROM ngsi_change c ') && text.includes('c.kind')) {
            await gated.hold;
            if (gated.failWhen?.(params ?? [])) throw new Error('out of memory (a test makes this read fail)');
          }
          return target.query(text, params);
        };
      },
    }),
  };
  return gated;
}

describeEachDriver('the live end of the change log', (ctx) => {
  let gated: Gated;
  let tail: ChangeTail;
  let n = 0;
  const tenant = `tail-${process.pid}`;
  const filter: WatchFilter = { tenant };

  before(() => {
    gated = gate(ctx.db);
    tail = new ChangeTail(gated.db, silentLog);
  });
  after(() => tail.stop());

  const probeIds = (count: number) => Array.from({ length: count }, () => `urn:ngsi-ld:TailProbe:${++n}`);
  /** Writes changes straight into the change log, as the broker's trigger does; returns their positions. */
  const logChanges = async (ids: string[], attrs: unknown = {}): Promise<string[]> => {
    const { rows } = await ctx.db.query<{ p: string }>(
      `INSERT INTO ngsi_change (tenant, entity_id, kind, types, attrs, previous, at)
       SELECT $1, id, 'updated', ARRAY['${PROBE}'], $3::jsonb, '{}', now() FROM unnest($2::text[]) AS id
       RETURNING xid::text || ':' || seq AS p`,
      [tenant, ids, JSON.stringify(attrs)],
    );
    tail.wake();
    return rows.map((r) => r.p);
  };
  const watcher = () => {
    const got: Change[] = [];
    return { got, send: (c: Change) => void got.push(c), ids: () => got.map((c) => c.entityId) };
  };
  const until = async (what: string, done: () => boolean) => {
    for (let waited = 0; !done(); waited += 20) {
      if (waited > 60_000) throw new Error(`${what}: not yet`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  for (const trouble of ['stalled', 'failing'] as const) {
    it(`starts a new watcher from now, not from where a ${trouble} reader stuck; Last-Event-ID 0:0 too`, async () => {
      const early = watcher();
      const stopEarly = await tail.watch(filter, early.send);
      let release: () => void = () => undefined;
      if (trouble === 'stalled') gated.hold = new Promise((r) => (release = r));
      else gated.failWhen = () => true;
      try {
        const old = probeIds(3);
        await logChanges(old);
        // The reader is at it, held or failing, while new watchers come.
        await new Promise((r) => setTimeout(r, 100));
        const now = await currentPosition(ctx.db);
        const fresh = watcher();
        const started = await tail.resume(filter, fresh.send);
        const lost = watcher();
        const reset = await tail.resume(filter, lost.send, START);
        try {
          assert.equal(started.position(), now, 'a new watcher starts at the newest change');
          assert.equal(started.missed, false);
          assert.equal(reset.missed, true, 'a position not in the log cannot be replayed');
          assert.equal(reset.position(), now, '…and it starts from now');
          release();
          gated.hold = undefined;
          gated.failWhen = undefined;
          const live = probeIds(1);
          await logChanges(live);
          await until('the live change', () => fresh.ids().includes(live[0] as string));
          await until('the live change, after a reset', () => lost.ids().includes(live[0] as string));
          await until('every change, for the watcher there before', () => early.ids().length === 4);
          assert.deepEqual(fresh.ids(), live, 'nothing from before it came is sent');
          assert.deepEqual(lost.ids(), live, 'nothing from before it came is sent, after missed either');
          assert.deepEqual(early.ids(), [...old, ...live]);
        } finally {
          started.stop();
          reset.stop();
        }
      } finally {
        release();
        gated.hold = undefined;
        gated.failWhen = undefined;
        stopEarly();
      }
    });
  }

  it('reads smaller batches when a batch fails, and passes over a change it cannot read even alone', async () => {
    const seen = watcher();
    const watching = await tail.resume(filter, seen.send);
    try {
      const ids = probeIds(6);
      const positions: string[] = [];
      let release: () => void = () => undefined;
      gated.hold = new Promise((r) => (release = r));
      // Each in its own transaction: positions with their own xid, as separate writes have.
      for (const id of ids) positions.push(...(await logChanges([id])));
      const before = positions[2] as string;
      // Whole batches fail (too large to read), and so does a read that would start with the fourth.
      gated.failWhen = (params) => Number(params[2]) > 1 || `${String(params[0])}:${String(params[1])}` === before;
      gated.hold = undefined;
      release();
      await until('the changes after the unreadable one', () => seen.ids().includes(ids[5] as string));
      assert.deepEqual(seen.ids(), [...ids.slice(0, 3), ...ids.slice(4)]);
      assert.equal(watching.position(), positions[5], 'the watcher has got past it');
      gated.failWhen = undefined;
      // Whole batches again once reads go through.
      const more = probeIds(3);
      await logChanges(more);
      await until('the next changes', () => seen.ids().includes(more[2] as string));
    } finally {
      gated.failWhen = undefined;
      watching.stop();
    }
  });

  it('sends a change larger than the stream carries abridged to its small attributes', async () => {
    const seen = watcher();
    const stop = await tail.watch(filter, seen.send);
    try {
      const small = (v: number) => [{ type: 'Property', value: v }];
      const array = [{ type: 'Property', value: Array.from({ length: 100_000 }, (_, i) => `item-${i}`) }];
      const wide = Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`a${i}`, small(i)]));
      const [big, many, plain] = probeIds(3) as [string, string, string];
      await logChanges([big], { status: small(1), samples: array });
      await logChanges([many], wide);
      await logChanges([plain], { status: small(2) });
      await until('the three changes', () => seen.got.length === 3);
      const [b, m, p] = seen.got as [Change, Change, Change];
      assert.equal(b.abridged, true);
      assert.deepEqual(Object.keys(b.attrs), ['status'], 'the huge attribute is left out, the small one kept');
      assert.equal(m.abridged, true);
      assert.ok(Object.keys(m.attrs).length <= 32, 'a bounded number of attributes');
      assert.ok(JSON.stringify(m.attrs).length < LIVE_CHANGE_MAX_BYTES * 2, 'a bounded size');
      assert.equal(p.abridged, undefined, 'a small change comes whole');
      assert.deepEqual(p.attrs, { status: small(2) });
    } finally {
      stop();
    }
  });
  it('starts a new watcher at the newest change when an older position has fewer digits', async () => {
    const [newest] = (await logChanges(probeIds(1))) as [string];
    const xid = newest.split(':')[0] as string;
    // A change of an older transaction whose number has a digit less (999 before 1000): as text it
    // would sort after the newest.
    const older = `${'9'.repeat(xid.length - 1)}`;
    assert.ok(xid.length > 1 && BigInt(older) < BigInt(xid), `a transaction number of fewer digits below ${xid}`);
    await ctx.db.query(
      `INSERT INTO ngsi_change (xid, tenant, entity_id, kind, types, attrs, previous, at)
       VALUES ($1::xid8, $2, 'urn:ngsi-ld:TailProbe:older', 'updated', ARRAY['${PROBE}'], '{}', '{}', now())`,
      [older, tenant],
    );
    try {
      const now = await currentPosition(ctx.db);
      assert.ok(comparePositions(now, newest) >= 0, `now is ${now}: not the newest, ${newest}, but before it`);
      const fresh = watcher();
      const watching = await tail.resume(filter, fresh.send);
      try {
        assert.ok(comparePositions(watching.position(), newest) >= 0, watching.position());
        const live = probeIds(1);
        await logChanges(live);
        await until('the live change', () => fresh.ids().includes(live[0] as string));
        assert.deepEqual(fresh.ids(), live, 'nothing older is sent');
      } finally {
        watching.stop();
      }
    } finally {
      await ctx.db.query(`DELETE FROM ngsi_change WHERE entity_id = 'urn:ngsi-ld:TailProbe:older'`);
    }
  });
});
