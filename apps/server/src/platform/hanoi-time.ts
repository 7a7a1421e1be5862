/** Hanoi's local time (UTC+7 all year, no daylight saving): days, hours and clock readings. */

/** Hanoi keeps UTC+7 all year. */
export const HANOI_OFFSET_MS = 7 * 3600_000;
export const DAY_MS = 86_400_000;

export interface LocalTime {
  /** Days since 1970-01-01, local. */
  readonly day: number;
  /** 0 = January. */
  readonly month: number;
  /** Fractional hour of the local day, 0 ≤ hour < 24. */
  readonly hour: number;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  /** Hours since the epoch: the step of hourly processes. */
  readonly hourIndex: number;
}

export function hanoiTime(ms: number): LocalTime {
  const local = ms + HANOI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const secondOfDay = (local - day * DAY_MS) / 1000;
  return {
    day,
    month: new Date(local).getUTCMonth(),
    hour: secondOfDay / 3600,
    secondOfDay,
    hourIndex: Math.floor(local / 3600_000),
  };
}

/** The instant of a local second of a local day. */
export const hanoiInstant = (day: number, secondOfDay: number): number =>
  day * DAY_MS + secondOfDay * 1000 - HANOI_OFFSET_MS;

const HANOI_CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Where a simulated clock starts: an ISO 8601 date-time with its offset, or "HH:MM" for the latest
 * such time in Hanoi (at 06:30, "08:00" is yesterday's 08:00: a simulated reading may not lie ahead).
 * Throws a RangeError naming the accepted forms.
 */
export function simulatedStart(text: string, now = Date.now()): Date {
  const clock = HANOI_CLOCK.exec(text);
  if (clock) {
    const today = hanoiTime(now).day;
    const at = hanoiInstant(today, Number(clock[1]) * 3600 + Number(clock[2]) * 60);
    return new Date(at <= now ? at : at - DAY_MS);
  }
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? new Date(text)
    : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new RangeError(`must be HH:MM (Hanoi time) or a date-time such as 2026-01-15T07:00:00+07:00 (got "${text}")`);
  }
  return date;
}

/** A Hanoi day number as its date, YYYY-MM-DD. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Hanoi date of an instant, YYYY-MM-DD. */
export const hanoiDate = (ms: number): string => dateOfDay(hanoiTime(ms).day);

/** The day number of a YYYY-MM-DD date (NaN when it is not one). */
export const dayOfDate = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** An instant in Hanoi's time with its offset, ISO 8601: "2026-12-04T08:00:00+07:00" (milliseconds only when some). */
export function hanoiIso(ms: number): string {
  const local = new Date(ms + HANOI_OFFSET_MS).toISOString();
  return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}+07:00`;
}
