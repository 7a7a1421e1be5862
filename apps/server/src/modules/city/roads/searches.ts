import { Worker } from 'node:worker_threads';
import { AppError } from '../../../platform/errors.js';
import type {
  LonLat,
  NearestByRoad,
  NearestByRoadOptions,
  RoadCandidate,
  RoadNetwork,
  RoadRoute,
  RouteOptions,
} from './network.js';
import type { SearchReply, SearchRequest } from './search-worker.js';

/**
 * Road searches off the server's thread. A search over the city graph costs tens to hundreds of
 * milliseconds of CPU; a reader asking recommendations for many incidents would otherwise hold the one
 * event loop that also serves dispatchers, MQTT and the feeds. The searches run in worker threads
 * (search-worker.ts), each loading the graph once; a worker does one search at a time, the others wait
 * here in order. A search that takes longer than allowed ends its worker (a search cannot be stopped
 * otherwise) and fails with ROAD_SEARCH_TIMEOUT; a worker that dies fails its search with
 * ROAD_SEARCH_FAILED; either way the next search starts a new worker.
 */

export interface RoadSearchesOptions {
  /** Worker threads (default 1): each holds its own copy of the graph. */
  readonly workers?: number;
  /** A search running longer than this fails and its worker is replaced (default 30 s). */
  readonly timeoutMs?: number;
}

export const ROAD_SEARCH_WORKERS = 1;
export const ROAD_SEARCH_TIMEOUT_MS = 30_000;
/** The bound on loading a task's module in a worker, before its search's own time starts. */
const LOADING_MS = 60_000;

/**
 * A pure function of another module run in the worker beside the graph, when the search and what
 * decides it cannot be cut apart (a recommendation's search ends as soon as the run card is filled).
 * Made with roadTask; its arguments and result cross threads, so they are plain data.
 */
export interface RoadTask<A, R> {
  readonly module: string;
  readonly name: string;
  /** Types only. */
  readonly run?: (network: RoadNetwork, args: A) => R;
}

/** The task of `fn`, an export of the module at `moduleUrl` (its import.meta.url). */
export function roadTask<A, R>(moduleUrl: string, fn: (network: RoadNetwork, args: A) => R): RoadTask<A, R> {
  return { module: moduleUrl, name: fn.name };
}

type Request = DistributiveOmit<SearchRequest, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Job {
  readonly request: Request;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

const failed = (detail: string) => new AppError('ROAD_SEARCH_FAILED', 503, detail);

/** Where the worker's file is: beside this one, .ts under the test runner (tsx), .js in the build. */
const HERE = import.meta.url;
const WORKER_URL = new URL(HERE.endsWith('.ts') ? './search-worker.ts' : './search-worker.js', HERE);

function startWorker(): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL);
  // Under tsx a worker does not inherit its loader: register it there before loading the TypeScript file.
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(code, { eval: true, execArgv: [] });
}

export class RoadSearches {
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #slots: (Slot | undefined)[];
  readonly #queue: Job[] = [];
  #next = 1;
  #closed = false;

  constructor(options: RoadSearchesOptions = {}) {
    this.#size = options.workers ?? ROAD_SEARCH_WORKERS;
    this.#timeoutMs = options.timeoutMs ?? ROAD_SEARCH_TIMEOUT_MS;
    if (!Number.isInteger(this.#size) || this.#size < 1) throw new Error('road search workers: a whole number ≥ 1');
    this.#slots = Array.from({ length: this.#size }, () => undefined);
  }

  /** RoadNetwork.route, in a worker. */
  route(from: LonLat, to: LonLat, options: RouteOptions = {}): Promise<RoadRoute | null> {
    return this.#ask({ op: 'route', args: [from, to, options] }) as Promise<RoadRoute | null>;
  }

  /** RoadNetwork.nearestByRoad, in a worker; ids are plain data, and `until` (a function) cannot cross: use a task. */
  nearestByRoad<Id>(
    origin: LonLat,
    candidates: readonly RoadCandidate<Id>[],
    options: Omit<NearestByRoadOptions<Id>, 'until'> = {},
  ): Promise<NearestByRoad<Id>> {
    return this.#ask({ op: 'nearestByRoad', args: [origin, candidates, options] }) as Promise<NearestByRoad<Id>>;
  }

  /** A task (roadTask) run in a worker with the graph. */
  run<A, R>(task: RoadTask<A, R>, args: A): Promise<R> {
    return this.#ask({ op: 'task', module: task.module, name: task.name, args }) as Promise<R>;
  }

  /** The workers' thread ids, for tests. */
  get threadIds(): number[] {
    return this.#slots.flatMap((s) => (s ? [s.worker.threadId] : []));
  }

  /** Ends the workers; searches waiting or under way fail, and later ones are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0))
      job.reject(failed('Road searches have stopped: the server is shutting down.'));
    const ending: Promise<number>[] = [];
    this.#slots.forEach((slot, i) => {
      if (!slot) return;
      this.#end(i, failed('Road searches have stopped: the server is shutting down.'));
      ending.push(slot.worker.terminate());
    });
    await Promise.all(ending);
  }

  #ask(request: Request): Promise<unknown> {
    if (this.#closed) return Promise.reject(failed('Road searches have stopped: the server is shutting down.'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      this.#pump();
    });
  }

  /** Gives waiting searches to idle ready workers, starting workers where none runs. */
  #pump(): void {
    for (let i = 0; i < this.#size && this.#queue.length > 0; i++) {
      const slot = this.#slots[i];
      if (!slot) {
        this.#start(i);
        continue;
      }
      if (!slot.ready || slot.job) continue;
      const job = this.#queue.shift()!;
      const id = this.#next++;
      slot.job = job;
      slot.worker.ref();
      // A task's module is loaded before it runs: that has a bound of its own, the search then its time.
      this.#bound(i, slot, job.request.op === 'task' ? LOADING_MS + this.#timeoutMs : this.#timeoutMs);
      slot.worker.postMessage({ ...job.request, id });
    }
  }

  /** Ends the search in slot i, and its worker, if it is still running in `ms`. */
  #bound(i: number, slot: Slot, ms: number): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      const seconds = Math.round(this.#timeoutMs / 100) / 10;
      this.#end(
        i,
        new AppError('ROAD_SEARCH_TIMEOUT', 503, `The road search took longer than ${seconds} s and was stopped.`),
      );
      void slot.worker.terminate();
      this.#pump();
    }, ms);
  }

  #start(i: number): void {
    const worker = startWorker();
    const slot: Slot = { worker, ready: false };
    this.#slots[i] = slot;
    worker.on('message', (message: SearchReply | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true;
        worker.unref();
        return this.#pump();
      }
      const job = slot.job;
      if (!job) return;
      if ('running' in message) return this.#bound(i, slot, this.#timeoutMs);
      clearTimeout(slot.timer);
      slot.job = undefined;
      worker.unref();
      if (message.ok) job.resolve(message.value);
      else {
        const e = message.error;
        job.reject(
          e.code && e.status
            ? new AppError(e.code, e.status, e.message, { params: e.params ?? {} })
            : failed(`The road search failed: ${e.message}`),
        );
      }
      this.#pump();
    });
    let why = '';
    worker.on('error', (err) => (why = err.message));
    worker.on('exit', (code) => {
      if (this.#slots[i] !== slot) return;
      const detail = `The road search worker stopped (${why || `exit code ${code}`}); it is started again for the next search.`;
      this.#end(i, failed(detail));
      // One that died before it could load the graph would die again: the searches waiting fail too.
      if (!slot.ready) for (const job of this.#queue.splice(0)) job.reject(failed(detail));
      this.#pump();
    });
  }

  /** Empties slot i, failing its search under way with err. */
  #end(i: number, err: Error): void {
    const slot = this.#slots[i];
    if (!slot) return;
    this.#slots[i] = undefined;
    clearTimeout(slot.timer);
    slot.job?.reject(err);
    slot.job = undefined;
  }
}
