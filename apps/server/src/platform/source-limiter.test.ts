import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceByteBudget, SourceLimiter } from './source-limiter.js';

describe('reports per source', () => {
  it('sliding: at most n in any window, and says how long to wait', () => {
    const limiter = new SourceLimiter(3, 60_000);
    assert.equal(limiter.take('1.2.3.4', 0), 0);
    assert.equal(limiter.take('1.2.3.4', 10_000), 0);
    assert.equal(limiter.take('1.2.3.4', 20_000), 0);
    assert.equal(limiter.take('1.2.3.4', 30_000), 30_000, 'the first report leaves the window at 60 s');
    assert.equal(limiter.take('1.2.3.4', 59_999), 1);
    assert.equal(limiter.take('1.2.3.4', 60_000), 0, 'waiting the time given lets one through');
    assert.equal(limiter.take('1.2.3.4', 60_001), 9_999, 'the refused ones were not counted');
    assert.equal(limiter.take('5.6.7.8', 60_001), 0, 'another source has its own count');
  });

  it('sliding: no burst across the edge of a window', () => {
    const limiter = new SourceLimiter(2, 1000);
    assert.equal(limiter.take('k', 999), 0);
    assert.equal(limiter.take('k', 999), 0);
    assert.ok(limiter.take('k', 1001) > 0, "limiter.take('k', 1001) > 0");
  });

  it('fixed: counts in windows opened by the first report', () => {
    const limiter = new SourceLimiter(2, 1000, { window: 'fixed' });
    assert.equal(limiter.take('k', 500), 0);
    assert.equal(limiter.take('k', 900), 0);
    assert.equal(limiter.take('k', 1000), 500);
    assert.equal(limiter.take('k', 1500), 0, 'a new window');
    assert.equal(limiter.take('k', 1501), 0);
    assert.equal(limiter.take('k', 1502), 998);
  });

  it('bucket: a burst at once, then the sustained rate, refilled while quiet', () => {
    // 2 a second, 3 at once.
    const limiter = new SourceLimiter(2, 1000, { window: 'bucket', burst: 3 });
    assert.equal(limiter.take('k', 0), 0);
    assert.equal(limiter.take('k', 0), 0);
    assert.equal(limiter.take('k', 0), 0);
    assert.equal(limiter.take('k', 0), 500, 'the next token comes in half a second');
    assert.equal(limiter.wait('k', 250), 250);
    assert.equal(limiter.take('k', 500), 0, 'waiting the time given lets one through');
    assert.ok(limiter.take('k', 500) > 0, 'the refused ones took no token');
    assert.equal(limiter.take('other', 500), 0, 'another source has its own bucket');
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('k', 60_000), 0, 'full again after a quiet spell');
    assert.ok(limiter.take('k', 60_000) > 0, 'but no fuller than its burst');
    limiter.forget('k');
    assert.equal(limiter.take('k', 60_000), 0, 'a forgotten source starts with a full bucket');
    assert.throws(() => new SourceLimiter(2, 1000, { burst: 3 }), /bucket only/);
  });

  it('forgets the source heard from least recently when full', () => {
    const limiter = new SourceLimiter(1, 60_000, { maxKeys: 2 });
    assert.equal(limiter.take('a', 0), 0);
    assert.equal(limiter.take('b', 1), 0);
    assert.ok(limiter.take('a', 2) > 0, 'a is heard from again (and refused)');
    assert.equal(limiter.take('c', 3), 0);
    assert.equal(limiter.size, 2);
    assert.equal(limiter.take('b', 4), 0, 'b was forgotten, not a');
    assert.ok(limiter.take('c', 5) > 0, 'c is still remembered');
    assert.equal(limiter.take('a', 6), 0, 'a was forgotten when b came back');
  });

  it('says how long a source must wait without counting a report, in both kinds of window', () => {
    for (const window of ['sliding', 'fixed'] as const) {
      const limiter = new SourceLimiter(2, 60_000, { window });
      assert.equal(limiter.wait('a', 0), 0, `${window}: an unknown source may report`);
      limiter.take('a', 0);
      assert.equal(limiter.wait('a', 10), 0, `${window}: one report of two`);
      assert.equal(limiter.wait('a', 10), 0, `${window}: asking counted nothing`);
      limiter.take('a', 20);
      assert.equal(limiter.wait('a', 30), 59_970, `${window}: spent until the first report leaves the window`);
      assert.equal(limiter.wait('a', 60_001), 0, `${window}: free again`);
    }
  });

  it('refuses settings that would let nothing through', () => {
    assert.throws(() => new SourceLimiter(0, 1000), RangeError);
    assert.throws(() => new SourceLimiter(1.5, 1000), RangeError);
    assert.throws(() => new SourceLimiter(1, 0), RangeError);
  });
});

describe('bytes per source', () => {
  it('charges what fits the window, refuses the rest with the wait until enough leaves it', () => {
    const budget = new SourceByteBudget(10, 60_000);
    assert.equal(budget.take('a', 4, 0), 0);
    assert.equal(budget.take('a', 4, 10_000), 0);
    assert.equal(budget.take('a', 4, 20_000), 40_000, 'the first 4 leave the window at 60 s');
    assert.equal(budget.take('a', 2, 20_000), 0, 'what still fits is taken');
    assert.equal(budget.take('a', 9, 30_000), 50_000, 'all three charges must leave for 9 to fit');
    assert.equal(budget.take('b', 10, 30_000), 0, 'another source has its own budget');
    assert.equal(budget.take('a', 4, 60_000), 0, 'waiting the time given lets it through');
    budget.giveBack('a');
    assert.equal(budget.take('a', 4, 60_000), 0, 'a charge given back is not counted');
  });
});
