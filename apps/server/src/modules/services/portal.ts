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
  /** Resolves once the portal has the event; throws to have it tried again later. */
  send(event: PortalEvent): Promise<void>;
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
    send: async (event) => {
      await store.recordReceived(
        db,
        {
          id: event.id,
          tenant: event.tenant,
          dossier: event.dossier,
          kind: event.kind,
          payload: event.payload,
          createdAt: event.at,
          attempts: 0,
          nextAt: event.at,
        },
        now(),
      );
    },
  };
}

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 3600_000;
/** Delivery rounds per run: a dossier's queued events go one after the other, each a round. */
const MAX_ROUNDS = 20;
const BATCH = 200;
/** One delivery at a time across the instances (in order per dossier needs one sender). */
const PORTAL_LOCK = 0x5356_504f; // 'SVPO'

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

  /** Delivers what is due; returns how many events the portal took. */
  async deliver(): Promise<number> {
    return this.#db.withAdvisoryLock(PORTAL_LOCK, async () => {
      let delivered = 0;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const heads = await store.portalHeads(this.#db, this.#now(), BATCH);
        if (heads.length === 0) break;
        let progressed = false;
        for (const e of heads) {
          try {
            await this.#portal.send({
              id: e.id,
              tenant: e.tenant,
              dossier: e.dossier,
              kind: e.kind as PortalEventKind,
              payload: e.payload,
              at: e.createdAt,
            });
            await store.markPortalDelivered(this.#db, e.id, this.#now());
            delivered++;
            progressed = true;
          } catch (err) {
            const wait = backoffMs(e.attempts + 1);
            await store.markPortalFailed(this.#db, e.id, new Date(this.#now().getTime() + wait), String(err));
            this.#log.warn(
              { event: e.id, dossier: e.dossier, err: String(err) },
              'national portal: event not taken, tried again later',
            );
          }
        }
        if (!progressed) break;
      }
      return delivered;
    });
  }

  outbox(tenant: string, limit = 200) {
    return store.portalOutbox(this.#db, tenant, limit);
  }

  received(tenant: string, limit = 200) {
    return store.portalReceived(this.#db, tenant, limit);
  }
}
