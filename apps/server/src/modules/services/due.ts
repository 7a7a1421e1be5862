import type { WorkCalendar } from '../../platform/calendar/index.js';
import { hanoiDate } from '../../platform/hanoi-time.js';
import type { Timeliness } from './model.js';

/**
 * A dossier's due date and its timeliness, in the city's working time (platform/calendar).
 *
 * Due date = addWorkingDays(receivedAt, limitDays + extension days): the day of receipt does not
 * count (Civil Code 2015 Art. 147; the one-stop offices count from the working day after receipt)
 * and the limit ends at 17:00 of its last working day. While the applicant is asked for a supplement
 * the clock stands still (Decree 118/2025: the time to complete a dossier is not the agency's): the
 * working minutes between the request and the supplement are added after the days with
 * addWorkingMinutes, so a pause of a whole working day moves the due date a whole working day, and a
 * pause of two hours moves a 17:00 due date to 10:00 of the next working day. A pause still open
 * counts up to `now`.
 *
 * Timeliness of a return, against the (extended, paused) due date: a time limit in days ends at the
 * end (24:00) of its last day (Civil Code 2015 Art. 148), so the result handed over on the due date's
 * day, at whatever hour, is on time; on an earlier day it is early (Decree 118's "trước hạn"); on a
 * later day it is late. Days are Hanoi's calendar days.
 */

export interface Pause {
  readonly from: string | Date;
  readonly to?: string | Date | undefined;
}

export interface ClockFacts {
  readonly receivedAt: string | Date;
  readonly limitDays: number;
  /** The days of every extension (form 04), added up. */
  readonly extensionDays: number;
  readonly pauses: readonly Pause[];
}

const at = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));

/** Working minutes the clock stood still (open pauses up to now). */
export function pausedMinutes(calendar: WorkCalendar, pauses: readonly Pause[], now: Date): number {
  let minutes = 0;
  for (const p of pauses) {
    const to = p.to === undefined ? now : at(p.to);
    minutes += Math.max(0, calendar.workingMinutesBetween(at(p.from), to));
  }
  return minutes;
}

/**
 * Working days from an instant, halves included (the catalogue gives some steps and limits as 0.5
 * day): the whole days as addWorkingDays counts them, then the part as working time (half a day is
 * 4 working hours). A limit of only a part runs from the instant itself: half a day from Monday 10:00
 * is Monday 15:00 (the lunch hour does not count).
 */
export function addDays(calendar: WorkCalendar, from: Date, days: number): Date {
  if (!(days >= 0)) throw new RangeError(`working days: ${days} is not ≥ 0`);
  const whole = Math.floor(days);
  const part = days - whole;
  const base = whole === 0 && part > 0 ? from : calendar.addWorkingDays(from, whole);
  return part > 0 ? calendar.addWorkingMinutes(base, Math.round(part * 480)) : base;
}

/** The due date: limit and extensions in working days from the receipt, plus the paused working time. */
export function dueDate(calendar: WorkCalendar, c: ClockFacts, now: Date): Date {
  const days = addDays(calendar, at(c.receivedAt), c.limitDays + c.extensionDays);
  const paused = pausedMinutes(calendar, c.pauses, now);
  return paused > 0 ? calendar.addWorkingMinutes(days, paused) : days;
}

/** A handling step's own due date: its days from when it was handed the dossier. */
export function stepDueDate(calendar: WorkCalendar, handedAt: Date, days: number): Date {
  return addDays(calendar, handedAt, days);
}

/** Early (an earlier day), on time (the due date's day), late (a later day). */
export function timelinessOf(returnedAt: Date, due: Date): Timeliness {
  const returned = hanoiDate(returnedAt.getTime());
  const dueDay = hanoiDate(due.getTime());
  if (returned < dueDay) return 'early';
  return returned === dueDay ? 'on-time' : 'late';
}

/** Working hours left until the due date (negative once past it), to a tenth of an hour. */
export function workingHoursLeft(calendar: WorkCalendar, now: Date, due: Date): number {
  return Math.round(calendar.workingMinutesBetween(now, due) / 6) / 10;
}

/** Working days a dossier took, received → returned, in working days of 8 hours, to a hundredth. */
export function workingDaysTaken(calendar: WorkCalendar, receivedAt: Date, returnedAt: Date): number {
  return Math.round((calendar.workingMinutesBetween(receivedAt, returnedAt) / 480) * 100) / 100;
}
