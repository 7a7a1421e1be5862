import { gtfsRealtime } from '../realtime/bindings.js';
import type { AlertCause, AlertEffect, AlertSeverity, Bilingual } from '../realtime/model.js';

/** Service alerts as operators write them and riders read them. */

/** The enumerations of GTFS-Realtime 2.0, by name, as the binding in use knows them. */
export const ALERT_CAUSES = Object.keys(gtfsRealtime.Alert.Cause) as AlertCause[];
export const ALERT_EFFECTS = Object.keys(gtfsRealtime.Alert.Effect) as AlertEffect[];
export const ALERT_SEVERITIES = Object.keys(gtfsRealtime.Alert.SeverityLevel) as AlertSeverity[];

/** draft: written, not shown to riders; published: in the feed while in force or ahead; withdrawn: ended by hand. */
export const ALERT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Where an alert stands now, for the operator's list. */
export const ALERT_STATES = ['draft', 'upcoming', 'active', 'ended', 'withdrawn'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** A trip an alert is about: the trip of the current schedule, on one day or at one start if said. */
export interface AlertTrip {
  readonly tripId: string;
  /** `YYYYMMDD`. */
  readonly startDate?: string;
  /** `HH:MM:SS`, may pass 24:00:00. */
  readonly startTime?: string;
}

/** What an alert is about: at least one field; a direction goes with a route. */
export interface AlertEntity {
  readonly agencyId?: string;
  readonly routeId?: string;
  readonly routeType?: number;
  readonly directionId?: 0 | 1;
  readonly trip?: AlertTrip;
  readonly stopId?: string;
}

export interface AlertPeriod {
  readonly start?: Date;
  readonly end?: Date;
}

/** What an operator writes: a new alert, or the whole of an edited one. */
export interface AlertDraft {
  readonly status: Exclude<AlertStatus, 'withdrawn'>;
  readonly cause?: AlertCause;
  readonly effect?: AlertEffect;
  readonly severity?: AlertSeverity;
  readonly informedEntities: readonly AlertEntity[];
  readonly activePeriods: readonly AlertPeriod[];
  readonly header: Bilingual;
  readonly description?: Bilingual;
  readonly url?: Bilingual;
}

export interface ServiceAlert extends Omit<AlertDraft, 'status'> {
  /** Stable for the alert's life: its entity id in the ServiceAlerts feed. */
  readonly id: string;
  readonly status: AlertStatus;
  readonly state: AlertState;
  /** Counts edits; `If-Match: "<version>"` on an edit refuses a stale copy. */
  readonly version: number;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly updatedAt: Date;
  readonly updatedBy: string | null;
  readonly withdrawnAt: Date | null;
  readonly withdrawnBy: string | null;
}

/** Where an alert stands at `now`. */
export function stateOf(
  alert: { status: AlertStatus; activePeriods: readonly AlertPeriod[] },
  now: number,
): AlertState {
  if (alert.status !== 'published') return alert.status;
  const periods = alert.activePeriods;
  if (periods.length === 0) return 'active';
  if (periods.some((p) => (p.start?.getTime() ?? -Infinity) <= now && now < (p.end?.getTime() ?? Infinity))) {
    return 'active';
  }
  return periods.some((p) => (p.end?.getTime() ?? Infinity) > now) ? 'upcoming' : 'ended';
}

/** The end of an alert's last period: null when one has no end, or there are none (until withdrawn). */
export function endOf(periods: readonly AlertPeriod[]): Date | null {
  if (periods.length === 0 || periods.some((p) => p.end === undefined)) return null;
  return new Date(Math.max(...periods.map((p) => (p.end as Date).getTime())));
}
