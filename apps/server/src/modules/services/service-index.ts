import { createHash } from 'node:crypto';
import type { WorkCalendar } from '../../platform/calendar/index.js';
import type { Procedure } from './model.js';
import type { IndexRow } from './store.js';

/**
 * Decision 766/QĐ-TTg (2022): the service index of a province, 100 points in five groups —
 * transparency 18, progress and results 20, digitisation 22, online service provision 22,
 * satisfaction 18. The decision's sub-criteria and their exact weights are not all computable from
 * this system's data (e.g. procedures published on time in the national database, dossiers digitised
 * at the counter, the Resolution 76 targets met): here each group scores the criteria the system can
 * compute for the period, as the mean of their rates scaled to the group's maximum. Scored:
 *   transparency   — % of the period's dossier events delivered to the national portal
 *   progress       — % of returned dossiers early or on time (the average handling time, in working
 *                    days, is reported beside it but not scored: the decision judges it per procedure)
 *   digitisation   — % of returned dossiers with an electronic result
 *   online         — % of dossiers filed online; % of dossiers with fees paid online; % of published
 *                    procedures that are full-process; % of published procedures with fees payable
 *                    online (full-process ones: paid in the process)
 *   satisfaction   — the ratings' mean, 1 → 0 and 5 → 1
 * A criterion with nothing to count (no dossier returned, rated, with a fee or a portal event; no
 * published procedure, or none with a fee) has a null rate and is left out of its group; a group with no
 * criterion left scores null (neither full nor zero), and the total is then out of fewer points (`outOf`).
 * A dossier counts for the agency that decides it (`decided_by`, see procedures.ts `agencyFor`: the
 * result is issued in its name, e.g. a ward's committee for a birth), not the office holding it; an
 * agency's procedure criteria count the procedures it decides (`decides`).
 */

export const INDEX_GROUPS = {
  transparency: 18,
  progress: 20,
  digitisation: 22,
  online: 22,
  satisfaction: 18,
} as const;
export type IndexGroup = keyof typeof INDEX_GROUPS;

export interface Criterion {
  readonly code: string;
  readonly group: IndexGroup;
  /** 0–1, or null when there is nothing to count. */
  readonly rate: number | null;
  readonly numerator: number;
  readonly denominator: number;
  readonly scored: boolean;
}

export interface IndexFigures {
  readonly dossiers: number;
  readonly returned: number;
  readonly averageHandlingDays: number | null;
  readonly criteria: readonly Criterion[];
  readonly groups: readonly { group: IndexGroup; max: number; points: number | null }[];
  readonly points: number;
  readonly outOf: number;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/**
 * What the index is computed from, counted over a period's dossiers (of an agency, or of the city: the
 * sum of its agencies'). The store counts them in SQL, per Hanoi day of submission and deciding agency
 * (`services_index_days`, counted again when a change marks a day dirty: `DossierService.indexCounts`)
 * and for the partial days at a period's ends from the dossiers (`store.indexCounts`), so that a year of
 * a city's dossiers never travels to the server; `countIndexRows` counts the same from the dossiers.
 */
export interface IndexCounts {
  dossiers: number;
  returned: number;
  onTime: number;
  electronicResults: number;
  filedOnline: number;
  withFees: number;
  paidOnline: number;
  rated: number;
  /** The ratings scaled to 0–1 (1 → 0, 5 → 1), summed. */
  ratingSum: number;
  portalEvents: number;
  portalDelivered: number;
  /** Returned dossiers with a receipt and a return, and the working minutes between the two, summed. */
  timed: number;
  handlingMinutes: number;
}

export const noIndexCounts = (): IndexCounts => ({
  dossiers: 0,
  returned: 0,
  onTime: 0,
  electronicResults: 0,
  filedOnline: 0,
  withFees: 0,
  paidOnline: 0,
  rated: 0,
  ratingSum: 0,
  portalEvents: 0,
  portalDelivered: 0,
  timed: 0,
  handlingMinutes: 0,
});

export function addIndexCounts(into: IndexCounts, c: IndexCounts): IndexCounts {
  for (const k of Object.keys(into) as (keyof IndexCounts)[]) into[k] += c[k];
  return into;
}

/** The counts of a list of dossiers (the reference the store's SQL is tested against). */
export function countIndexRows(rows: readonly IndexRow[], calendar: WorkCalendar): IndexCounts {
  const c = noIndexCounts();
  for (const r of rows) {
    c.dossiers++;
    if (r.channel === 'online') c.filedOnline++;
    if (r.feeTotalVnd > 0) {
      c.withFees++;
      if (r.paidOnline) c.paidOnline++;
    }
    if (r.rating !== null) {
      c.rated++;
      c.ratingSum += (r.rating - 1) / 4;
    }
    c.portalEvents += r.portalEvents;
    c.portalDelivered += r.portalDelivered;
    if (r.state !== 'returned') continue;
    c.returned++;
    if (r.timeliness === 'early' || r.timeliness === 'on-time') c.onTime++;
    if (r.electronicResult) c.electronicResults++;
    if (r.receivedAt && r.returnedAt) {
      c.timed++;
      c.handlingMinutes += calendar.workingMinutesBetween(new Date(r.receivedAt), new Date(r.returnedAt));
    }
  }
  return c;
}

export function computeIndex(
  rows: readonly IndexRow[],
  procedures: readonly Procedure[],
  calendar: WorkCalendar,
): IndexFigures {
  return indexFigures(countIndexRows(rows, calendar), procedures);
}

export function indexFigures(k: IndexCounts, procedures: readonly Procedure[]): IndexFigures {
  const published = procedures.filter((p) => p.published);
  const feeProcedures = published.filter((p) => p.fees.length > 0);
  const c = (code: string, group: IndexGroup, n: number, d: number, scored = true): Criterion => ({
    code,
    group,
    rate: ratio(n, d),
    numerator: n,
    denominator: d,
    scored,
  });
  const criteria: Criterion[] = [
    c('synced-to-portal', 'transparency', k.portalDelivered, k.portalEvents),
    c('on-time', 'progress', k.onTime, k.returned),
    c('electronic-results', 'digitisation', k.electronicResults, k.returned),
    c('filed-online', 'online', k.filedOnline, k.dossiers),
    c('paid-online', 'online', k.paidOnline, k.withFees),
    c('procedures-full-process', 'online', published.filter((p) => p.onlineLevel === 'full').length, published.length),
    c(
      'procedures-online-payment',
      'online',
      feeProcedures.filter((p) => p.onlineLevel === 'full').length,
      feeProcedures.length,
    ),
    {
      code: 'satisfaction',
      group: 'satisfaction',
      rate: ratio(k.ratingSum, k.rated),
      numerator: k.ratingSum,
      denominator: k.rated,
      scored: true,
    },
  ];
  const groups = (Object.keys(INDEX_GROUPS) as IndexGroup[]).map((group) => {
    const rates = criteria.filter((x) => x.group === group && x.scored && x.rate !== null).map((x) => x.rate as number);
    const max = INDEX_GROUPS[group];
    return {
      group,
      max,
      points: rates.length === 0 ? null : round2((max * rates.reduce((s, r) => s + r, 0)) / rates.length),
    };
  });
  return {
    dossiers: k.dossiers,
    returned: k.returned,
    // The mean of the exact handling times (working days of 8 hours), rounded once.
    averageHandlingDays: k.timed === 0 ? null : round2(k.handlingMinutes / 480 / k.timed),
    criteria,
    groups,
    points: round2(groups.reduce((s, g) => s + (g.points ?? 0), 0)),
    outOf: groups.reduce((s, g) => s + (g.points === null ? 0 : g.max), 0),
  };
}

/**
 * The first Hanoi day (YYYY-MM-DD) of each of the `months` months up to the one of `today` (a Hanoi
 * date), oldest first, and of the month after: a trend's months are whole days, summed from the days'
 * counts alone.
 */
export function trendMonthStarts(today: string, months: number): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: months + 1 }, (_, i) =>
    new Date(Date.UTC(y, m - months + i, 1)).toISOString().slice(0, 10),
  );
}

export interface TrendMonth {
  /** YYYY-MM, a Hanoi month. */
  readonly month: string;
  readonly figures: IndexFigures;
}

/**
 * The index month by month, of the city or of one agency: each month's counts (none: a month with no
 * dossier) scored against the procedures given (the city's, or those the agency decides), as the index
 * of that month alone would be.
 */
export function indexTrend(
  starts: readonly string[],
  counts: ReadonlyMap<string, IndexCounts>,
  procedures: readonly Procedure[],
): TrendMonth[] {
  return starts.slice(0, -1).map((start) => {
    const month = start.slice(0, 7);
    return { month, figures: indexFigures(counts.get(month) ?? noIndexCounts(), procedures) };
  });
}

const HOUR_MS = 3_600_000;

/**
 * The working minutes between receipt and return, summed per agency, from `store.handlingBuckets`: the
 * working minutes from a fixed instant are additive, so the sum over dossiers of (at return − at
 * receipt) is counted once per hour of the period instead of once per dossier. The city's office
 * periods begin and end on the hour (08–12, 13–17, Hanoi being UTC+7), so within an hour the working
 * minutes are all of it or none of it.
 */
export function handlingMinutes(
  buckets: readonly { agency: string; sign: 1 | -1; hour: Date; count: number; seconds: number }[],
  calendar: WorkCalendar,
): Map<string, number> {
  const hours = [...new Set(buckets.map((b) => b.hour.getTime()))].sort((a, b) => a - b);
  const worked = new Map<number, { before: number; whole: boolean }>();
  let before = 0;
  let previous: number | undefined;
  for (const h of hours) {
    if (previous !== undefined) before += calendar.workingMinutesBetween(new Date(previous), new Date(h));
    const inHour = calendar.workingMinutesBetween(new Date(h), new Date(h + HOUR_MS));
    if (inHour !== 0 && inHour !== 60) throw new Error(`working hours that do not start on the hour (${inHour} min)`);
    worked.set(h, { before, whole: inHour === 60 });
    previous = h;
  }
  const sums = new Map<string, number>();
  for (const b of buckets) {
    const w = worked.get(b.hour.getTime()) as { before: number; whole: boolean };
    const minutes = b.count * w.before + (w.whole ? b.seconds / 60 : 0);
    sums.set(b.agency, (sums.get(b.agency) ?? 0) + b.sign * minutes);
  }
  return sums;
}

const fingerprints = new WeakMap<WorkCalendar, string>();
const DAY_MS = 86_400_000;

/**
 * A calendar's working days from 2020 to 2040 as a hash: the index's days keep the working minutes they
 * were counted with, and a calendar with other days off or make-up days must count them again.
 */
export function calendarFingerprint(calendar: WorkCalendar): string {
  let known = fingerprints.get(calendar);
  if (known === undefined) {
    const days: string[] = [];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2041, 0, 1); t += DAY_MS) {
      days.push(calendar.isWorkingDay(new Date(t).toISOString().slice(0, 10)) ? '1' : '0');
    }
    known = createHash('sha256').update(days.join('')).digest('hex');
    fingerprints.set(calendar, known);
  }
  return known;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
