// Road searches in worker threads (searches.ts): the same answers as the graph on this thread, the
// server's thread free while they run, a dead or stuck worker replaced with a clear error.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AppError } from '../../../platform/errors.js';
import { dieInWorker, neverAnswer, nodesInWorker } from '../../../../test/support/road-tasks.js';
import { roadNetwork, RoadSearches, roadTask, type LonLat } from './index.js';

const TASKS = new URL('../../../../test/support/road-tasks.ts', import.meta.url).href;
const DIE = roadTask(TASKS, dieInWorker);
const NEVER = roadTask(TASKS, neverAnswer);
const NODES = roadTask(TASKS, nodesInWorker);

const HOAN_KIEM: LonLat = [105.853, 21.0285];
const ACROSS: LonLat[] = [
  [105.764, 21.0205], // Mỹ Đình
  [105.777, 20.971], // Hà Đông
  [105.878, 21.045], // Long Biên
  [105.805, 21.215], // Nội Bài
  [105.841, 20.98], // Giáp Bát
  [105.819, 21.066], // Hồ Tây
];

describe('road searches in a worker', () => {
  const searches = new RoadSearches();
  after(() => searches.close());

  it('answers as the network does on this thread, refusals included', async () => {
    const network = roadNetwork();
    for (const to of ACROSS.slice(0, 3)) {
      const here = network.route(HOAN_KIEM, to, { profile: 'emergency' });
      const there = await searches.route(HOAN_KIEM, to, { profile: 'emergency' });
      assert.deepEqual(there, here);
    }
    const candidates = ACROSS.map((location, i) => ({ id: `c${i}`, location }));
    assert.deepEqual(
      await searches.nearestByRoad(HOAN_KIEM, candidates, { k: 3 }),
      network.nearestByRoad(HOAN_KIEM, candidates, { k: 3 }),
    );
    await assert.rejects(searches.route([0, 0], HOAN_KIEM), (err: unknown) => {
      assert.ok(err instanceof AppError, 'an AppError');
      assert.equal(err.code, 'ROAD_POSITION_OFF_NETWORK');
      assert.equal(err.status, 400);
      return true;
    });
  });

  it('leaves the event loop free while searches run', async () => {
    const order: string[] = [];
    // Cross-city searches, each of which would hold this thread for a while if it ran here.
    const running = Promise.all(
      ACROSS.flatMap((a) => ACROSS.map((b) => searches.route(a, b, { profile: 'car' }))),
    ).then(() => order.push('searches done'));
    const ticks = new Promise<void>((resolve) => {
      let n = 0;
      const timer = setInterval(() => {
        order.push('timer');
        if (++n === 3) {
          clearInterval(timer);
          resolve();
        }
      }, 0);
    });
    await Promise.all([running, ticks]);
    // The timer kept firing while the searches ran: all its ticks came before their answer.
    assert.deepEqual(order, ['timer', 'timer', 'timer', 'searches done']);
  });

  it('replaces a worker that dies, failing only the search it was running', async () => {
    assert.ok((await searches.run(NODES, null)) > 1000, 'the worker answers with its graph');
    const [before] = searches.threadIds;
    const dying = searches.run(DIE, 7);
    const queued = searches.route(HOAN_KIEM, ACROSS[0]!);
    await assert.rejects(dying, (err: unknown) => {
      assert.ok(err instanceof AppError, 'an AppError');
      assert.equal(err.code, 'ROAD_SEARCH_FAILED');
      assert.equal(err.status, 503);
      assert.match(err.message, /worker stopped/);
      return true;
    });
    // The search waiting behind it is answered by the new worker.
    assert.ok((await queued)!.lengthM > 0, 'a route by road');
    const [now] = searches.threadIds;
    assert.notEqual(now, before);
  });

  it('stops a search that runs past its time and answers the next', async () => {
    const quick = new RoadSearches({ timeoutMs: 300 });
    try {
      await assert.rejects(quick.run(NEVER, null), (err: unknown) => {
        assert.ok(err instanceof AppError, 'an AppError');
        assert.equal(err.code, 'ROAD_SEARCH_TIMEOUT');
        return true;
      });
      assert.ok((await quick.run(NODES, null)) > 1000, 'a new worker answers');
    } finally {
      await quick.close();
    }
    await assert.rejects(quick.run(NODES, null), /shutting down/);
  });
});
