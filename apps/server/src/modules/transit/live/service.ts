import { DEFAULT_SCOPE } from '../vehicle-feeds/intake.js';
import type { LivePredictions, StopPrediction } from '../model.js';
import type { Logger } from 'pino';
import type { ContextResolver, ContextService, Entity } from '../../../context/index.js';
import type { Database, Sql } from '../../../platform/db/index.js';
import type { BackgroundJob, ChangeConsumerSpec } from '../../../platform/modules.js';
import type { AlarmCondition } from '../../alarms/index.js';
import type {
  RealtimeSource,
  ServiceAlertInput,
  TripUpdateInput,
  VehiclePositionInput,
  VehicleRef,
} from '../realtime/index.js';
import {
  matchReading,
  runKey,
  terminusArrival,
  type MatchOutcome,
  type StopPassage,
  type RejectReason,
  type VehicleFlag,
  type VehicleReading,
  type VehicleState,
} from './matcher.js';
import {
  dwellKey,
  horizonOf,
  predictFromTravelTimes,
  predictStops,
  travelKey,
  type PredictedStop,
  type TravelTimes,
} from './predict.js';
import * as store from './store.js';
import { offsetAt, runStartOf, serviceDayStart, Timetable, type TripPlan } from './timetable.js';

/**
 * Live buses: every Vehicle reading matched to its trip (state kept per tenant and vehicle in the
 * database), the stops it reached, predictions for the stops ahead (kept current for the feeds and
 * departure boards, and sampled for scoring), and flags that raise and clear alarms.
 */

export interface AlarmSink {
  raise(condition: AlarmCondition): Promise<unknown>;
  clear(tenant: string, source: string, condition: string, at: Date): Promise<unknown>;
}

/** What feeds and boards show is never older than this (GTFS-Realtime best practice: 90 s). */
export const LIVE_WITHIN_MS = 90_000;
/** A bus on a trip without a reading for this long is silent. */
export const SILENT_AFTER_MS = 5 * 60_000;
/** A silence older than this is a bus gone home, not one to look for. */
const SILENT_LOOK_BACK_MS = 3 * 3600_000;
/** How often the current timetable version is checked for a newer import. */
const TIMETABLE_CHECK_MS = 10_000;
/** A trip another bus was heard on this recently is its, not one for a bus naming only its route. */
const SERVED_WITHIN_MS = SILENT_AFTER_MS;
/** A bus's refused readings of one reason are logged at most this often. */
const REFUSAL_LOG_EVERY_MS = 10 * 60_000;
/** Running times are learned from this much history, each from at least this many runs, this often. */
const LEARN_FROM_MS = 28 * 86_400_000;
const LEARN_AT_LEAST = 3;
const LEARN_EVERY_MS = 10 * 60_000;
/** Predictions waiting to be kept are written once this many wait. */
const KEEP_BATCH = 500;
/** How long a state this instance wrote is trusted without reading it again. */
const REMEMBER_MS = 30_000;
const MAX_REMEMBERED = 100_000;
/** Predictions remembered as kept for scoring, at most (then forgotten; the database refuses repeats). */
const MAX_KEPT_KEYS = 500_000;
/** Scored predictions and arrivals are kept this long. */
const KEEP_SCORES_MS = 30 * 86_400_000;

const ALARMS: Record<VehicleFlag, { condition: string; severity: AlarmCondition['severity']; title: string }> = {
  'off-route': { condition: 'transit:off-route', severity: 'medium', title: 'Bus off its route' },
  'stopped-too-long': { condition: 'transit:stopped', severity: 'low', title: 'Bus stopped too long' },
  silent: { condition: 'transit:silent', severity: 'medium', title: 'Bus silent on its trip' },
};

interface Learned {
  readonly times: TravelTimes;
  readonly hourOf: (at: number) => number;
  readonly learnedAt: number;
}

interface CachedTimetable {
  table: Timetable | null;
  checkedAt: number;
  loading: Promise<Timetable | null> | null;
}

const VEHICLE_URN = 'urn:ngsi-ld:Vehicle:';

function decoded(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    // Not percent-encoded as the intake writes it: the id as it is.
    return id;
  }
}

/**
 * The names a bus may be published by, the first preferred: a tracker's bus its id; one taken in from an
 * operator's feed under the default scope the id that feed gave it, else `gtfsrt:<id>`; another scope
 * `scope:id`. The entity id, unique, comes last.
 */
function namesOf(entityId: string): string[] {
  const suffix = entityId.startsWith(VEHICLE_URN) ? entityId.slice(VEHICLE_URN.length) : entityId;
  const names = suffix.startsWith(`${DEFAULT_SCOPE}:`)
    ? [decoded(suffix.slice(DEFAULT_SCOPE.length + 1)), decoded(suffix), suffix]
    : [decoded(suffix), suffix];
  return [...new Set([...names, entityId])];
}

const pushedUnderDefaultScope = (entityId: string) => entityId.startsWith(`${VEHICLE_URN}${DEFAULT_SCOPE}:`);

/**
 * Each bus's name in one feed, unique whatever ids the operators chose. A bus keeps its preferred name
 * unless another has it too; then the one that cannot step back keeps it (its entity id), else the one on
 * its more preferred name, a tracker's bus before a pushed one, the first entity id; the others take
 * their next name, until no two share one. So a pushed `bus-01-01` beside a tracker's `bus-01-01` is
 * `gtfsrt:bus-01-01`, and beside a pushed `gtfsrt:bus-01-01` too, its entity id.
 */
export function feedNames(entityIds: Iterable<string>): Map<string, string> {
  const buses = [...new Set(entityIds)].sort().map((entityId) => ({ entityId, names: namesOf(entityId), at: 0 }));
  const nameOf = (b: (typeof buses)[number]) => b.names[b.at] ?? b.entityId;
  const last = (b: (typeof buses)[number]) => b.at >= b.names.length - 1;
  for (;;) {
    const byName = new Map<string, (typeof buses)[number][]>();
    for (const b of buses) {
      const sharing = byName.get(nameOf(b));
      if (sharing) sharing.push(b);
      else byName.set(nameOf(b), [b]);
    }
    let moved = false;
    for (const sharing of byName.values()) {
      if (sharing.length < 2) continue;
      // Sorted by entity id already: the first of the best keeps the name.
      const keeper =
        sharing.find(last) ??
        sharing.reduce((best, b) =>
          b.at < best.at ||
          (b.at === best.at && pushedUnderDefaultScope(best.entityId) && !pushedUnderDefaultScope(b.entityId))
            ? b
            : best,
        );
      for (const b of sharing) {
        // Entity ids are unique, so only the keeper can be on its last name.
        if (b === keeper || last(b)) continue;
        b.at += 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return new Map(buses.map((b) => [b.entityId, nameOf(b)]));
}

/**
 * A bus as the feeds and boards name it: its own id, not the entity's URN (see `namesOf`); `names`, from
 * `feedNames` over the other buses of the same feed, when another bus might share it.
 */
export function feedVehicle(
  entityId: string,
  named: { label: string | null; licensePlate: string | null } = { label: null, licensePlate: null },
  names?: ReadonlyMap<string, string>,
): VehicleRef {
  const id = names?.get(entityId) ?? namesOf(entityId)[0] ?? entityId;
  // The operator's label when its AVL gave one (a rider knows bus "421", not "TLB-0421"), else the id.
  return { id, label: named.label ?? id, ...(named.licensePlate ? { licensePlate: named.licensePlate } : {}) };
}

export class LiveVehicles implements LivePredictions {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #alarms: AlarmSink;
  readonly #now: () => Date;
  readonly #timetables = new Map<string, CachedTimetable>();
  readonly #kept = new Set<string>();
  readonly #refusalsLogged = new Map<string, number>();
  readonly #onRefused: (reason: RejectReason) => void;
  readonly #travel = new Map<string, Learned>();
  readonly #learning = new Map<string, Promise<number>>();
  /** Predictions to keep for scoring, written together (before any arrival is scored, and by the job). */
  #keeping: { tenant: string; row: store.ScoredPrediction }[] = [];
  /** The states this instance last wrote, to spare a read per reading (see #previous). */
  readonly #states = new Map<string, { state: VehicleState; at: number }>();

  constructor(deps: {
    db: Database;
    log: Logger;
    context: ContextService;
    resolver: ContextResolver;
    alarms: AlarmSink;
    now?: () => Date;
    /** Told of each refused reading (the module counts them for its metrics). */
    onRefused?: (reason: RejectReason) => void;
  }) {
    this.#onRefused = deps.onRefused ?? (() => undefined);
    this.#db = deps.db;
    this.#log = deps.log;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#alarms = deps.alarms;
    this.#now = deps.now ?? (() => new Date());
  }

  /** The tenant's current timetable in memory, reloaded when a newer feed version becomes current. */
  async timetable(tenant: string): Promise<Timetable | null> {
    let cached = this.#timetables.get(tenant);
    const now = Date.now();
    if (cached && (now - cached.checkedAt < TIMETABLE_CHECK_MS || cached.loading)) {
      return cached.loading ? cached.loading : cached.table;
    }
    if (!cached) this.#timetables.set(tenant, (cached = { table: null, checkedAt: 0, loading: null }));
    const slot = cached;
    slot.loading = (async () => {
      const { rows } = await this.#db.query<{ id: string; timezone: string | null }>(
        `SELECT id, timezone FROM transit_feed_version WHERE tenant = $1 AND status = 'current'`,
        [tenant],
      );
      const version = rows[0];
      if (!version) return null;
      if (slot.table?.versionId === version.id) return slot.table;
      return Timetable.load(this.#db, version.id, version.timezone ?? 'UTC');
    })();
    try {
      slot.table = await slot.loading;
      slot.checkedAt = now;
      return slot.table;
    } finally {
      slot.loading = null;
    }
  }

  /** A Vehicle entity changed: its newest reading matched. */
  readonly consumer: ChangeConsumerSpec = {
    name: 'vehicles',
    filter: async () => {
      const terms = await this.#resolver.core();
      return { types: [terms.expand('Vehicle')], attributes: [terms.expand('location')] };
    },
    handle: async ({ tenant, entityId }) => {
      const entity = await this.#context.retrieveEntity(tenant, entityId);
      const reading = await this.readingOf(entity);
      if (reading) await this.ingest(tenant, reading);
    },
  };

  /** The reading a Vehicle entity carries now; undefined without a point location. */
  async readingOf(entity: Entity): Promise<VehicleReading | undefined> {
    const terms = await this.#resolver.core();
    const instance = (name: string) => entity.attrs[terms.expand(name)]?.[0];
    const value = (name: string) => instance(name)?.value;
    const location = instance('location');
    // The trip's start date and time hold only when given with this position (an attribute left from an
    // earlier trip says nothing of this one).
    const withPosition = (name: string) => {
      const i = instance(name);
      const v = i?.value;
      if (typeof v !== 'string' || v.trim() === '') return undefined;
      return i?.observedAt === undefined || i.observedAt === location?.observedAt ? v.trim() : undefined;
    };
    const point = location?.value as { type?: unknown; coordinates?: unknown } | undefined;
    if (!point || point.type !== 'Point' || !Array.isArray(point.coordinates)) return undefined;
    const [lon, lat] = point.coordinates as unknown[];
    const observed = location?.observedAt ?? entity.modifiedAt;
    const number = (name: string) => {
      const v = value(name);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const text = (name: string) => {
      const v = value(name);
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    };
    return {
      vehicleId: entity.id,
      observedAt: observed ? new Date(observed) : this.#now(),
      lon: typeof lon === 'number' ? lon : Number.NaN,
      lat: typeof lat === 'number' ? lat : Number.NaN,
      speedKmh: number('speed'),
      heading: number('heading'),
      tripId: text('tripId'),
      routeCode: text('routeCode'),
      startDate: withPosition('tripStartDate'),
      startTime: withPosition('tripStartTime'),
      label: text('fleetVehicleId'),
      licensePlate: text('vehiclePlateIdentifier'),
      inService: text('serviceStatus') !== 'outOfService',
    };
  }

  /** Matches a reading and keeps what follows from it; a bad one is logged and noted, nothing else. */
  async ingest(tenant: string, reading: VehicleReading): Promise<MatchOutcome> {
    const now = this.#now();
    const previous = await this.#previous(tenant, reading);
    const table = await this.timetable(tenant);
    const outcome = await this.#match(tenant, table, previous, reading, now);
    if (outcome.kind === 'stale') return outcome;
    if (outcome.kind === 'rejected') {
      this.#onRefused(outcome.reason);
      // A fleet on a trip the timetable lacks would fill the log: each bus and reason once in a while.
      const logKey = `${tenant}\n${reading.vehicleId}\n${outcome.reason}`;
      const logged = this.#refusalsLogged.get(logKey);
      if (logged === undefined || Date.now() - logged > REFUSAL_LOG_EVERY_MS) {
        if (this.#refusalsLogged.size >= MAX_REMEMBERED) this.#refusalsLogged.clear();
        this.#refusalsLogged.set(logKey, Date.now());
        this.#log.warn(
          { tenant, vehicle: reading.vehicleId, reason: outcome.reason, detail: outcome.detail },
          'bus reading refused',
        );
      }
      await store.noteRejected(this.#db, tenant, reading.vehicleId, reading.observedAt, outcome.reason);
      this.#states.delete(`${tenant}\n${reading.vehicleId}`);
      return outcome;
    }
    const { state, plan, dayStart, passages } = outcome;
    // The first prediction of each stop in each horizon is kept for scoring; those kept are remembered
    // here so that a reading writes only what is new.
    if (plan && state.serviceDate) {
      const travel = await this.#learned(tenant);
      const runStart = runStartOf(plan);
      for (const p of this.#predict(plan, dayStart, state, travel)) {
        const horizon = horizonOf((p.arrival - state.observedAt.getTime()) / 60_000);
        if (!horizon) continue;
        const key = `${tenant}\n${plan.id}\n${state.serviceDate}\n${runStart}\n${p.stop.sequence}\n${horizon}`;
        if (this.#kept.has(key)) continue;
        this.#kept.add(key);
        this.#keeping.push({
          tenant,
          row: {
            tripId: plan.id,
            serviceDate: state.serviceDate,
            runStart,
            stopSequence: p.stop.sequence,
            horizon,
            routeId: plan.routeId,
            stopId: p.stop.stopId,
            madeAt: state.observedAt,
            predictedAt: new Date(p.arrival),
            scheduledAt: new Date(dayStart + p.stop.arrival * 1000),
          },
        });
      }
      if (this.#kept.size > MAX_KEPT_KEYS) this.#kept.clear();
    }
    if (passages.length === 0) {
      await store.saveVehicle(this.#db, tenant, state, now);
      if (this.#keeping.length >= KEEP_BATCH) await this.flushKept();
    } else {
      // The predictions of the stops reached are written before they are scored.
      await this.flushKept();
      await this.#db.transaction(async (tx) => {
        await store.saveVehicle(tx, tenant, state, now);
        await this.#recordArrivals(tx, tenant, state.vehicleId, passages);
      });
    }
    this.#remember(tenant, state);
    await this.#alarmsFor(tenant, previous?.flags ?? [], state);
    return outcome;
  }

  /**
   * The reading matched. A bus naming only its route is kept off the runs other buses are on; those are
   * read only when it matched a run other than the one it was on, and it is matched again only when
   * that run is one of them (leaving runs out never changes a match to the run the bus stays on).
   */
  async #match(
    tenant: string,
    table: Timetable | null,
    previous: VehicleState | null,
    r: VehicleReading,
    now: Date,
  ): Promise<MatchOutcome> {
    const outcome = matchReading(table, previous, r, now);
    if (!table || !r.routeCode || (r.tripId && table.trips.has(r.tripId))) return outcome;
    if (outcome.kind !== 'matched' || !outcome.plan) return outcome;
    const { tripId, serviceDate, startTime } = outcome.state;
    if (!tripId || !serviceDate) return outcome;
    const stays =
      previous?.tripId === tripId && previous.serviceDate === serviceDate && previous.startTime === startTime;
    if (stays) return outcome;
    const since = new Date(now.getTime() - SERVED_WITHIN_MS);
    const runs = await store.runsServed(this.#db, tenant, r.routeCode, since, r.vehicleId);
    const busy = new Set(runs.map((x) => runKey(x.tripId, x.serviceDate, x.startTime)));
    return busy.has(runKey(tripId, serviceDate, startTime)) ? matchReading(table, previous, r, now, busy) : outcome;
  }

  /** Records the stops a bus reached and left, and scores the predictions of those it reached. */
  async #recordArrivals(tx: Sql, tenant: string, vehicleId: string, passages: readonly StopPassage[]): Promise<void> {
    await store.recordPassages(tx, tenant, vehicleId, passages);
    for (const p of passages) {
      if (p.kind !== 'arrival') continue;
      await store.scoreArrival(tx, tenant, {
        tripId: p.tripId,
        serviceDate: p.serviceDate,
        runStart: p.runStart,
        stopSequence: p.stop.sequence,
        actual: p.at,
      });
    }
  }

  /** Writes the predictions waiting to be kept for scoring. */
  async flushKept(): Promise<void> {
    const batch = this.#keeping;
    if (batch.length === 0) return;
    this.#keeping = [];
    const byTenant = new Map<string, store.ScoredPrediction[]>();
    for (const { tenant, row } of batch) byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), row]);
    for (const [tenant, rows] of byTenant) await store.keepPredictions(this.#db, tenant, rows);
  }

  /**
   * The bus's last state: as this instance wrote it moments ago, or from the database. A remembered
   * state is trusted only briefly, only while its reading is too recent for any instance to have
   * flagged the bus silent, and never after a refused reading.
   */
  async #previous(tenant: string, r: VehicleReading): Promise<VehicleState | null> {
    const known = this.#states.get(`${tenant}\n${r.vehicleId}`);
    // How long ago this instance wrote it is the machine's time; silence is judged on the module's clock
    // (as flagSilent does), which a replay or a simulation sets.
    if (
      known &&
      Date.now() - known.at < REMEMBER_MS &&
      known.state.observedAt.getTime() > this.#now().getTime() - SILENT_AFTER_MS + REMEMBER_MS
    ) {
      return known.state;
    }
    return store.findVehicle(this.#db, tenant, r.vehicleId);
  }

  #remember(tenant: string, state: VehicleState): void {
    if (this.#states.size >= MAX_REMEMBERED) this.#states.clear();
    this.#states.set(`${tenant}\n${state.vehicleId}`, { state, at: Date.now() });
  }

  async #alarmsFor(tenant: string, before: readonly VehicleFlag[], state: VehicleState): Promise<void> {
    for (const flag of Object.keys(ALARMS) as VehicleFlag[]) {
      const { condition, severity, title } = ALARMS[flag];
      const was = before.includes(flag);
      const is = state.flags.includes(flag);
      if (is && !was) {
        await this.#alarms.raise({
          tenant,
          source: state.vehicleId,
          condition,
          severity,
          title: `${title}: ${state.vehicleId}`,
          params: { vehicle: state.vehicleId, ...(state.label ? { label: state.label } : {}) },
          description: describeFlag(flag, state),
          location: { type: 'Point', coordinates: [state.lon, state.lat] },
          // A silence began with the last reading heard.
          at: state.observedAt,
        });
      } else if (was && !is) {
        await this.#alarms.clear(tenant, state.vehicleId, condition, state.observedAt);
      }
    }
  }

  /**
   * Buses on a trip that stopped reporting: flagged silent (a reading clears it), unless last heard on
   * the approach to their terminus: those arrived there at that reading, and their trip is finished.
   */
  async flagSilent(): Promise<number> {
    const now = this.#now().getTime();
    const quiet = await store.quietVehicles(this.#db, new Date(now - SILENT_AFTER_MS));
    let flagged = 0;
    for (const v of quiet) {
      if (v.observedAt.getTime() < now - SILENT_LOOK_BACK_MS) continue;
      const arrival = terminusArrival(await this.timetable(v.tenant), v);
      if (arrival) {
        await this.flushKept();
        await this.#db.transaction(async (tx) => {
          // A reading that came meanwhile wins: it says where the bus is.
          if (!(await store.finishTrip(tx, v.tenant, v.vehicleId, v.observedAt))) return;
          await this.#recordArrivals(tx, v.tenant, v.vehicleId, [arrival]);
        });
        continue;
      }
      const flags: VehicleFlag[] = [...v.flags, 'silent'];
      // A reading that came meanwhile wins: the bus is not silent. (A silent bus predicts nothing.)
      if (!(await store.setFlags(this.#db, v.tenant, v.vehicleId, flags, v.observedAt))) continue;
      await this.#alarmsFor(v.tenant, v.flags, { ...v, flags });
      flagged++;
    }
    return flagged;
  }

  readonly jobs: readonly BackgroundJob[] = [
    { name: 'silent-buses', everyMs: 30_000, run: async () => void (await this.flagSilent()) },
    { name: 'keep-predictions', everyMs: 5_000, run: () => this.flushKept() },
    {
      name: 'learn-travel-times',
      everyMs: LEARN_EVERY_MS,
      run: async () => {
        for (const tenant of this.#timetables.keys()) await this.learnTravelTimes(tenant);
      },
    },
    {
      name: 'forget-old-predictions',
      everyMs: 3600_000,
      run: async () => {
        await store.prune(this.#db, new Date(this.#now().getTime() - KEEP_SCORES_MS));
      },
    },
  ];

  /** The tenant's vehicles as the operations centre sees them (optionally one route's). */
  vehicles(tenant: string, routeId?: string): Promise<VehicleState[]> {
    return store.listVehicles(this.#db, tenant, { routeId });
  }

  /**
   * How late each bus on an unfinished trip is by the matcher (seconds, negative: early), by vehicle
   * entity id, with the reading it was measured at: the deviation the Buses page's punctuality uses.
   */
  async scheduleDeviations(tenant: string): Promise<Map<string, { deviationSecs: number; observedAt: Date }>> {
    const rows = await store.scheduleDeviations(this.#db, tenant);
    return new Map(rows.map((r) => [r.vehicleId, { deviationSecs: r.deviationSecs, observedAt: r.observedAt }]));
  }

  /**
   * The predictions of a bus's stops ahead, from its state: the same on every instance, made when read.
   * None for a bus silent, finished, or not on a trip of the timetable.
   */
  #predict(plan: TripPlan, dayStart: number, v: VehicleState, travel: Learned | undefined): PredictedStop[] {
    if (v.finished || v.deviationSecs === null || v.flags.includes('silent')) return [];
    const current = plan.stops.findIndex((s) => s.sequence === v.stopSequence);
    if (current < 0) return [];
    const next = v.status === 'STOPPED_AT' ? current + 1 : current;
    const observedAt = v.observedAt.getTime();
    if (travel && v.shapeDist !== null) {
      // A bus standing early at a timepoint or its first stop leaves at its time.
      const at = plan.stops[current];
      const leaves =
        v.status === 'STOPPED_AT' && at && (at.timepoint || current === 0)
          ? Math.max(observedAt, dayStart + at.departure * 1000)
          : observedAt;
      const learned = predictFromTravelTimes(
        plan.stops,
        dayStart,
        next,
        v.shapeDist,
        leaves,
        travel.times,
        travel.hourOf,
      );
      if (learned) return learned;
    }
    // Standing at the first stop or a timepoint, the bus leaves at its time, not before: what lies
    // ahead is predicted from then (nothing is reached before it leaves).
    const at = plan.stops[current];
    if (v.status === 'STOPPED_AT' && at && (current === 0 || at.timepoint)) {
      const due = dayStart + at.departure * 1000;
      const leaves = Math.max(observedAt, due);
      return predictStops(dayStart, Math.round((leaves - due) / 1000), plan.stops.slice(next), leaves);
    }
    return predictStops(dayStart, v.deviationSecs, plan.stops.slice(next), observedAt);
  }

  /** Learns the running times between stops from the tenant's recorded arrivals (a job; reads do it when due). */
  async learnTravelTimes(tenant: string): Promise<number> {
    const table = await this.timetable(tenant);
    if (!table) return 0;
    const since = new Date(this.#now().getTime() - LEARN_FROM_MS);
    const rows = await store.travelTimes(this.#db, tenant, table.timezone, since, LEARN_AT_LEAST);
    const times = new Map<string, number>();
    for (const r of rows) {
      const hour = r.hour ?? undefined;
      times.set(r.to === null ? dwellKey(r.from, hour) : travelKey(r.from, r.to, hour), r.secs);
    }
    const offsets = new Map<number, number>();
    const hourOf = (at: number) => {
      const bucket = Math.floor(at / 3600_000);
      let offset = offsets.get(bucket);
      if (offset === undefined) offsets.set(bucket, (offset = offsetAt(table.timezone, at)));
      return new Date(at + offset).getUTCHours();
    };
    this.#travel.set(tenant, { times, hourOf, learnedAt: Date.now() });
    return times.size;
  }

  async #learned(tenant: string): Promise<Learned | undefined> {
    const known = this.#travel.get(tenant);
    if (known && Date.now() - known.learnedAt < LEARN_EVERY_MS) return known;
    // Learned by one reader at a time; the others use what is known meanwhile.
    if (!this.#learning.has(tenant)) {
      const learning = this.learnTravelTimes(tenant).finally(() => this.#learning.delete(tenant));
      this.#learning.set(tenant, learning);
      if (!known) await learning;
    }
    return this.#travel.get(tenant);
  }

  /** A bus's predictions as rows, on the tenant's current timetable. */
  #rowsOf(table: Timetable, v: VehicleState, travel: Learned | undefined): store.LivePredictionRow[] {
    const plan = v.tripId ? table.planOf(v.tripId, v.startTime) : undefined;
    if (!plan || !v.serviceDate) return [];
    const dayStart = serviceDayStart(table.timezone, v.serviceDate);
    return this.#predict(plan, dayStart, v, travel).map((p) => ({
      tripId: plan.id,
      serviceDate: v.serviceDate as string,
      stopSequence: p.stop.sequence,
      stopId: p.stop.stopId,
      routeId: plan.routeId,
      directionId: plan.directionId ?? null,
      startTime: v.startTime,
      vehicleId: v.vehicleId,
      arrival: new Date(p.arrival),
      departure: new Date(p.departure),
      delaySecs: p.delay,
      madeAt: v.observedAt,
    }));
  }

  /** Predictions at a stop, or at any of a station's stops (read together: a station may have hundreds). */
  async atStop(
    tenant: string,
    stop: string | readonly string[],
    from: Date,
    until: Date,
  ): Promise<readonly StopPrediction[]> {
    const table = await this.timetable(tenant);
    if (!table) return [];
    const stops = new Set(typeof stop === 'string' ? [stop] : stop);
    const trips = [...new Set([...stops].flatMap((s) => table.tripsByStop.get(s) ?? []))];
    if (trips.length === 0) return [];
    const since = new Date(this.#now().getTime() - LIVE_WITHIN_MS);
    const travel = await this.#learned(tenant);
    const out: StopPrediction[] = [];
    for (const v of await store.vehiclesOnTrips(this.#db, tenant, trips, since)) {
      for (const r of this.#rowsOf(table, v, travel)) {
        if (!stops.has(r.stopId) || r.arrival < from || r.arrival > until) continue;
        out.push({
          tripId: r.tripId,
          startDate: r.serviceDate,
          stopSequence: r.stopSequence,
          stopId: r.stopId,
          startTime: r.startTime,
          arrival: r.arrival,
          departure: r.departure,
          delaySeconds: r.delaySecs,
          vehicleId: feedVehicle(r.vehicleId).id,
        });
      }
    }
    return out.sort((a, b) => a.arrival.getTime() - b.arrival.getTime() || a.tripId.localeCompare(b.tripId));
  }

  accuracy(tenant: string, filter: { routeId?: string | undefined; since: Date }) {
    return store.accuracy(this.#db, tenant, filter);
  }

  /** VehiclePositions: the vehicles heard from in the last 90 s. */
  async vehiclePositions(tenant: string): Promise<VehiclePositionInput[]> {
    const since = new Date(this.#now().getTime() - LIVE_WITHIN_MS);
    const states = await store.listVehicles(this.#db, tenant, { observedSince: since });
    const names = feedNames(states.map((v) => v.vehicleId));
    return states.map((v) => ({
      vehicle: feedVehicle(v.vehicleId, v, names),
      ...(v.tripId && v.serviceDate
        ? {
            trip: {
              tripId: v.tripId,
              ...(v.routeId ? { routeId: v.routeId } : {}),
              ...(v.directionId === 0 || v.directionId === 1 ? { directionId: v.directionId } : {}),
              ...(v.startTime ? { startTime: v.startTime } : {}),
              startDate: v.serviceDate,
              scheduleRelationship: 'SCHEDULED' as const,
            },
          }
        : {}),
      position: {
        lat: v.lat,
        lon: v.lon,
        ...(v.heading !== null && v.heading >= 0 && v.heading <= 360 ? { bearing: v.heading } : {}),
        ...(v.speedKmh !== null && v.speedKmh >= 0 ? { speed: v.speedKmh / 3.6 } : {}),
      },
      ...(v.tripId && v.stopSequence !== null ? { currentStopSequence: v.stopSequence } : {}),
      ...(v.tripId && v.stopId ? { stopId: v.stopId } : {}),
      ...(v.tripId && v.status ? { currentStatus: v.status } : {}),
      timestamp: v.observedAt,
    }));
  }

  /** TripUpdates: the trips with predictions made in the last 90 s. */
  async tripUpdates(tenant: string): Promise<TripUpdateInput[]> {
    const table = await this.timetable(tenant);
    if (!table) return [];
    const since = new Date(this.#now().getTime() - LIVE_WITHIN_MS);
    // One bus per run (trip, service day, start): the one heard last.
    const latest = new Map<string, VehicleState>();
    const heard = await store.listVehicles(this.#db, tenant, { observedSince: since });
    // Named as in VehiclePositions: over every bus heard, not only those with a trip.
    const names = feedNames(heard.map((v) => v.vehicleId));
    for (const v of heard) {
      if (!v.tripId || !v.serviceDate) continue;
      const key = runKey(v.tripId, v.serviceDate, v.startTime);
      const seen = latest.get(key);
      if (!seen || seen.observedAt < v.observedAt) latest.set(key, v);
    }
    const travel = await this.#learned(tenant);
    return tripUpdatesOf(
      [...latest.values()].map((v) => ({ vehicle: v, rows: this.#rowsOf(table, v, travel) })),
      names,
    );
  }
}

/** The GTFS-Realtime feeds' source: vehicles and trip updates from the live buses, alerts from the caller. */
export function liveFeedSource(
  live: LiveVehicles,
  { alerts }: { alerts: (tenant: string) => Promise<readonly ServiceAlertInput[]> },
): RealtimeSource {
  return {
    vehicles: (tenant) => live.vehiclePositions(tenant),
    tripUpdates: (tenant) => live.tripUpdates(tenant),
    alerts,
  };
}

/**
 * Each trip's predictions (in stop order) made into its TripUpdate, naming the bus that serves it; a trip
 * without any is left out.
 */
export function tripUpdatesOf(
  trips: readonly { vehicle: VehicleState; rows: readonly store.LivePredictionRow[] }[],
  names: ReadonlyMap<string, string> = new Map(),
): TripUpdateInput[] {
  const out: TripUpdateInput[] = [];
  for (const { vehicle, rows: group } of trips) {
    const first = group[0];
    if (!first) continue;
    out.push({
      trip: {
        tripId: first.tripId,
        routeId: first.routeId,
        ...(first.directionId === 0 || first.directionId === 1 ? { directionId: first.directionId } : {}),
        ...(first.startTime ? { startTime: first.startTime } : {}),
        startDate: first.serviceDate,
        scheduleRelationship: 'SCHEDULED',
      },
      vehicle: feedVehicle(first.vehicleId, vehicle, names),
      stopTimeUpdates: group.map((p) => ({
        stopSequence: p.stopSequence,
        stopId: p.stopId,
        arrival: { time: p.arrival, delay: p.delaySecs },
        departure: { time: p.departure },
      })),
      timestamp: first.madeAt,
      delay: first.delaySecs,
    });
  }
  return out;
}

function describeFlag(flag: VehicleFlag, s: VehicleState): string {
  const trip = s.tripId ? ` on trip ${s.tripId} (route ${s.routeId ?? '?'})` : '';
  switch (flag) {
    case 'off-route':
      return `Reported ${Math.round(s.offsetM ?? 0)} m from its route's path for several readings in a row${trip}.`;
    case 'stopped-too-long':
      return `Standing still since ${s.stoppedSince?.toISOString() ?? '?'} away from a terminus${trip}.`;
    case 'silent':
      return `No reading since ${s.observedAt.toISOString()}${trip}, which is not finished.`;
  }
}
