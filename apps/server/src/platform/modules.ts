import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Change, ChangeFilter, ContextBroker } from '../context/index.js';
import type { AuthService, Permission, Role } from './auth/index.js';
import type { EventBus } from './bus.js';
import type { Config, ModuleConfig, Variable } from './config.js';
import type { Database } from './db/index.js';
import { isBadInput, type ErrorCatalogue } from './errors.js';
import type { AuditTrail } from './audit/index.js';
import type { Messages } from './messages/index.js';
import type { PersonalData } from './personal-data/index.js';

/**
 * The contract of a city module (`modules/<name>/`). Its `index.ts` exports one definition made with
 * `defineModule`, and the module is in the city when its definition is in the one list
 * (`modules/index.ts`). Everything the platform needs to know of a module is in the definition:
 *
 *   name         the module's name: its folder, its route family, the prefix of its migrations
 *                (`migrations/<timestamp>_<name>_<what>.sql`) and of its change consumers
 *   permissions  `<family>:<action>` → the roles granted it
 *   config       the environment variables it reads, validated at start with the platform's
 *   errors       the error codes it sends, with their status and when (docs/errors.md is made of them)
 *   needs        other modules whose services it uses, by their definitions: `ctx.needs.<key>` is
 *                what that module `provides`, typed
 *   create(ctx)  makes the module: what it provides to others, its routes, change consumers, metrics,
 *                background jobs and worker start/stop
 *
 * Modules react to each other's changes through the context broker's change log (consumers) or the
 * event bus; they call each other only through what a module provides in its index.ts.
 */

/** A module's definition as a list holds it. */
export interface ThangLongModule<Provides = unknown, Settings = unknown, Needs extends ModuleNeeds = ModuleNeeds> {
  readonly name: string;
  /** The permissions its routes declare, each with the roles it is granted to. */
  readonly permissions: Readonly<Record<Permission, readonly Role[]>>;
  readonly config?: ModuleConfig<Settings>;
  /** Every error code the module sends (the error catalogue and docs/errors.md are made from these). */
  readonly errors?: ErrorCatalogue;
  readonly needs?: Needs;
  create(ctx: ModuleContext<Settings, Needs>): ModuleParts<Provides> | Promise<ModuleParts<Provides>>;
}

/** Modules a module needs, by the key it reads them under in `ctx.needs`. */
export type ModuleNeeds = Readonly<Record<string, { readonly name: string }>>;

/** What a module's definition says it provides. */
export type ProvidesOf<M> = M extends ThangLongModule<infer P, infer _S, infer _N> ? P : unknown;

/** What a module's `create` receives: the core it stands on, its settings, the modules it needs. */
export interface ModuleContext<Settings, Needs extends ModuleNeeds> {
  readonly db: Database;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly broker: ContextBroker;
  readonly auth: AuthService;
  /** Sealing, masking and audited reads of personal data; a module keeping some declares it here. */
  readonly personalData: PersonalData;
  /** Messages to people (an applicant's one-time code): queued in the module's transaction, sent by the worker. */
  readonly messages: Messages;
  /** The audit trail, for what a module refuses that is not an HTTP request (a device's report). */
  readonly audit: Pick<AuditTrail, 'note'>;
  /** The platform's settings (e.g. the public URL, IOT_OFFLINE_AFTER). */
  readonly config: Config;
  /** The module's own settings, made by its `config.read`. */
  readonly settings: Settings;
  readonly needs: { readonly [K in keyof Needs]: ProvidesOf<Needs[K]> };
}

/** A module once made. Every part but `provides` is optional. */
export interface ModuleParts<Provides> {
  /** Its services for other modules (through its index.ts), and for tests: `app.module(definition)`. */
  readonly provides: Provides;
  /** Mounts its routes (the api role; every instance serves HTTP). */
  routes?(app: FastifyInstance): Promise<void>;
  /** Durable consumers of the context broker's change log (the worker role). */
  readonly consumers?: readonly ChangeConsumerSpec[];
  /** Registers its Prometheus metrics (read when scraped). */
  metrics?(registry: Registry): void;
  /** Work run every so often (the worker role). */
  readonly jobs?: readonly BackgroundJob[];
  /** The worker role starts: after its consumers and jobs. */
  start?(): Promise<void>;
  /** The instance stops: before the database closes. */
  stop?(): Promise<void>;
}

/**
 * A durable reader of the change log (`Notifier.consume` in context/), entity by entity. Its cursor
 * moves only once every entity of a batch is handled: an error such as the database being down makes
 * the whole batch come again, with backoff, so no change is lost. Only an entity proven bad (an
 * AppError of a 4xx status, see `isBadInput`, or a value the database refuses, see `isPoison`) is
 * skipped, logged and counted in `thanglong_change_consumer_skipped_total`.
 */
export interface ChangeConsumerSpec {
  /** Unique in the module; the cursor is kept under `module.<module>.<name>`. */
  readonly name: string;
  /** The changes it wants: by expanded type and attribute names (ask `broker.resolver` for them). */
  filter(): Promise<ChangeFilter>;
  /** Handles an entity that changed: once per batch, at least once in all; deleted entities are left out. */
  handle(entity: ChangedEntity): Promise<void>;
}

export interface ChangedEntity {
  readonly tenant: string;
  readonly entityId: string;
}

/**
 * Work the worker role runs every `everyMs`, one run at a time in an instance: a round due while the
 * previous run goes on is skipped (`thanglong_background_job_rounds_skipped_total`). Work that must
 * run in one instance at a time takes `db.tryWithAdvisoryLock`, so no run waits holding a connection.
 */
export interface BackgroundJob {
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<void>;
}

/**
 * An error that handling the same entity again gives again: the database refusing a value (SQLSTATE
 * class 22, a data exception such as an integer out of range). A lost connection, a conflict or a
 * timeout is none of these (nor a TypeError: a failed fetch is one).
 */
export function isPoison(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Makes a module's definition (typed: `needs` and `config` flow into `create`'s context). */
export function defineModule<Provides, Settings = undefined, Needs extends ModuleNeeds = Record<never, never>>(
  definition: ThangLongModule<Provides, Settings, Needs>,
): ThangLongModule<Provides, Settings, Needs> {
  return definition;
}

/** A module's configuration: its variables and the settings it makes of their parsed values. */
export function defineConfig<V extends Readonly<Record<string, Variable<unknown>>>, Settings>(
  variables: V,
  read: (values: { readonly [K in keyof V]: ReturnType<V[K]['parse']> | undefined }) => Settings,
): ModuleConfig<Settings> {
  return {
    variables,
    read: (values) => read(values as { readonly [K in keyof V]: ReturnType<V[K]['parse']> | undefined }),
  };
}

/** The modules of a running app, made in the order of their needs. */
export interface LoadedModules {
  /** What a module provides; throws when the module is not loaded. */
  get<M extends ThangLongModule>(definition: M): ProvidesOf<M>;
  readonly names: readonly string[];
  /** The api role's share: mounts every module's routes. */
  registerRoutes(app: FastifyInstance): Promise<void>;
  /** The worker role's share: consumers, jobs, then each module's start. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/** Checks a list before anything is made: unique names, and every need in the list. */
export function checkModuleList(modules: readonly ThangLongModule[]): void {
  const names = new Set<string>();
  for (const m of modules) {
    if (!/^[a-z][a-z0-9-]*$/.test(m.name)) throw new Error(`"${m.name}" is not a module name (a-z, 0-9, -)`);
    if (names.has(m.name)) throw new Error(`the module ${m.name} is listed twice`);
    names.add(m.name);
  }
  for (const m of modules) {
    for (const need of Object.values(m.needs ?? {})) {
      if (!names.has(need.name)) {
        throw new Error(`the module ${m.name} needs the module ${need.name}, which is not in the module list`);
      }
    }
  }
}

/** The list in an order where each module comes after those it needs. */
export function inOrderOfNeeds<M extends ThangLongModule>(modules: readonly M[]): M[] {
  const ordered: M[] = [];
  const visiting = new Set<string>();
  const byName = new Map(modules.map((m) => [m.name, m]));
  const visit = (m: M) => {
    if (ordered.includes(m)) return;
    if (visiting.has(m.name)) throw new Error(`the modules' needs go round in a circle at ${m.name}`);
    visiting.add(m.name);
    for (const need of Object.values(m.needs ?? {})) {
      const needed = byName.get(need.name);
      if (needed) visit(needed);
    }
    visiting.delete(m.name);
    ordered.push(m);
  };
  for (const m of modules) visit(m);
  return ordered;
}

/** The entities a batch of changes touched, each once, deleted ones left out. */
function changedEntities(changes: readonly Change[]): ChangedEntity[] {
  const latest = new Map<string, ChangedEntity>();
  for (const c of changes) {
    const key = `${c.tenant}\u0000${c.entityId}`;
    if (c.kind === 'deleted') latest.delete(key);
    else latest.set(key, { tenant: c.tenant, entityId: c.entityId });
  }
  return [...latest.values()];
}

/** The core a module stands on, as the app has it. */
export type ModuleCore = Omit<ModuleContext<unknown, ModuleNeeds>, 'settings' | 'needs'>;

/** How long stopping waits for background jobs' runs under way. */
const JOB_STOP_WAIT_MS = 10_000;

/**
 * Makes the modules of a list, each after those it needs, with its settings from the configuration
 * (loaded with the same list) and registers their metrics.
 */
export async function loadModules(
  modules: readonly ThangLongModule[],
  core: ModuleCore,
  registry: Registry,
): Promise<LoadedModules> {
  checkModuleList(modules);
  const skipped = new Counter({
    name: 'thanglong_change_consumer_skipped_total',
    help: 'Changed entities a module consumer skipped because they are bad input (each one logged)',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  const overlapping = new Counter({
    name: 'thanglong_background_job_rounds_skipped_total',
    help: 'Rounds of a module job not started because its previous run was still going',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const made = new Map<string, ModuleParts<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  /** Runs under way, by job: stopping waits for them before the modules (and then the database) stop. */
  const runs = new Map<string, Promise<void>>();
  for (const definition of inOrderOfNeeds(modules)) {
    if (definition.config && !(definition.name in core.config.modules)) {
      throw new Error(
        `the configuration was loaded without the module ${definition.name}: pass the module list to loadConfig`,
      );
    }
    const needs = Object.fromEntries(
      Object.entries(definition.needs ?? {}).map(([key, need]) => [key, made.get(need.name)?.provides]),
    );
    const parts = await definition.create({
      ...core,
      log: core.log.child({ module: definition.name }),
      settings: core.config.modules[definition.name],
      needs,
    });
    parts.metrics?.(registry);
    made.set(definition.name, parts);
  }
  const ordered = [...made.entries()];
  return {
    names: ordered.map(([name]) => name),
    get<M extends ThangLongModule>(definition: M): ProvidesOf<M> {
      const parts = made.get(definition.name);
      if (!parts) throw new Error(`the module ${definition.name} is not loaded`);
      return parts.provides as ProvidesOf<M>;
    },
    async registerRoutes(app) {
      for (const [, parts] of ordered) await parts.routes?.(app);
    },
    async startWorker() {
      for (const [name, parts] of ordered) {
        for (const consumer of parts.consumers ?? []) {
          const consumerName = `${name}.${consumer.name}`;
          const log = core.log.child({ module: name, consumer: consumer.name });
          await core.broker.notifier.consume(
            consumerName,
            async (changes) => {
              let heldSince = performance.now();
              for (const entity of changedEntities(changes)) {
                // The embedded database answers on this thread, its promises already settled: without a
                // turn of the event loop now and then, a batch of a thousand would hold every request.
                // A turn after every 10 ms of work, not every entity: a batch costs no more than it must.
                if (performance.now() - heldSince > 10) {
                  await new Promise((resolve) => setImmediate(resolve));
                  heldSince = performance.now();
                }
                try {
                  await consumer.handle(entity);
                } catch (err) {
                  // Anything but bad input may pass later: the batch comes again and the cursor stays.
                  // A poisoned entity (a value the database or the handler cannot take) would hold every
                  // other change back for ever: it is skipped, as bad input is.
                  if (!isBadInput(err) && !isPoison(err)) throw err;
                  skipped.inc({ consumer: consumerName });
                  log.warn({ err, tenant: entity.tenant, entityId: entity.entityId }, 'change skipped: bad input');
                }
              }
            },
            await consumer.filter(),
          );
        }
        for (const job of parts.jobs ?? []) {
          const log = core.log.child({ module: name, job: job.name });
          const jobName = `${name}.${job.name}`;
          // A run that outlasts its interval is never joined by the next: each would take connections.
          let running = false;
          const timer = setInterval(() => {
            if (running) {
              overlapping.inc({ job: jobName });
              log.debug('background job still running: this round skipped');
              return;
            }
            running = true;
            const run = job
              .run()
              .catch((err: unknown) => log.error({ err }, 'background job failed; it runs again later'))
              .finally(() => {
                running = false;
                runs.delete(jobName);
              });
            runs.set(jobName, run);
          }, job.everyMs);
          timer.unref();
          timers.push(timer);
        }
        await parts.start?.();
      }
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      // A run cut off by the database closing under it would fail half-way and log errors; a run that
      // hangs must not hold the stop forever either.
      if (runs.size > 0) {
        let timeout: NodeJS.Timeout | undefined;
        const late = await Promise.race([
          Promise.allSettled([...runs.values()]).then(() => []),
          new Promise<string[]>((resolve) => {
            timeout = setTimeout(() => resolve([...runs.keys()]), JOB_STOP_WAIT_MS);
          }),
        ]);
        clearTimeout(timeout);
        if (late.length > 0) core.log.warn({ jobs: late }, 'background jobs still running at stop; stopping anyway');
      }
      for (const [, parts] of [...ordered].reverse()) await parts.stop?.();
    },
  };
}
