/**
 * A report's two clocks in the city's working time: its department must receive it within 8 working
 * hours (urgent: 4) and resolve it within its service's working days (urgent: 4 working hours). Time
 * spent waiting on the reporter stops both clocks: each deadline moves on by the working time paused
 * before its event (a pause after a late receipt does not make the receipt on time).
 */
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { ReportClock, ReportLevel } from './model.js';

export const RECEIVE_WORKING_HOURS = 8;
export const URGENT_WORKING_HOURS = 4;

export interface ClockInput {
  level: ReportLevel;
  resolveWorkingDays: number;
  submittedAt: Date;
  receivedAt?: Date;
  closedAt?: Date;
  /** Periods waiting on the reporter; the last may be open (to undefined). */
  pauses: readonly { from: Date; to?: Date }[];
}

/** Working minutes paused before `until` (open pauses run to it; overlaps count once). */
function pausedBefore(pauses: ClockInput['pauses'], until: Date, calendar: WorkCalendar): number {
  const end = until.getTime();
  const spans = pauses
    .map((p) => [p.from.getTime(), Math.min(p.to?.getTime() ?? end, end)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let minutes = 0;
  let reached = -Infinity;
  for (const [from, to] of spans) {
    const start = Math.max(from, reached);
    if (to > start) minutes += calendar.workingMinutesBetween(new Date(start), new Date(to));
    reached = Math.max(reached, to);
  }
  return minutes;
}

/**
 * The clocks of a report at `now`. minutesLeft counts working minutes (rounded down) to the receipt
 * deadline until the report is received, then to the resolution deadline; it is negative exactly when
 * overdue. Open: overdue when a deadline not yet met has passed (a late
 * receipt, once made, no longer counts until closing). Closed: a report closed without being received
 * counts as received when closed; onTime when received by receiveBy and closed by resolveBy,
 * overdue otherwise.
 */
export function reportClock(input: ClockInput, now: Date, calendar: WorkCalendar): ReportClock {
  const { submittedAt, receivedAt, closedAt } = input;
  const urgent = input.level === 'urgent';
  const receiptMet = receivedAt ?? closedAt;
  const receiveBase = calendar.addWorkingMinutes(
    submittedAt,
    (urgent ? URGENT_WORKING_HOURS : RECEIVE_WORKING_HOURS) * 60,
  );
  const resolveBase = urgent
    ? calendar.addWorkingMinutes(submittedAt, URGENT_WORKING_HOURS * 60)
    : calendar.addWorkingDays(submittedAt, input.resolveWorkingDays);
  const receiveBy = calendar.addWorkingMinutes(receiveBase, pausedBefore(input.pauses, receiptMet ?? now, calendar));
  const resolveBy = calendar.addWorkingMinutes(resolveBase, pausedBefore(input.pauses, closedAt ?? now, calendar));
  const paused = !closedAt && input.pauses.some((p) => !p.to);
  const times = {
    receiveBy: receiveBy.toISOString(),
    ...(receivedAt && { receivedAt: receivedAt.toISOString() }),
    resolveBy: resolveBy.toISOString(),
    paused,
  };

  if (closedAt) {
    const onTime =
      (receivedAt ?? closedAt).getTime() <= receiveBy.getTime() && closedAt.getTime() <= resolveBy.getTime();
    return { ...times, closedAt: closedAt.toISOString(), overdue: !onTime, onTime };
  }
  const next = receivedAt ? resolveBy : receiveBy;
  const overdue = (!receivedAt && now.getTime() > receiveBy.getTime()) || now.getTime() > resolveBy.getTime();
  // Past a deadline out of working hours (17:30 after a 17:00 limit) no working minute has run yet: -1.
  const left = Math.floor(calendar.workingMinutesBetween(now, next));
  return { ...times, minutesLeft: overdue ? Math.min(-1, left) : left, overdue };
}

/** On-time rate of the closed reports among `clocks` (null when none is closed). */
export function onTimeRate(clocks: readonly ReportClock[]): { closed: number; onTime: number; rate: number | null } {
  let closed = 0;
  let onTime = 0;
  for (const clock of clocks) {
    if (clock.onTime === undefined) continue;
    closed++;
    if (clock.onTime) onTime++;
  }
  return { closed, onTime, rate: closed === 0 ? null : onTime / closed };
}
