/**
 * The city offices' working time: Monday–Friday 08:00–12:00 and 13:00–17:00 in Hanoi (UTC+7 all
 * year), except public holidays and their compensatory days, plus make-up working days. Time limits
 * for citizens' reports run in it. Arithmetic steps a day at a time (a day is two fixed periods), so a
 * clock costs a few hundred steps at most for a report months old.
 */
import { DAY_MS, HANOI_OFFSET_MS, dayOfDate } from '../hanoi-time.js';
import { daysOff, isWeekend } from './holidays.js';

export interface WorkCalendar {
  /** Working time is Mon–Fri 08:00–12:00 and 13:00–17:00 Asia/Ho_Chi_Minh (+07:00), except holidays; plus make-up working days. */
  isWorkingDay(date: string /* YYYY-MM-DD local */): boolean;
  /**
   * The earliest instant `minutes` working minutes after `from`; a start outside working time counts
   * from the next working minute, and a limit ending with a period ends at its close (08:00 + 240 → 12:00,
   * not 13:00). Negative minutes count backwards (the latest such instant). 0 returns `from`.
   */
  addWorkingMinutes(from: Date, minutes: number): Date;
  /** Working minutes from `from` to `to` (fractional below a minute); negative when to < from. */
  workingMinutesBetween(from: Date, to: Date): number;
  /**
   * The end (17:00) of the `days`-th working day after the local date of `from`. As for any time limit
   * in days (Civil Code 2015 Art. 147: the first day is not counted) and as one-stop-shop offices count
   * (the limit starts on the working day after receipt), the day of `from` never counts, whatever its
   * hour: submitted Monday 07:00 or 16:59 with 1 day → Tuesday 17:00; submitted Saturday → Monday
   * 17:00. 0 days gives the end of the first working day on or after the date of `from`.
   */
  addWorkingDays(from: Date, days: number): Date;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The day's working periods, as ms since local midnight. */
const PERIODS: readonly (readonly [number, number])[] = [
  [8 * HOUR_MS, 12 * HOUR_MS],
  [13 * HOUR_MS, 17 * HOUR_MS],
];
const DAY_WORK_MS = 8 * HOUR_MS;
const DAY_END_MS = 17 * HOUR_MS;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string, what: string): number {
  const day = DATE.test(date) ? dayOfDate(date) : NaN;
  if (!Number.isFinite(day) || new Date(day * DAY_MS).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${what}: "${date}" is not a date (YYYY-MM-DD)`);
  }
  return day;
}

/** Working ms of a working day before `ms` since local midnight. */
function workedBefore(ms: number): number {
  let worked = 0;
  for (const [start, end] of PERIODS) worked += Math.max(0, Math.min(ms, end) - start);
  return worked;
}

/**
 * The calendar of Hanoi's offices. `extra` (from the deployment's config): `holidays`, days off
 * beyond the law (a bridge day, a holiday past the lunar tables, a new statutory day); `workingDays`,
 * make-up working days (a Saturday worked in exchange for a bridge day). A date in both is a day off;
 * extra days off are taken as given (one on a weekend gives no compensatory day).
 */
export function vietnamCalendar(extra: { holidays?: string[]; workingDays?: string[] } = {}): WorkCalendar {
  const extraOff = new Set((extra.holidays ?? []).map((d) => dayNumber(d, 'extra holiday')));
  const extraOn = new Set((extra.workingDays ?? []).map((d) => dayNumber(d, 'make-up working day')));
  const offByYear = new Map<number, Set<number>>();

  const working = (day: number): boolean => {
    if (extraOff.has(day)) return false;
    if (extraOn.has(day)) return true;
    if (isWeekend(day)) return false;
    const year = new Date(day * DAY_MS).getUTCFullYear();
    let off = offByYear.get(year);
    if (!off) offByYear.set(year, (off = daysOff(year)));
    return !off.has(day);
  };

  /** Day number and ms since local midnight of an instant. */
  const local = (at: Date): [day: number, ms: number] => {
    const t = at.getTime() + HANOI_OFFSET_MS;
    if (!Number.isFinite(t)) throw new RangeError('working time: an invalid date');
    const day = Math.floor(t / DAY_MS);
    return [day, t - day * DAY_MS];
  };
  const instant = (day: number, ms: number) => new Date(day * DAY_MS + ms - HANOI_OFFSET_MS);

  /** Working ms between two instants, from ≤ to. */
  const workedBetween = (from: Date, to: Date): number => {
    const [d0, m0] = local(from);
    const [d1, m1] = local(to);
    if (d0 === d1) return working(d0) ? workedBefore(m1) - workedBefore(m0) : 0;
    let worked = working(d0) ? DAY_WORK_MS - workedBefore(m0) : 0;
    for (let d = d0 + 1; d < d1; d++) if (working(d)) worked += DAY_WORK_MS;
    if (working(d1)) worked += workedBefore(m1);
    return worked;
  };

  const forward = (from: Date, ms: number): Date => {
    let [day, at] = local(from);
    let left = ms;
    for (;;) {
      if (working(day)) {
        const rest = DAY_WORK_MS - workedBefore(at);
        if (left <= rest) {
          for (const [start, end] of PERIODS) {
            const begin = Math.max(start, at);
            if (begin >= end) continue;
            if (left <= end - begin) return instant(day, begin + left);
            left -= end - begin;
          }
        }
        left -= rest;
      }
      day++;
      at = 0;
    }
  };

  const backward = (from: Date, ms: number): Date => {
    let [day, at] = local(from);
    let left = ms;
    for (;;) {
      if (working(day)) {
        const rest = workedBefore(at);
        if (left <= rest) {
          for (let i = PERIODS.length - 1; i >= 0; i--) {
            const [start, end] = PERIODS[i]!;
            const finish = Math.min(end, at);
            if (finish <= start) continue;
            if (left <= finish - start) return instant(day, finish - left);
            left -= finish - start;
          }
        }
        left -= rest;
      }
      day--;
      at = DAY_MS;
    }
  };

  return {
    isWorkingDay: (date) => working(dayNumber(date, 'working day')),
    addWorkingMinutes(from, minutes) {
      if (!Number.isFinite(minutes)) throw new RangeError(`working minutes: ${minutes} is not a number`);
      if (minutes === 0) return new Date(from.getTime());
      return minutes > 0 ? forward(from, minutes * MINUTE_MS) : backward(from, -minutes * MINUTE_MS);
    },
    workingMinutesBetween(from, to) {
      return from.getTime() <= to.getTime()
        ? workedBetween(from, to) / MINUTE_MS
        : -workedBetween(to, from) / MINUTE_MS;
    },
    addWorkingDays(from, days) {
      if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days: ${days} is not a whole number ≥ 0`);
      let [day] = local(from);
      if (days === 0) {
        while (!working(day)) day++;
        return instant(day, DAY_END_MS);
      }
      for (let counted = 0; counted < days;) if (working(++day)) counted++;
      return instant(day, DAY_END_MS);
    },
  };
}
