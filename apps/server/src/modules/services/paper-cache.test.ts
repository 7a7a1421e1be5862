import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaperCache } from './paper-cache.js';

/** Papers drawn once per sheet: draws counted through the drawing function the cache is given. */
describe('the papers drawn, kept by their sheet', () => {
  it('a second read of the same sheet is the same bytes without drawing again; a changed sheet is drawn', async () => {
    const cache = new PaperCache();
    let draws = 0;
    const draw = (text: string) => async () => {
      draws++;
      return new Uint8Array(Buffer.from(`%PDF ${text} ${draws}`));
    };
    const sheet = { code: 'H26.261207.00001', events: [{ kind: 'request-supplement', items: ['Bản sao'] }] };
    const first = await cache.paper('02', sheet, draw('a'));
    const second = await cache.paper('02', structuredClone(sheet), draw('a'));
    assert.equal(draws, 1, 'drawn once');
    assert.deepEqual(second, first);
    // Another form of the same sheet, or the timeline one step on, is another paper.
    await cache.paper('03', sheet, draw('b'));
    await cache.paper('02', { ...sheet, events: [...sheet.events, { kind: 'reject' }] }, draw('c'));
    assert.equal(draws, 3, 'each other paper drawn');
  });

  it('the same paper asked for twice at once is drawn once, and counted once against its bytes', async () => {
    const cache = new PaperCache(10);
    let draws = 0;
    const draw = async () => {
      draws++;
      await new Promise((resolve) => setImmediate(resolve));
      return new Uint8Array(4);
    };
    const [a, b] = await Promise.all([cache.paper('02', 'a', draw), cache.paper('02', 'a', draw)]);
    assert.equal(draws, 1, 'drawn once');
    assert.deepEqual(a, b);
    // Had it been counted twice (8 of 10 bytes), keeping b would have dropped a.
    await cache.paper('02', 'b', draw);
    await cache.paper('02', 'a', draw);
    assert.equal(draws, 2, 'a and b both kept in 10 bytes');
  });

  it('keeps at most its bytes, the least recently read dropped first', async () => {
    const cache = new PaperCache(10);
    let draws = 0;
    const draw = async () => {
      draws++;
      return new Uint8Array(4);
    };
    await cache.paper('02', 'a', draw);
    await cache.paper('02', 'b', draw);
    await cache.paper('02', 'a', draw); // a read again: b is now the oldest
    await cache.paper('02', 'c', draw); // 12 bytes: b goes
    assert.equal(draws, 3);
    await cache.paper('02', 'a', draw);
    assert.equal(draws, 3, 'a kept');
    await cache.paper('02', 'b', draw);
    assert.equal(draws, 4, 'b drawn again');
  });
});
