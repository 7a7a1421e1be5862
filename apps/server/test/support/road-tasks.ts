// Tasks for the road search workers' tests (modules/city/roads/searches.test.ts): a worker that dies, one
// that never answers. Run in the worker, by roadTask.
import type { RoadNetwork } from '../../src/modules/city/index.js';

/** Ends the worker's thread as a crash would. */
export function dieInWorker(_network: RoadNetwork, code: number): never {
  process.exit(code);
}

/** A search that never ends (a bug in a search, a graph without bound). */
export function neverAnswer(_network: RoadNetwork, _args: null): never {
  for (;;) {
    // spins until the worker is ended
  }
}

/** How many nodes the worker's graph has: it answers, with its own graph. */
export function nodesInWorker(network: RoadNetwork, _args: null): number {
  return network.nodeCount;
}
