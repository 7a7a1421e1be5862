import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../platform/errors.js';
import { roadNetwork } from './index.js';
import type { RoadNetwork } from './network.js';

/**
 * The thread that runs road searches (searches.ts starts it): it loads Hanoi's road graph once, at its
 * start, says it is ready, and answers one request at a time. A request names an operation of the network or a
 * task — a pure function of another module, exported as `(network, args) => result` — run beside the graph.
 */

export type SearchRequest =
  | { readonly id: number; readonly op: 'route'; readonly args: Parameters<RoadNetwork['route']> }
  | { readonly id: number; readonly op: 'nearestByRoad'; readonly args: Parameters<RoadNetwork['nearestByRoad']> }
  | {
      readonly id: number;
      readonly op: 'task';
      readonly module: string;
      readonly name: string;
      readonly args: unknown;
    };

export type SearchReply =
  | { readonly id: number; readonly running: true }
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: {
        readonly message: string;
        readonly code?: string;
        readonly status?: number;
        readonly params?: Readonly<Record<string, unknown>>;
      };
    };

type Task = (network: RoadNetwork, args: unknown) => unknown;

async function answer(request: SearchRequest): Promise<unknown> {
  const network = roadNetwork();
  switch (request.op) {
    case 'route':
      return network.route(...request.args);
    case 'nearestByRoad':
      return network.nearestByRoad(...request.args);
    case 'task': {
      const task = ((await import(request.module)) as Record<string, unknown>)[request.name];
      if (typeof task !== 'function') throw new Error(`no road task ${request.name} in ${request.module}`);
      // Its module is loaded (the first time, seconds under the test runner): the search's time starts now.
      port!.postMessage({ id: request.id, running: true } satisfies SearchReply);
      return (task as Task)(network, request.args);
    }
  }
}

const port = parentPort;
if (!port) throw new Error('search-worker.ts runs as a worker thread (see searches.ts)');
// The graph first (about a second): a search's time allowed starts when it is sent, not while this loads.
roadNetwork();
port.postMessage({ ready: true });
port.on('message', (request: SearchRequest) => {
  answer(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies SearchReply),
    (err: unknown) => {
      // A refusal of the network (a position off the roads) goes back as the same error; anything else by message.
      const error =
        err instanceof AppError
          ? { message: err.message, code: err.code, status: err.status, params: err.params }
          : { message: err instanceof Error ? err.message : String(err) };
      port.postMessage({ id: request.id, ok: false, error } satisfies SearchReply);
    },
  );
});
