/** Alarms: the ISA-18.2 states, severities by priority, and what raises one. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALARM_STATES = [
  'active-unacknowledged',
  'active-acknowledged',
  'cleared-unacknowledged',
  'cleared',
] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
/** Open: not yet both cleared and acknowledged. */
export const OPEN_STATES: readonly AlarmState[] = [
  'active-unacknowledged',
  'active-acknowledged',
  'cleared-unacknowledged',
];

/** An alarm's parameters: short names to short values. */
export type AlarmParams = Readonly<Record<string, string | number>>;

export interface Point {
  readonly type: 'Point';
  readonly coordinates: readonly [number, number];
}

export interface Alarm {
  readonly id: string;
  readonly tenant: string;
  /** What is in alarm: an entity id (a station, a gauge, a device) or another stable name. */
  readonly source: string;
  /** What is wrong with it, a stable code such as "pm25-24h-limit"; "manual:…" for operators' own. */
  readonly condition: string;
  readonly severity: Severity;
  readonly state: AlarmState;
  readonly title: string;
  readonly description: string | null;
  /** The values the condition's words take (an incident's number, a bus): pages word the title in their language. */
  readonly params: AlarmParams | null;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly unit: string | null;
  readonly location: Point | null;
  readonly area: string | null;
  readonly raisedAt: Date;
  readonly clearedAt: Date | null;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: string | null;
  readonly assignee: string | null;
  readonly raisedBy: string | null;
  readonly updatedAt: Date;
  /** When the alarm reached the city (raisedAt is its condition's time, older for a backfilled reading). */
  readonly receivedAt: Date;
  /** ISA-18.2 shelved: hidden from the active list until then (null: not shelved). */
  readonly shelvedUntil: Date | null;
  readonly shelvedBy: string | null;
  readonly shelveReason: string | null;
  /** When a critical alarm left unacknowledged was escalated (once per alarm). */
  readonly escalatedAt: Date | null;
}

export const ALARM_EVENT_KINDS = [
  'raised',
  'severity',
  'reactivated',
  'acknowledged',
  'assigned',
  'comment',
  'cleared',
  'shelved',
  'unshelved',
  'escalated',
] as const;
export type AlarmEventKind = (typeof ALARM_EVENT_KINDS)[number];

export interface AlarmEvent {
  readonly at: Date;
  readonly kind: AlarmEventKind;
  readonly actor: string | null;
  readonly text: string | null;
  readonly data: Record<string, unknown> | null;
}

/** A condition seen by a module (or an operator): raises its alarm, or updates the open one. */
export interface AlarmCondition {
  readonly tenant: string;
  readonly source: string;
  readonly condition: string;
  readonly severity: Severity;
  readonly title: string;
  readonly description?: string | undefined;
  /** The values the condition's words take; the title stays the words in one language, for mail and logs. */
  readonly params?: AlarmParams | undefined;
  readonly value?: number | undefined;
  readonly threshold?: number | undefined;
  readonly unit?: string | undefined;
  readonly location?: Point | undefined;
  readonly area?: string | undefined;
  /** When the condition was observed (a reading's time), not when it was processed. */
  readonly at: Date;
  readonly raisedBy?: string | undefined;
}

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Is the alarm shelved at that time? A shelf that has run out no longer hides it, even before the job lifts it. */
export const isShelved = (a: Pick<Alarm, 'shelvedUntil'>, now: Date): boolean =>
  a.shelvedUntil !== null && a.shelvedUntil.getTime() > now.getTime();

/** How long an alarm may be shelved: at least a few minutes, never past a shift. */
export const SHELVE_MINUTES = { min: 5, max: 12 * 60 } as const;
