import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../db/index.js';
import { ChainWalker, link, type AuditActor, type AuditEntry, type AuditRecord, type ChainBreak } from './chain.js';
import * as store from './store.js';

/** Something to record: who, in which tenant, did what to what, with what outcome. */
export interface AuditEvent {
  readonly actor: AuditActor;
  readonly tenant: string;
  /** `METHOD /route/pattern` for HTTP; `<area>.<verb>` for events a module records (`personal-data.read`). */
  readonly action: string;
  readonly target?: string | null;
  readonly requestId?: string | null;
  readonly outcome?: number | null;
  readonly detail?: Readonly<Record<string, unknown>> | null;
  readonly at?: Date;
}

export interface VerifyReport {
  readonly intact: boolean;
  /** Records checked (those kept: retention removes the oldest). */
  readonly records: number;
  readonly firstId: number | null;
  readonly lastId: number;
  readonly headHash: string;
  /** The last record retention removed; the first one kept follows it. */
  readonly anchor: { readonly id: number; readonly hash: string };
  readonly broken: ChainBreak | null;
}

export interface AuditOptions {
  /** How long records wait for company before one write (milliseconds). */
  readonly flushDelayMs?: number;
  /** How long records are kept (ISO 8601 duration); undefined = forever (AUDIT_RETENTION). */
  readonly retention?: string | undefined;
}

/** Appends and retention take turns with verification through this lock (retention moves the anchor). */
const AUDIT_LOCK = 0x4155_4454; // 'AUDT'
const MAX_BATCH = 500;
const RETRY_MS = 1000;
/** Beyond this many records waiting on a database that does not answer, the oldest are dropped (and said so). */
const MAX_QUEUED = 100_000;
const VERIFY_PAGE = 2000;
const RETENTION_EVERY_MS = 3600_000;
const TEXT_MAX = 1000;

interface Queued {
  readonly entry: AuditEntry;
  readonly settle?: { resolve: () => void; reject: (err: unknown) => void };
}

/** The caller of a request as the audit trail names them. */
export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  return p
    ? { kind: p.kind, id: p.id, name: p.name, roles: [...p.roles] }
    : { kind: 'anonymous', id: null, name: null, roles: [] };
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'thanglong', roles: [] };

// PostgreSQL text refuses NUL; a caller's odd input must not cost the record.
const clean = (s: string | null | undefined, max = TEXT_MAX): string | null =>
  s === null || s === undefined ? null : s.replaceAll('\u0000', '\uFFFD').slice(0, max);

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [clean(k, 200) as string, cleanValue(v)]),
    );
  }
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

const entryOf = (e: AuditEvent): AuditEntry => ({
  // Milliseconds, as the database keeps them back: the hash must be computable again from what is read.
  at: new Date(Math.floor((e.at ?? new Date()).getTime())),
  actor: {
    kind: e.actor.kind,
    id: clean(e.actor.id, 200),
    name: clean(e.actor.name, 200),
    roles: e.actor.roles.map((r) => clean(r, 64) as string),
  },
  tenant: clean(e.tenant, 64) ?? '',
  action: clean(e.action, 300) as string,
  target: clean(e.target),
  requestId: clean(e.requestId, 128),
  outcome: e.outcome ?? null,
  detail: e.detail ? (cleanValue(e.detail) as Record<string, unknown>) : null,
});

/**
 * The audit trail. Records wait a few milliseconds in memory and are appended in one transaction,
 * linked into the hash chain under the chain head's row lock; `stop()` writes whatever waits.
 */
export class AuditTrail {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #delayMs: number;
  readonly #retention: string | undefined;
  #queue: Queued[] = [];
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<boolean> | null = null;
  #worker: NodeJS.Timeout | null = null;

  constructor(db: Database, log: Logger, options: AuditOptions = {}) {
    this.#db = db;
    this.#log = log;
    this.#delayMs = options.flushDelayMs ?? 5;
    this.#retention = options.retention;
  }

  /**
   * Queues a record; the promise resolves once it is stored. Callers that must not go on without a
   * record (a read of personal data) await it; the HTTP hook does not.
   */
  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#enqueue({ entry: entryOf(event), settle: { resolve, reject } });
    });
  }

  /** Queues a record nobody waits for (a failure is logged and retried). */
  note(event: AuditEvent): void {
    this.#enqueue({ entry: entryOf(event) });
  }

  /** Writes every record queued so far; throws if the database refuses them. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#queue.length > 0 || this.#writing) {
      const ok = await (this.#writing ?? this.#write());
      if (!ok) throw new Error('the audit trail could not be written (see the log)');
    }
  }

  /** Graceful stop: nothing queued is lost. */
  async stop(): Promise<void> {
    this.stopWorker();
    try {
      await this.flush();
    } catch (err) {
      this.#log.error({ err, pending: this.#queue.length }, 'audit records could not be written at shutdown');
    }
  }

  #enqueue(item: Queued): void {
    this.#queue.push(item);
    if (this.#queue.length > MAX_QUEUED) {
      const dropped = this.#queue.splice(0, this.#queue.length - MAX_QUEUED);
      for (const d of dropped) d.settle?.reject(new Error('audit queue overflow'));
      this.#log.error({ dropped: dropped.length }, 'audit records dropped: the database has not taken them');
    }
    if (!this.#timer && !this.#writing) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#write();
      }, this.#delayMs);
      this.#timer.unref(); // a graceful stop writes what waits; a timer must not keep the process alive
    }
    // Someone waits for this record: the few milliseconds to its write keep the process alive, or a process
    // with nothing else referenced (a test served by inject) would end with the caller still waiting.
    if (item.settle) this.#timer?.ref();
  }

  #write(): Promise<boolean> {
    this.#writing ??= (async () => {
      try {
        while (this.#queue.length > 0) {
          const batch = this.#queue.splice(0, MAX_BATCH);
          try {
            await this.#db.transaction(async (tx) => {
              const head = await store.lockHead(tx);
              await store.appendRecords(
                tx,
                link(
                  batch.map((b) => b.entry),
                  { id: head.lastId, hash: head.lastHash },
                ),
              );
            });
          } catch (err) {
            // Kept for the next attempt; whoever waits hears about it now.
            this.#queue = [...batch.map((b) => ({ entry: b.entry })), ...this.#queue];
            for (const b of batch) b.settle?.reject(err);
            this.#log.error({ err, pending: this.#queue.length }, 'audit records could not be written: retrying');
            this.#timer ??= setTimeout(() => {
              this.#timer = null;
              void this.#write();
            }, RETRY_MS).unref();
            return false;
          }
          for (const b of batch) b.settle?.resolve();
        }
        return true;
      } finally {
        this.#writing = null;
      }
    })();
    return this.#writing;
  }

  // --- reading and checking -----------------------------------------------------------------

  find(query: store.AuditQuery): Promise<AuditRecord[]> {
    return store.findRecords(this.#db, query);
  }

  /** Walks the whole chain from its anchor to its head; reports the first broken link. */
  verify(): Promise<VerifyReport> {
    return this.#db.withAdvisoryLock(AUDIT_LOCK, async () => {
      const head = await store.readHead(this.#db);
      const walker = new ChainWalker({ id: head.anchorId, hash: head.anchorHash });
      let broken: ChainBreak | null = null;
      let after = head.anchorId;
      while (!broken) {
        const page = await store.recordsAfter(this.#db, after, head.lastId, VERIFY_PAGE);
        for (const record of page) {
          broken = walker.check(record);
          if (broken) break;
        }
        const last = page[page.length - 1];
        if (!last || page.length < VERIFY_PAGE) break;
        after = last.id;
      }
      broken ??= walker.end({ id: head.lastId, hash: head.lastHash });
      return {
        intact: broken === null,
        records: walker.count,
        firstId: walker.firstId,
        lastId: head.lastId,
        headHash: head.lastHash,
        anchor: { id: head.anchorId, hash: head.anchorHash },
        broken,
      };
    });
  }

  // --- retention ------------------------------------------------------------------------------

  /**
   * Removes records older than AUDIT_RETENTION, oldest first, and makes the last one removed the
   * chain's anchor, so what is kept still verifies. The removal is itself a record in the chain.
   * Removes nothing when the chain is locked (another instance's retention, or a check): the next
   * hour's run does it, and waiting would hold a connection.
   */
  async applyRetention(): Promise<{ removed: number; anchorId: number | null }> {
    const keep = this.#retention;
    if (keep === undefined) return { removed: 0, anchorId: null };
    const attempt = await this.#db.tryWithAdvisoryLock(AUDIT_LOCK, () =>
      this.#db.transaction(async (tx) => {
        const head = await store.lockHead(tx);
        const through = await store.lastExpiredRecord(tx, keep);
        if (!through) return { removed: 0, anchorId: null };
        const removed = await store.removeThrough(tx, through);
        const note = entryOf({
          actor: SYSTEM_ACTOR,
          tenant: '',
          action: 'audit.retention',
          target: String(through.id),
          detail: { removed, retention: keep, anchorId: through.id, anchorHash: through.hash },
        });
        await store.appendRecords(tx, link([note], { id: head.lastId, hash: head.lastHash }));
        this.#log.info({ removed, anchorId: through.id, retention: keep }, 'audit records past retention removed');
        return { removed, anchorId: through.id };
      }),
    );
    if (attempt.acquired) return attempt.value;
    this.#log.debug('audit retention skipped: the chain is locked by another instance or a check');
    return { removed: 0, anchorId: null };
  }

  /** The worker role's share: retention, hourly. */
  startWorker(): void {
    if (this.#retention === undefined || this.#worker) return;
    const run = () => this.applyRetention().catch((err: unknown) => this.#log.error({ err }, 'audit retention failed'));
    void run();
    this.#worker = setInterval(() => void run(), RETENTION_EVERY_MS);
    this.#worker.unref();
  }

  stopWorker(): void {
    if (this.#worker) clearInterval(this.#worker);
    this.#worker = null;
  }
}
