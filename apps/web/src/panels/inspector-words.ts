/**
 * What the inspector says in words instead of numbers: a heading as a compass direction, a delay as
 * late, early or on time, a river level against its warning and danger levels, and which limit lines
 * a chart of readings draws. Pure: the unit tests run them without a page.
 */

export const COMPASS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
export type CompassPoint = (typeof COMPASS)[number];

/** The nearest of the eight compass points to a heading in degrees from north, clockwise. */
export function compassPoint(heading: number): CompassPoint {
  const normalised = ((heading % 360) + 360) % 360;
  return COMPASS[Math.round(normalised / 45) % 8] as CompassPoint;
}

/** Within a minute either way a bus is on time (as timetables are read: to the minute). */
export function delayWords(seconds: number): { readonly kind: 'onTime' | 'late' | 'early'; readonly minutes: number } {
  const minutes = Math.round(Math.abs(seconds) / 60);
  if (minutes < 1) return { kind: 'onTime', minutes: 0 };
  return { kind: seconds > 0 ? 'late' : 'early', minutes };
}

export type RiverState = 'normal' | 'warning' | 'danger';

/** A river level against its gauge's levels: at or above danger, at or above warning, or below. */
export function riverState(level: number, warning?: number, danger?: number): RiverState {
  if (danger !== undefined && level >= danger) return 'danger';
  if (warning !== undefined && level >= warning) return 'warning';
  return 'normal';
}

/** A horizontal line on a chart: a legal limit, a warning or a danger level, an index category bound. */
export interface LimitLine {
  readonly value: number;
  readonly label: string;
  readonly kind: 'limit' | 'warning' | 'danger' | 'category';
}

export type Averaging = '1h' | '8h' | '24h' | 'year';

/**
 * The air limits a chart of hourly readings draws: the 1-hour limit where there is one, the 8- and
 * 24-hour limits too (a reading above them is not yet an exceedance, but the operator sees how close),
 * never the yearly one (a year's mean says nothing about an hour).
 */
export function airLimitLines(
  limits: Partial<Record<Averaging, number>> | undefined,
  label: (averaging: Averaging, value: number) => string,
): LimitLine[] {
  if (!limits) return [];
  return (['1h', '8h', '24h'] as const)
    .filter((a) => limits[a] !== undefined)
    .map((a) => ({ value: limits[a] as number, label: label(a, limits[a] as number), kind: 'limit' as const }));
}

/**
 * The VN_AQI category bounds worth drawing over readings up to `highest`: those below it and the
 * first above it (how far to the next category), not the whole scale up to 500.
 */
export function categoryLines(
  categories: readonly { readonly to: number; readonly name: string }[],
  highest: number,
): LimitLine[] {
  const lines: LimitLine[] = [];
  for (const c of categories) {
    if (c.to >= 500) break;
    lines.push({ value: c.to, label: c.name, kind: 'category' });
    if (c.to >= highest) break;
  }
  return lines;
}

/**
 * The value range a chart shows: its readings, and the limit lines that lie near them (a line far
 * above the readings would squash them flat; it is named under the chart instead).
 */
export function chartRange(
  values: readonly number[],
  lines: readonly LimitLine[],
): {
  readonly low: number;
  readonly high: number;
  readonly drawn: readonly LimitLine[];
  readonly beyond: readonly LimitLine[];
} {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (!Number.isFinite(low)) [low, high] = [0, 1];
  const span = Math.max(high - low, Math.abs(high) * 0.2, 1);
  // Warning and danger levels are always drawn: they are why one looks at a river gauge.
  const drawn = lines.filter((l) => l.kind === 'warning' || l.kind === 'danger' || l.value <= high + span * 1.5);
  const beyond = lines.filter((l) => !drawn.includes(l));
  for (const l of drawn) {
    low = Math.min(low, l.value);
    high = Math.max(high, l.value);
  }
  if (low === high) [low, high] = [low - 1, high + 1];
  const pad = (high - low) * 0.08;
  low = low >= 0 && low - pad < 0 ? 0 : low - pad;
  high += pad;
  return { low, high, drawn, beyond };
}

/** Ticks of a time axis: a few instants, each labelled with its date when the day differs from the previous tick's. */
export function timeTicks(from: number, to: number, count = 4): number[] {
  if (to <= from) return [from];
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** The index of the reading nearest an instant (readings sorted by time). */
export function nearestIndex(times: readonly number[], at: number): number {
  let best = 0;
  for (let i = 1; i < times.length; i++) {
    if (Math.abs((times[i] as number) - at) < Math.abs((times[best] as number) - at)) best = i;
  }
  return best;
}
