/**
 * Vietnam's public holidays (Labour Code 2019, Art. 112 cl. 1) as Hanoi day numbers (days since
 * 1970-01-01, local), with the compensatory days off of Art. 111 cl. 3: a holiday falling on the weekly
 * rest day (Saturday or Sunday for the city's offices) is taken on the next working day.
 *
 * Tết and Hùng Kings' day follow the lunar calendar; the Prime Minister fixes each year which days
 * Tết takes and National Day's second day (Art. 112 cl. 3). The lunar dates come from tables, not
 * from an astronomical computation; a year past a table has no such holiday here and must be given
 * by the deployment (`extra.holidays`) until the table is extended.
 */
import { dayOfDate } from '../hanoi-time.js';

/**
 * Lunar new year's day (mùng 1 Tết), 2024–2035. Tết is 5 days: the last day of the old lunar year
 * and the first 4 days of the new one. To be checked against each year's government notice (the
 * Prime Minister may place the 5 days differently, e.g. 2 days before and 3 after).
 */
export const LUNAR_NEW_YEAR: Readonly<Record<number, string>> = {
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

/**
 * Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month), 2024–2030.
 * To be checked against each year's government notice.
 */
export const HUNG_KINGS_DAY: Readonly<Record<number, string>> = {
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

/** Whether the lunar tables hold the year (else its Tết and Hùng Kings' day must come from `extra`). */
export const lunarHolidaysKnown = (year: number): boolean => year in LUNAR_NEW_YEAR && year in HUNG_KINGS_DAY;

/**
 * National Day is 2 September plus one adjacent day, 1 or 3 September, chosen each year by the
 * Prime Minister. Years whose notice is known; other years follow `nationalDayPartner`.
 */
export const NATIONAL_DAY_PARTNER: Readonly<Record<number, string>> = {
  2024: '2024-09-03', // 2 Sep a Monday: 31 Aug – 3 Sep off
  2025: '2025-09-01', // 2 Sep a Tuesday: 30 Aug – 2 Sep off
  2026: '2026-09-03', // 2 Sep a Wednesday; to be checked against the 2026 notice
};

/**
 * The rule behind the notices of 2021–2025: 1 September when 2 September is a Tuesday, Friday or
 * Saturday (the pair then touches the weekend, or 1 Sep is the weekday before a Saturday holiday),
 * else 3 September. It reproduces 2021 (Thu → 3), 2022 (Fri → 1), 2023 (Sat → 1), 2024 (Mon → 3) and
 * 2025 (Tue → 1).
 */
export function nationalDayPartner(year: number): string {
  const known = NATIONAL_DAY_PARTNER[year];
  if (known) return known;
  const weekday = weekdayOf(dayOfDate(`${year}-09-02`));
  return weekday === 2 || weekday === 5 || weekday === 6 ? `${year}-09-01` : `${year}-09-03`;
}

/** 0 = Sunday … 6 = Saturday, for a Hanoi day number (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

export const isWeekend = (day: number): boolean => {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
};

/** The statutory holidays of one Gregorian year, as day numbers, ascending. */
export function statutoryHolidays(year: number): number[] {
  const days = new Set<number>();
  const add = (date: string) => days.add(dayOfDate(date));
  add(`${year}-01-01`);
  const tet = LUNAR_NEW_YEAR[year];
  if (tet) {
    const first = dayOfDate(tet);
    for (let d = first - 1; d <= first + 3; d++) days.add(d);
  }
  const hungKings = HUNG_KINGS_DAY[year];
  if (hungKings) add(hungKings);
  add(`${year}-04-30`);
  add(`${year}-05-01`);
  add(`${year}-09-02`);
  add(nationalDayPartner(year));
  return [...days].sort((a, b) => a - b);
}

/**
 * The statutory holidays of a year and their compensatory days: each holiday on a Saturday or Sunday
 * gives one day off on the next weekday that is neither a holiday nor already a compensatory day
 * (so Tết over a weekend gives as many days after it as it had weekend days).
 */
export function daysOff(year: number): Set<number> {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays);
  for (const day of holidays) {
    if (!isWeekend(day)) continue;
    let next = day + 1;
    while (isWeekend(next) || off.has(next)) next++;
    off.add(next);
  }
  return off;
}
