import type { AlarmJson, Severity } from './api';
import { alarmWords } from './alarm-words';
import { hasKey, type Translate } from './i18n';

/**
 * The open alarms as the server lists them: what is in alarm now first, then what has returned to
 * normal but is still to acknowledge; within each, most severe first, then newest.
 */
const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };
/** As many as the server sends when the stream opens. */
const MAX = 200;

const stateRank = (a: AlarmJson): number =>
  a.state.startsWith('active-') ? 0 : a.state === 'cleared-unacknowledged' ? 1 : 2;

const order = (a: AlarmJson, b: AlarmJson): number =>
  stateRank(a) - stateRank(b) ||
  RANK[a.severity] - RANK[b.severity] ||
  b.raisedAt.localeCompare(a.raisedAt) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The list with one alarm as it is now: in its place, or gone once closed (cleared and acknowledged). */
export function withAlarm(list: readonly AlarmJson[], alarm: AlarmJson): AlarmJson[] {
  // An action's answer and the stream may bring the same alarm in either order: the newer one holds.
  const held = list.find((a) => a.id === alarm.id);
  if (held && held.updatedAt > alarm.updatedAt) return [...list];
  const others = list.filter((a) => a.id !== alarm.id);
  if (alarm.state === 'cleared') return others;
  return [...others, alarm].sort(order).slice(0, MAX);
}

/** ISA-18.2 shelved now: a shelf that has run out no longer hides the alarm. */
export const isShelved = (a: AlarmJson, now = Date.now()): boolean =>
  a.shelvedUntil !== null && Date.parse(a.shelvedUntil) > now;

export const isActive = (a: AlarmJson): boolean => a.state.startsWith('active-');

/** What the console shows: in alarm now, cleared but to acknowledge, shelved, all open, or the closed history. */
export type AlarmView = 'active' | 'toAcknowledge' | 'shelved' | 'open' | 'closed';
export type AlarmSort = 'priority' | 'newest' | 'oldest';

export interface AlarmFilter {
  readonly view: AlarmView;
  readonly severity: Severity | '';
  /** The condition's family: "air", "water", "noise", "manual"… */
  readonly type: string;
  readonly area: string;
  readonly sort: AlarmSort;
}

export const typeOf = (a: AlarmJson): string => a.condition.split(':')[0] ?? '';

/** The open alarms a filter shows (the closed history is asked of the server, page by page). */
export function shownAlarms(list: readonly AlarmJson[], f: AlarmFilter, now = Date.now()): AlarmJson[] {
  const shown = list.filter((a) => {
    const shelved = isShelved(a, now);
    if (f.view === 'active' && (shelved || !isActive(a))) return false;
    if (f.view === 'toAcknowledge' && (shelved || a.state !== 'cleared-unacknowledged')) return false;
    if (f.view === 'shelved' && !shelved) return false;
    if (f.severity && a.severity !== f.severity) return false;
    if (f.type && typeOf(a) !== f.type) return false;
    if (f.area && a.area !== f.area) return false;
    return true;
  });
  return sortAlarms(shown, f.sort);
}

export function sortAlarms(list: readonly AlarmJson[], sort: AlarmSort): AlarmJson[] {
  if (sort === 'priority') return [...list].sort(order);
  const sign = sort === 'newest' ? -1 : 1;
  return [...list].sort((a, b) => sign * a.raisedAt.localeCompare(b.raisedAt) || (a.id < b.id ? -1 : 1));
}

/** Counts for the header, kept apart as ISA-18.2 keeps them. */
export function alarmCounts(list: readonly AlarmJson[], now = Date.now()) {
  let active = 0;
  let toAcknowledge = 0;
  let shelved = 0;
  for (const a of list) {
    if (isShelved(a, now)) shelved++;
    else if (isActive(a)) active++;
    else if (a.state === 'cleared-unacknowledged') toAcknowledge++;
  }
  return { active, toAcknowledge, shelved };
}

const CSV_COLUMNS = [
  'id',
  'severity',
  'state',
  'title',
  'condition',
  'source',
  'area',
  'value',
  'threshold',
  'unit',
  'raisedAt',
  'receivedAt',
  'clearedAt',
  'acknowledgedAt',
  'acknowledgedBy',
  'assignee',
  'shelvedUntil',
  'shelveReason',
  'escalatedAt',
] as const;

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  // A cell a spreadsheet would run as a formula is kept as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The alarms as CSV (RFC 4180), one row each, in the order given. */
export function alarmsCsv(list: readonly AlarmJson[]): string {
  const rows = list.map((a) => CSV_COLUMNS.map((c) => cell(a[c])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/**
 * An alarm's title in the reader's language. The modules' conditions are known codes, so their words
 * come from the dictionaries; an operator's own alarm keeps the title it was given.
 */
export function titleOf(alarm: AlarmJson, t: Translate): string {
  const [family, what, period] = alarm.condition.split(':');
  const value = alarm.value ?? '';
  if (family === 'air' && what === 'aqi') return t('condition.aqi', { value });
  if (family === 'air' && what && period) {
    const key = `attr.${what}`;
    return t('condition.air', { pollutant: hasKey(key) ? t(key) : what.toUpperCase(), period });
  }
  if (family === 'water')
    return t(alarm.severity === 'critical' ? 'condition.water.danger' : 'condition.water.warning');
  if (family === 'noise') return t('condition.noise');
  const words = alarmWords(alarm.condition, alarm.params);
  if (words) return t(words.key, words.params);
  return alarm.title;
}
