import { randomUUID } from 'node:crypto';
import type { Database } from '../../../platform/db/index.js';
import { AppError, problems } from '../../../platform/errors.js';
import type { ServiceAlertInput } from '../realtime/model.js';
import { isServiceDay } from '../service-day.js';
import { stateOf, type AlertDraft, type AlertEntity, type ServiceAlert } from './model.js';
import * as store from './store.js';

/**
 * Service alerts operators write for riders: checked against the tenant's current schedule, kept
 * with who wrote them and when, and handed to the ServiceAlerts feed while in force or ahead.
 */

/**
 * Alerts in force, ahead or in draft a tenant may hold. Every rider and journey planner reads the
 * published ones in each ServiceAlerts feed (200 at their largest make about 3 MB); a city's network
 * rarely has more than a few dozen disruptions at once.
 */
export const MAX_OPEN_ALERTS = 200;

const TIME = /^\d{1,2}:[0-5]\d:[0-5]\d$/;

const invalid = (detail: string, extra: Record<string, unknown> = {}) =>
  new AppError('TRANSIT_ALERT_INVALID', 422, detail, { extra });

/**
 * Periods are kept within these: GTFS-Realtime carries them as unsigned POSIX seconds (a time before
 * 1970 would wrap into year 584 billion), and no alert of a bus network is about 1999 or the 22nd century.
 */
export const EARLIEST_PERIOD = new Date('2000-01-01T00:00:00Z');
export const LATEST_PERIOD = new Date('2100-01-01T00:00:00Z');
/** An active period lasts at least this long. */
export const SHORTEST_PERIOD_MS = 60_000;

/** The checks a draft's shape cannot say: periods in order, entities that say something. */
function checkDraft(draft: AlertDraft): void {
  draft.activePeriods.forEach((p, i) => {
    for (const side of ['start', 'end'] as const) {
      const at = p[side];
      if (at && !(at >= EARLIEST_PERIOD && at <= LATEST_PERIOD)) {
        throw invalid(`activePeriods[${i}].${side} is outside 2000-01-01T00:00:00Z – 2100-01-01T00:00:00Z.`, {
          field: `activePeriods[${i}].${side}`,
        });
      }
    }
    if (p.start && p.end && p.end.getTime() <= p.start.getTime()) {
      throw invalid(`activePeriods[${i}]: the end must come after the start.`, { field: `activePeriods[${i}].end` });
    }
    // A period of a few milliseconds is no disruption a rider could be told of, only a feed entry.
    if (p.start && p.end && p.end.getTime() - p.start.getTime() < SHORTEST_PERIOD_MS) {
      throw invalid(`activePeriods[${i}] lasts less than a minute: the end is at least a minute after the start.`, {
        field: `activePeriods[${i}].end`,
      });
    }
  });
  draft.informedEntities.forEach((e, i) => {
    const at = `informedEntities[${i}]`;
    if (
      e.agencyId === undefined &&
      e.routeId === undefined &&
      e.routeType === undefined &&
      e.trip === undefined &&
      e.stopId === undefined
    ) {
      throw invalid(`${at} names nothing: give a route, stop, trip, agency or route type.`, { field: at });
    }
    // GTFS-Realtime: a direction is a route's direction.
    if (e.directionId !== undefined && e.routeId === undefined) {
      throw invalid(`${at}: a directionId goes with a routeId.`, { field: `${at}.directionId` });
    }
    if (e.trip?.startDate !== undefined && !isServiceDay(e.trip.startDate)) {
      throw invalid(`${at}.trip.startDate is YYYYMMDD.`, { field: `${at}.trip.startDate` });
    }
    if (e.trip?.startTime !== undefined && !TIME.test(e.trip.startTime)) {
      throw invalid(`${at}.trip.startTime is HH:MM:SS.`, { field: `${at}.trip.startTime` });
    }
  });
}

const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => v !== undefined))];

/** The feed's view of an alert. */
function inputOf(a: ServiceAlert): ServiceAlertInput {
  return {
    id: a.id,
    activePeriods: a.activePeriods,
    informedEntities: a.informedEntities.map((e: AlertEntity) => ({
      ...(e.agencyId === undefined ? {} : { agencyId: e.agencyId }),
      ...(e.routeId === undefined ? {} : { routeId: e.routeId }),
      ...(e.routeType === undefined ? {} : { routeType: e.routeType }),
      ...(e.directionId === undefined ? {} : { directionId: e.directionId }),
      ...(e.stopId === undefined ? {} : { stopId: e.stopId }),
      ...(e.trip === undefined ? {} : { trip: { ...e.trip } }),
    })),
    ...(a.cause === undefined ? {} : { cause: a.cause }),
    ...(a.effect === undefined ? {} : { effect: a.effect }),
    ...(a.severity === undefined ? {} : { severity: a.severity }),
    header: a.header,
    ...(a.description === undefined ? {} : { description: a.description }),
    ...(a.url === undefined ? {} : { url: a.url }),
  };
}

export class ServiceAlerts {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * The tenant's published alerts that are in force at `now` or will be (riders plan ahead, and the
   * GTFS-Realtime feed carries an alert until its last period ends), for the ServiceAlerts feed.
   */
  async active(tenant: string, now: Date): Promise<readonly ServiceAlertInput[]> {
    return (await store.publishedAlerts(this.#db, tenant, now)).map(inputOf);
  }

  async create(tenant: string, draft: AlertDraft, by: string | null): Promise<ServiceAlert> {
    await this.#check(tenant, draft);
    const now = new Date();
    await this.#roomForOneMore(tenant, now);
    return store.insertAlert(this.#db, tenant, randomUUID(), draft, by, now);
  }

  /** Refuses one more alert in force, ahead or in draft past MAX_OPEN_ALERTS (the feed riders fetch stays small). */
  async #roomForOneMore(tenant: string, now: Date): Promise<void> {
    const { total } = await store.listAlerts(
      this.#db,
      tenant,
      { states: ['draft', 'upcoming', 'active'] },
      { limit: 1, offset: 0 },
      now,
    );
    if (total >= MAX_OPEN_ALERTS) {
      throw new AppError(
        'TRANSIT_ALERT_TOO_MANY',
        409,
        `The tenant has ${total} alerts in force, ahead or in draft; at most ${MAX_OPEN_ALERTS}: withdraw or delete some first.`,
        { extra: { limit: MAX_OPEN_ALERTS } },
      );
    }
  }

  /**
   * Replaces the alert as a whole (a draft opened again and published, a published one's end moved);
   * with `expectedVersion`, only if nobody edited it meanwhile.
   */
  async update(
    tenant: string,
    id: string,
    draft: AlertDraft,
    expectedVersion: number | undefined,
    by: string | null,
  ): Promise<ServiceAlert> {
    await this.#check(tenant, draft);
    const now = new Date();
    // An ended alert brought back counts as one more, as a new one would.
    const before = await store.findAlert(this.#db, tenant, id, now);
    if (
      before?.state === 'ended' &&
      stateOf({ status: draft.status, activePeriods: draft.activePeriods }, now.getTime()) !== 'ended'
    ) {
      await this.#roomForOneMore(tenant, now);
    }
    const outcome = await store.replaceAlert(this.#db, tenant, id, draft, expectedVersion, by, now);
    if (outcome === 'missing') throw problems.notFound('Alert', id);
    if (outcome === 'withdrawn') {
      throw new AppError('TRANSIT_ALERT_WITHDRAWN', 409, `The alert "${id}" is withdrawn: write a new one.`);
    }
    if (outcome === 'published') {
      throw new AppError(
        'TRANSIT_ALERT_PUBLISHED',
        409,
        `The alert "${id}" is published: riders saw it, so it does not go back to a draft. Withdraw it instead.`,
      );
    }
    if (outcome === 'changed') {
      throw new AppError(
        'TRANSIT_ALERT_CHANGED',
        412,
        `The alert "${id}" was edited meanwhile (it is no longer version ${expectedVersion}): read it again.`,
      );
    }
    return outcome;
  }

  /** Ends an alert now: it leaves the feed and stays readable, marked withdrawn. */
  async withdraw(tenant: string, id: string, by: string | null): Promise<ServiceAlert> {
    const alert = await store.withdrawAlert(this.#db, tenant, id, by, new Date());
    if (!alert) throw problems.notFound('Alert', id);
    return alert;
  }

  /** Deletes a draft (a mistake nobody saw); one riders saw stays, withdrawn, as the record of what they were told. */
  async delete(tenant: string, id: string): Promise<void> {
    if (await store.deleteDraftAlert(this.#db, tenant, id)) return;
    const found = await store.findAlert(this.#db, tenant, id, new Date());
    if (!found) throw problems.notFound('Alert', id);
    if (found.status === 'withdrawn') {
      throw new AppError('TRANSIT_ALERT_WITHDRAWN', 409, `The alert "${id}" is withdrawn: it is kept as it was.`);
    }
    throw new AppError(
      'TRANSIT_ALERT_PUBLISHED',
      409,
      `The alert "${id}" is published: riders saw it, so it is not deleted. Withdraw it instead.`,
    );
  }

  async get(tenant: string, id: string, withDrafts: boolean): Promise<ServiceAlert> {
    const alert = await store.findAlert(this.#db, tenant, id, new Date());
    if (!alert || (alert.status === 'draft' && !withDrafts)) throw problems.notFound('Alert', id);
    return alert;
  }

  list(
    tenant: string,
    filter: store.AlertFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: ServiceAlert[]; total: number }> {
    return store.listAlerts(this.#db, tenant, filter, page, new Date());
  }

  /** Refuses a draft whose periods or entities are wrong, or that names what the current schedule lacks. */
  async #check(tenant: string, draft: AlertDraft): Promise<void> {
    checkDraft(draft);
    const es = draft.informedEntities;
    const ids = {
      agencies: distinct(es.map((e) => e.agencyId)),
      routes: distinct(es.map((e) => e.routeId)),
      trips: distinct(es.map((e) => e.trip?.tripId)),
      stops: distinct(es.map((e) => e.stopId)),
    };
    const named = ids.agencies.length + ids.routes.length + ids.trips.length + ids.stops.length;
    if (named === 0) return;
    const missing = await store.missingFromSchedule(this.#db, tenant, ids);
    if (!missing) {
      throw new AppError(
        'TRANSIT_ALERT_UNKNOWN_ENTITY',
        422,
        'The alert names routes, stops, trips or agencies, but no schedule is imported: import the GTFS feed first.',
        { extra: { unknown: [] } },
      );
    }
    const unknown = [
      ...missing.agencies.map((id) => ({ kind: 'agency', id })),
      ...missing.routes.map((id) => ({ kind: 'route', id })),
      ...missing.trips.map((id) => ({ kind: 'trip', id })),
      ...missing.stops.map((id) => ({ kind: 'stop', id })),
    ];
    if (unknown.length > 0) {
      const list = unknown.map((u) => `${u.kind} "${u.id}"`).join(', ');
      throw new AppError(
        'TRANSIT_ALERT_UNKNOWN_ENTITY',
        422,
        `Not in the current schedule: ${list}. Nothing was saved.`,
        { extra: { unknown } },
      );
    }
  }
}
