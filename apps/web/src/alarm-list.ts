import type { AlarmJson, Severity } from './api';

/** The open alarms as the server lists them: most severe first, then newest. */
const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };
/** As many as the server sends when the stream opens. */
const MAX = 200;

const order = (a: AlarmJson, b: AlarmJson): number =>
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
