/**
 * GTFS service days and their times as instants. A stop time is seconds from "noon minus 12 h" of the
 * service day in the agency's time zone, so 25:35:00 is the next morning, and on a day the clocks change
 * the count still starts from noon minus 12 h (GTFS Schedule reference, stop_times.txt).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: number, timeZone: string): { y: number; m: number; d: number; ms: number } {
  const parts: Record<string, number> = {};
  for (const p of formatOf(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const y = parts['year'] ?? 1970;
  const m = parts['month'] ?? 1;
  const d = parts['day'] ?? 1;
  const ms = Date.UTC(y, m - 1, d, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return { y, m, d, ms };
}

/** Milliseconds the zone's clock is ahead of UTC at the instant. */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone).ms - Math.floor(instant / 1000) * 1000;
}

/** A service day, YYYYMMDD. */
export type ServiceDay = string;

const DAY = /^(\d{4})(\d{2})(\d{2})$/;

export function isServiceDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.getUTCFullYear() === Number(m[1]) && t.getUTCMonth() + 1 === Number(m[2]) && t.getUTCDate() === Number(m[3]);
}

function partsOf(day: ServiceDay): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a service day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The instant a service day's times count from: noon minus 12 hours, local time. */
export function serviceDayOrigin(day: ServiceDay, timeZone: string): number {
  const [y, m, d] = partsOf(day);
  const guess = Date.UTC(y, m - 1, d, 12);
  let noon = guess - offsetAt(guess, timeZone);
  // Once more, should the offset at the guess differ from the one at local noon.
  noon = guess - offsetAt(noon, timeZone);
  return noon - 12 * 3_600_000;
}

/** The instant of a time of the service day (seconds, may pass 24:00:00). */
export function instantOf(day: ServiceDay, seconds: number, timeZone: string): Date {
  return new Date(serviceDayOrigin(day, timeZone) + seconds * 1000);
}

/** The local calendar date of an instant in the zone, as a service day. */
export function localDay(instant: Date | number, timeZone: string): ServiceDay {
  const { y, m, d } = wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

/** The day `n` days after (or before, negative) a service day. */
export function addDays(day: ServiceDay, n: number): ServiceDay {
  const [y, m, d] = partsOf(day);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** ISO date (YYYY-MM-DD) of a service day, as SQL takes it. */
export function isoDate(day: ServiceDay): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export function weekdayOf(day: ServiceDay): (typeof WEEKDAYS)[number] {
  const [y, m, d] = partsOf(day);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? 'sunday';
}
