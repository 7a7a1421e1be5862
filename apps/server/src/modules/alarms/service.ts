import { randomUUID } from 'node:crypto';
import { isUuid } from '../../platform/ids.js';
import type { ContextResolver, ContextService, Entity, Instance } from '../../context/index.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { AppError, problems } from '../../platform/errors.js';
import type { Logger } from 'pino';
import type { EscalationSender } from './escalation.js';
import {
  isShelved,
  OPEN_STATES,
  SEVERITIES,
  SHELVE_MINUTES,
  type Alarm,
  type AlarmCondition,
  type AlarmEvent,
  type AlarmState,
  type Severity,
} from './model.js';
import * as store from './store.js';

/**
 * The alarm lifecycle of ISA-18.2. A condition raises an alarm (active-unacknowledged). An operator
 * acknowledges it (active-acknowledged). It clears by itself when its condition returns to normal
 * (cleared-unacknowledged, or cleared when it was acknowledged), and closes once both have happened.
 * Raising an open alarm's condition again updates it, so a condition never has two open alarms.
 * Every alarm is mirrored as an NGSI-LD entity `urn:ngsi-ld:Alarm:<id>`, in the transaction that
 * writes the alarm (the table and the map never disagree), so the map, subscriptions
 * and the live event stream see alarms like anything else in the city.
 */

export const ALARM_TYPE = 'Alarm';
export const entityIdOf = (id: string): string => `urn:ngsi-ld:Alarm:${id}`;
const MAX_COMMENT = 2000;

export const alarmErrors = {
  notFound: (id: string) => problems.notFound('Alarm', id),
  clearsItself: (id: string) =>
    new AppError(
      'ALARM_CLEARS_ITSELF',
      409,
      `Alarm ${id} clears by itself when its condition returns to normal; acknowledge it instead.`,
    ),
  unknownAssignee: (name: string) => problems.badRequest('ALARM_UNKNOWN_ASSIGNEE', `There is no user "${name}".`),
  badComment: () => problems.badRequest('ALARM_BAD_COMMENT', `A comment is 1 to ${MAX_COMMENT} characters.`),
  notShelvable: (id: string) =>
    new AppError('ALARM_NOT_SHELVABLE', 409, `Alarm ${id} is closed: only an open alarm can be shelved.`),
  badShelve: () =>
    problems.badRequest(
      'ALARM_BAD_SHELVE',
      `Shelve for ${SHELVE_MINUTES.min} to ${SHELVE_MINUTES.max} minutes, with a reason of 1 to 500 characters.`,
    ),
};

/** One alarm of a bulk action: done, or why not (the others are done all the same). */
export type BulkResult =
  | { readonly id: string; readonly ok: true; readonly alarm: Alarm }
  | {
      readonly id: string;
      readonly ok: false;
      readonly status: number;
      readonly code: string;
      readonly detail: string;
    };

/** Someone an alarm can be assigned to: an active account of the tenant that may act on alarms. */
export interface Assignee {
  readonly username: string;
  readonly roles: readonly string[];
}

export interface AlarmView extends Alarm {
  readonly journal?: readonly AlarmEvent[];
}

export class AlarmService {
  readonly #db: Database;
  readonly #context: ContextService;
  readonly #resolver: ContextResolver;
  readonly #assignees: (tenant: string) => Promise<Assignee[]>;

  constructor(deps: {
    db: Database;
    context: ContextService;
    resolver: ContextResolver;
    /** The tenant's active accounts that may act on alarms. */
    assignees: (tenant: string) => Promise<Assignee[]>;
  }) {
    this.#db = deps.db;
    this.#context = deps.context;
    this.#resolver = deps.resolver;
    this.#assignees = deps.assignees;
  }

  /** A condition is (still) present: raises its alarm, or updates the open one. */
  async raise(c: AlarmCondition): Promise<Alarm> {
    const now = new Date();
    let published: (() => void) | undefined;
    const alarm = await this.#db.transaction(async (tx) => {
      // Two rounds: the open alarm may close between the insert that met it and the read that locks it.
      for (let round = 0; ; round++) {
        const inserted = await store.insertAlarm(tx, randomUUID(), c, now);
        if (inserted) {
          // The journal keeps the condition's time, as the alarm does; when it arrived later, it says so.
          await this.#event(tx, inserted.id, c.at, 'raised', c.raisedBy ?? null, c.description ?? null, {
            severity: c.severity,
            value: c.value ?? null,
            threshold: c.threshold ?? null,
            ...arrived(c.at, now),
          });
          published = await this.#mirror(tx, inserted);
          return inserted;
        }
        const open = await store.findOpenAlarm(tx, c.tenant, c.source, c.condition);
        if (!open) {
          if (round === 0) continue;
          throw new Error('the open alarm of this condition keeps closing');
        }
        const reactivated = open.state === 'cleared-unacknowledged';
        const changedSeverity = open.severity !== c.severity;
        // ISA-18.2: a shelved alarm whose severity changes comes back to the operator.
        const unshelve = changedSeverity && open.shelvedUntil !== null;
        // A condition that goes on as it was is not news: the alarm is written again only when it
        // changes in substance, or every few minutes to keep its value current.
        if (!reactivated && !changedSeverity && c.title === open.title && !valueMoved(open, c, now)) {
          return open;
        }
        const saved = await store.saveAlarm(tx, {
          ...open,
          severity: c.severity,
          state: reactivated ? 'active-unacknowledged' : open.state,
          clearedAt: reactivated ? null : open.clearedAt,
          title: c.title,
          description: c.description ?? open.description,
          params: c.params ?? open.params,
          value: c.value ?? open.value,
          threshold: c.threshold ?? open.threshold,
          unit: c.unit ?? open.unit,
          location: c.location ?? open.location,
          area: c.area ?? open.area,
          updatedAt: now,
          ...(unshelve ? { shelvedUntil: null, shelvedBy: null, shelveReason: null } : {}),
        });
        const at = c.at.getTime() <= now.getTime() ? c.at : now;
        if (reactivated) {
          await this.#event(tx, open.id, at, 'reactivated', null, null, {
            value: c.value ?? null,
            ...arrived(at, now),
          });
        } else if (changedSeverity) {
          await this.#event(tx, open.id, at, 'severity', null, null, {
            from: open.severity,
            to: c.severity,
            ...arrived(at, now),
          });
        }
        if (unshelve) await this.#event(tx, open.id, now, 'unshelved', null, null, { because: 'severity' });
        published = await this.#mirror(tx, saved);
        return saved;
      }
    });
    published?.();
    return alarm;
  }

  /** A condition has returned to normal: its open alarm clears (and closes if it was acknowledged). */
  async clear(tenant: string, source: string, condition: string, at: Date): Promise<Alarm | null> {
    // Most readings are normal: no alarm to clear, and no transaction to open for it.
    if (!(await store.hasOpenAlarm(this.#db, tenant, source, condition))) return null;
    const now = new Date();
    let published: (() => void) | undefined;
    const alarm = await this.#db.transaction(async (tx) => {
      const open = await store.findOpenAlarm(tx, tenant, source, condition);
      if (!open || open.state === 'cleared-unacknowledged') return null;
      const saved = await store.saveAlarm(tx, {
        ...open,
        state: open.state === 'active-acknowledged' ? 'cleared' : 'cleared-unacknowledged',
        clearedAt: at,
        updatedAt: now,
      });
      await this.#event(tx, open.id, at, 'cleared', null, null, { at: at.toISOString(), ...arrived(at, now) });
      published = await this.#mirror(tx, saved);
      return saved;
    });
    published?.();
    return alarm;
  }

  /** The conditions of a source in alarm now: a watcher clears only these, in one read per reading. */
  openConditions(tenant: string, source: string): Promise<Set<string>> {
    return store.openConditions(this.#db, tenant, source);
  }

  /** An operator has seen it. Acknowledging twice changes nothing. */
  async acknowledge(tenant: string, id: string, actor: string): Promise<Alarm> {
    return this.#change(tenant, id, async (tx, a, now) => {
      const next: Partial<Record<AlarmState, AlarmState>> = {
        'active-unacknowledged': 'active-acknowledged',
        'cleared-unacknowledged': 'cleared',
      };
      const state = next[a.state];
      if (!state) return a;
      await this.#event(tx, a.id, now, 'acknowledged', actor, null, null);
      return { ...a, state, acknowledgedAt: now, acknowledgedBy: actor, updatedAt: now };
    });
  }

  async assign(tenant: string, id: string, assignee: string | null, actor: string): Promise<Alarm> {
    if (assignee !== null && !(await this.#assignees(tenant)).some((u) => u.username === assignee)) {
      throw alarmErrors.unknownAssignee(assignee);
    }
    return this.#change(tenant, id, async (tx, a, now) => {
      await this.#event(tx, a.id, now, 'assigned', actor, null, { assignee });
      return { ...a, assignee, updatedAt: now };
    });
  }

  async comment(tenant: string, id: string, text: string, actor: string): Promise<Alarm> {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_COMMENT) throw alarmErrors.badComment();
    return this.#change(tenant, id, async (tx, a, now) => {
      await this.#event(tx, a.id, now, 'comment', actor, trimmed, null);
      return { ...a, updatedAt: now };
    });
  }

  /** An operator clears an alarm an operator raised; conditions' alarms clear themselves. */
  async clearManual(tenant: string, id: string, actor: string): Promise<Alarm> {
    return this.#change(tenant, id, async (tx, a, now) => {
      if (!a.condition.startsWith('manual:')) throw alarmErrors.clearsItself(id);
      if (a.state !== 'active-unacknowledged' && a.state !== 'active-acknowledged') return a;
      await this.#event(tx, a.id, now, 'cleared', actor, null, null);
      return {
        ...a,
        state: a.state === 'active-acknowledged' ? 'cleared' : 'cleared-unacknowledged',
        clearedAt: now,
        updatedAt: now,
      };
    });
  }

  async get(tenant: string, id: string): Promise<AlarmView> {
    const alarm = isUuid(id) ? await store.findAlarm(this.#db, tenant, id) : null;
    if (!alarm) throw alarmErrors.notFound(id);
    return { ...alarm, journal: await store.eventsOf(this.#db, id) };
  }

  /** An alarm as it is now, without its journal; null when the tenant has none by that id. */
  find(tenant: string, id: string): Promise<Alarm | null> {
    return isUuid(id) ? store.findAlarm(this.#db, tenant, id) : Promise.resolve(null);
  }

  list(tenant: string, filter: store.AlarmFilter) {
    return store.listAlarms(this.#db, tenant, filter, new Date());
  }

  /** Who alarms of the tenant can be assigned to. */
  assignees(tenant: string): Promise<Assignee[]> {
    return this.#assignees(tenant);
  }

  /** Acknowledges each alarm in its own transaction: one that fails is reported and spoils none of the others. */
  async acknowledgeMany(tenant: string, ids: readonly string[], actor: string): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const id of new Set(ids)) {
      try {
        results.push({ id, ok: true, alarm: await this.acknowledge(tenant, id, actor) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        results.push({ id, ok: false, status: err.status, code: err.code, detail: err.message });
      }
    }
    return results;
  }

  /** ISA-18.2 shelving: hidden from the active list for a while, with a reason; lifted when it runs out. */
  async shelve(tenant: string, id: string, minutes: number, reason: string, actor: string): Promise<Alarm> {
    const why = reason.trim();
    if (!Number.isInteger(minutes) || minutes < SHELVE_MINUTES.min || minutes > SHELVE_MINUTES.max) {
      throw alarmErrors.badShelve();
    }
    if (why.length === 0 || why.length > 500) throw alarmErrors.badShelve();
    return this.#change(tenant, id, async (tx, a, now) => {
      if (a.state === 'cleared') throw alarmErrors.notShelvable(id);
      const until = new Date(now.getTime() + minutes * 60_000);
      await this.#event(tx, a.id, now, 'shelved', actor, why, { until: until.toISOString(), minutes });
      return { ...a, shelvedUntil: until, shelvedBy: actor, shelveReason: why, updatedAt: now };
    });
  }

  /** Back on the active list before the shelf runs out. Unshelving one not shelved changes nothing. */
  async unshelve(tenant: string, id: string, actor: string | null): Promise<Alarm> {
    return this.#change(tenant, id, async (tx, a, now) => {
      if (a.shelvedUntil === null) return a;
      const expired = !isShelved(a, now);
      await this.#event(tx, a.id, now, 'unshelved', actor, null, expired ? { because: 'expired' } : null);
      return { ...a, shelvedUntil: null, shelvedBy: null, shelveReason: null, updatedAt: now };
    });
  }

  /** Lifts the shelves that have run out (the worker's job). */
  async unshelveExpired(): Promise<number> {
    const due = await store.expiredShelves(this.#db, new Date());
    for (const { tenant, id } of due) await this.unshelve(tenant, id, null);
    return due.length;
  }

  /**
   * Escalates the critical alarms left unacknowledged for `afterMs` since they arrived, each once: the
   * claim is made in the database, so several instances (or one restarted) never send one twice.
   */
  async escalate(sender: EscalationSender, afterMs: number, log: Logger): Promise<Alarm[]> {
    const now = new Date();
    const published: (() => void)[] = [];
    const escalated = await this.#db.transaction(async (tx) => {
      const claimed = await store.claimEscalations(tx, new Date(now.getTime() - afterMs), now, 100);
      for (const a of claimed) {
        const waitedMinutes = Math.round((now.getTime() - a.receivedAt.getTime()) / 60_000);
        const to = await sender.send(tx, a, { waitedMinutes, log });
        await this.#event(tx, a.id, now, 'escalated', null, null, { to, waitedMinutes });
        published.push(await this.#mirror(tx, a));
      }
      return claimed;
    });
    for (const p of published) p();
    return escalated;
  }

  /** What the outbox sender has sent for the tenant, oldest first. */
  outbox(tenant: string) {
    return store.outbox(this.#db, tenant);
  }

  /** Open alarms by severity in every tenant, for metrics. */
  openBySeverity(): Promise<Record<Severity, number>> {
    return store.openBySeverity(this.#db);
  }

  /** For the header: open alarms by severity, and how many are unacknowledged. */
  async summary(tenant: string) {
    const rows = await store.openCounts(this.#db, tenant, new Date());
    const zero = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const bySeverity = zero();
    const activeBySeverity = zero();
    let unacknowledged = 0;
    let open = 0;
    // Kept apart as ISA-18.2 keeps them: in alarm now, returned to normal but not yet seen, shelved.
    let active = 0;
    let toAcknowledge = 0;
    let shelved = 0;
    for (const r of rows) {
      bySeverity[r.severity] += r.count;
      open += r.count;
      if (r.state !== 'active-acknowledged') unacknowledged += r.count;
      if (r.shelved) shelved += r.count;
      else if (r.state === 'cleared-unacknowledged') toAcknowledge += r.count;
      else {
        active += r.count;
        activeBySeverity[r.severity] += r.count;
      }
    }
    return { open, unacknowledged, bySeverity, active, toAcknowledge, shelved, activeBySeverity };
  }

  async #change(
    tenant: string,
    id: string,
    apply: (tx: Sql, alarm: Alarm, now: Date) => Promise<Alarm>,
  ): Promise<Alarm> {
    if (!isUuid(id)) throw alarmErrors.notFound(id);
    const now = new Date();
    let published: (() => void) | undefined;
    const alarm = await this.#db.transaction(async (tx) => {
      const current = await store.findAlarm(tx, tenant, id, true);
      if (!current) throw alarmErrors.notFound(id);
      const next = await apply(tx, current, now);
      if (next === current) return current;
      const saved = await store.saveAlarm(tx, next);
      published = await this.#mirror(tx, saved);
      return saved;
    });
    published?.();
    return alarm;
  }

  #event(
    tx: Sql,
    alarmId: string,
    at: Date,
    kind: AlarmEvent['kind'],
    actor: string | null,
    text: string | null,
    data: Record<string, unknown> | null,
  ): Promise<void> {
    return store.addEvent(tx, alarmId, { at, kind, actor, text, data });
  }

  /**
   * The alarm as an entity, written in the transaction that writes the alarm: the map and the alarm
   * table never disagree. Resolves with what to call once the transaction committed.
   */
  async #mirror(tx: Sql, alarm: Alarm): Promise<() => void> {
    const terms = await this.#resolver.core();
    const name = (short: string) => terms.expand(short);
    const property = (value: unknown): Instance[] => [{ type: 'Property', value }];
    const attrs: Record<string, Instance[]> = {
      [name('severity')]: property(alarm.severity),
      [name('alarmState')]: property(alarm.state),
      [name('open')]: property(OPEN_STATES.includes(alarm.state)),
      // Always written (true or false), so the map hides a shelved alarm and shows it again when lifted.
      [name('shelved')]: property(isShelved(alarm, new Date())),
      [name('title')]: property(alarm.title),
      [name('condition')]: property(alarm.condition),
      [name('source')]: property(alarm.source),
      [name('raisedAt')]: property(alarm.raisedAt.toISOString()),
    };
    const optional: [string, unknown][] = [
      ['description', alarm.description],
      ['value', alarm.value],
      ['threshold', alarm.threshold],
      ['unit', alarm.unit],
      ['area', alarm.area],
      ['clearedAt', alarm.clearedAt?.toISOString() ?? null],
      ['acknowledgedBy', alarm.acknowledgedBy],
      ['assignee', alarm.assignee],
    ];
    for (const [short, value] of optional) if (value !== null) attrs[name(short)] = property(value);
    if (alarm.location) attrs[name('location')] = [{ type: 'GeoProperty', value: alarm.location }];
    if (alarm.source.startsWith('urn:')) {
      attrs[name('alarmSource')] = [{ type: 'Relationship', object: alarm.source }];
    }
    const entity: Entity = { id: entityIdOf(alarm.id), types: [name(ALARM_TYPE)], attrs };
    return this.#context.upsertInTransaction(tx, alarm.tenant, [entity]);
  }
}

/** How often a steady alarm's value is brought up to date. */
const REFRESH_MS = 5 * 60_000;

/** Has the value moved by a tenth of the threshold (or 10 % of itself), or is the alarm due a refresh? */
function valueMoved(open: Alarm, c: AlarmCondition, now: Date): boolean {
  if (now.getTime() - open.updatedAt.getTime() >= REFRESH_MS) return true;
  if (c.value === undefined || open.value === null) return c.value !== undefined;
  const scale = Math.abs(c.threshold ?? open.threshold ?? open.value) || 1;
  return Math.abs(c.value - open.value) >= 0.1 * scale;
}

/** When an event's time (the condition's) is not when it arrived: the arrival, for the journal. */
function arrived(at: Date, now: Date): { arrivedAt?: string } {
  return now.getTime() - at.getTime() >= 60_000 ? { arrivedAt: now.toISOString() } : {};
}

export const isSeverity = (s: string): s is Severity => (SEVERITIES as readonly string[]).includes(s);
