/** How the officers' and leaders' pages say times: pure, so they are tested without a browser. */

/** A working day of the city's calendar (08:00–12:00, 13:00–17:00), in hours. */
export const WORKING_DAY_HOURS = 8;

/**
 * Working hours (left or past) as whole and half working days, as the procedures state their limits
 * ("3 ngày làm việc", "1,5 ngày"), rounded down; null under a day, which is said in hours.
 */
export function workingDays(hours: number | null | undefined): number | null {
  if (hours === null || hours === undefined) return null;
  const days = Math.floor((Math.abs(hours) / WORKING_DAY_HOURS) * 2) / 2;
  return days >= 1 ? days : null;
}

/** English months as three letters, the same in every browser (ICU writes September "Sep" or "Sept"). */
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A month (YYYY-MM) as leaders read it: "11/2026" in Vietnamese, "Nov 2026" in English. */
export function monthWords(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m || m > 12) return month;
  if (locale.startsWith('vi')) return `${String(m).padStart(2, '0')}/${y}`;
  return `${MONTHS_EN[m - 1] ?? m} ${y}`;
}
