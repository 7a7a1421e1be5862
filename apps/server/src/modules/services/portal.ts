import type { Logger } from 'pino';
import type { Database, Sql } from '../../platform/db/index.js';
import * as store from './store.js';

/**
 * The National Public Service Portal (dichvucong.gov.vn) adapter. Decree 118/2025 has the city's
 * system sync every dossier's status, payments and e-results with the national portal. Each event is
 * queued in services_portal_outbox in the same transaction as the change it tells, then delivered at
 * least once and in order per dossier: a dossier's event that fails holds back that dossier's later
 * events only, and is tried again with backoff (5 s, 10 s, … up to an hour).
 *
 * The receiver is the `local` one: it keeps what it received (services_portal_received, read by admins
 * at GET /api/v1/services/portal/received). The national portal's own connection needs the
 * agreement and credentials the Government Office issues to a province; until the city has them
 * there is no other receiver, so there is no setting to choose one (a setting that chooses nothing
 * is not offered). Another receiver implements `NationalPortal`.
 */

export type PortalEventKind = 'status' | 'payment' | 'result';

export interface PortalEvent {
  readonly id: number;
  readonly tenant: string;
  readonly dossier: string;
  readonly kind: PortalEventKind;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: string;
}

export interface NationalPortal {
  readonly name: string;
  /**
   * Resolves once the portal has every event given (a delivery round's: at most one per dossier);
   * throws to have them tried again (one by one, so a refused event holds back its own dossier only).
   */
  send(events: readonly PortalEvent[]): Promise<void>;
}

/** Queues an event in the caller's transaction: delivered once that commits, never if it rolls back. */
export async function queuePortal(
  tx: Sql,
  e: { tenant: string; dossier: string; kind: PortalEventKind; payload: Record<string, unknown>; at: Date },
): Promise<void> {
  await store.queuePortalEvent(tx, e);
}

/** The local receiver: what the portal would have received, kept for the admin and the tests. */
export function localPortal(db: Database, now: () => Date = () => new Date()): NationalPortal {
  return {
    name: 'local',
    send: async (events) => {
      await store.recordReceived(db, events, now());
    },
  };
}

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 3600_000;
/**
 * Delivery rounds per run: a dossier's queued events go one after the other, each a round. A round
 * is sent to the portal as one batch (BATCH events, each of its own dossier) and marked in one statement.
 */
const MAX_ROUNDS = 20;
const BATCH = 200;
/** One delivery at a time across the instances (in order per dossier needs one sender). */
export const PORTAL_LOCK = 0x5356_504f; // 'SVPO'

export const backoffMs = (attempts: number): number =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

export class PortalDelivery {
  readonly #db: Database;
  readonly #portal: NationalPortal;
  readonly #log: Logger;
  readonly #now: () => Date;

  constructor(deps: { db: Database; portal: NationalPortal; log: Logger; now?: () => Date }) {
    this.#db = deps.db;
    this.#portal = deps.portal;
    this.#log = deps.log;
    this.#now = deps.now ?? (() => new Date());
  }

  get receiver(): string {
    return this.#portal.name;
  }

  /**
   * Delivers what is due; returns how many events the portal took. When another instance (or run) is
   * delivering, returns 0 at once: that one sends what is due, and a blocked wait would hold a connection.
   */
  async deliver(): Promise<number> {
    const attempt = await this.#db.tryWithAdvisoryLock(PORTAL_LOCK, async () => {
      let delivered = 0;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const heads = await store.portalHeads(this.#db, this.#now(), BATCH);
        if (heads.length === 0) break;
        const events = heads.map((e) => ({
          id: e.id,
          tenant: e.tenant,
          dossier: e.dossier,
          kind: e.kind as PortalEventKind,
          payload: e.payload,
          at: e.createdAt,
        }));
        let taken: number[];
        try {
          await this.#portal.send(events);
          taken = events.map((e) => e.id);
        } catch (err) {
          const only = heads.length === 1 ? heads[0] : undefined;
          taken = only ? [] : await this.#oneByOne(heads, events);
          if (only) await this.#refused(only, err);
        }
        await store.markPortalDelivered(this.#db, taken, this.#now());
        delivered += taken.length;
        const progressed = taken.length > 0;
        if (!progressed) break;
      }
      return delivered;
    });
    return attempt.acquired ? attempt.value : 0;
  }

  /** A round the portal refused whole, sent again event by event: those refused wait their turn again. */
  async #oneByOne(heads: readonly store.PortalEventRow[], events: readonly PortalEvent[]): Promise<number[]> {
    const taken: number[] = [];
    for (const [i, e] of events.entries()) {
      try {
        await this.#portal.send([e]);
        taken.push(e.id);
      } catch (err) {
        await this.#refused(heads[i] as store.PortalEventRow, err);
      }
    }
    return taken;
  }

  async #refused(e: store.PortalEventRow, err: unknown): Promise<void> {
    const wait = backoffMs(e.attempts + 1);
    await store.markPortalFailed(this.#db, e.id, new Date(this.#now().getTime() + wait), String(err));
    this.#log.warn(
      { event: e.id, dossier: e.dossier, err: String(err) },
      'national portal: event not taken, tried again later',
    );
  }

  /** The events queued, newest first: all, or one dossier's (its whole history, oldest first). */
  outbox(tenant: string, dossier?: string, limit = 200) {
    return store.portalOutbox(this.#db, tenant, limit, dossier);
  }

  received(tenant: string, dossier?: string, limit = 200) {
    return store.portalReceived(this.#db, tenant, limit, dossier);
  }
}
