import type { WorkCalendar } from '../../platform/calendar/index.js';
import { workingDaysTaken } from './due.js';
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
 * A criterion with nothing to count (no dossier returned…) is left out of its group; a group with no
 * criterion scores null, and the total is then out of fewer points (`outOf`).
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

export function computeIndex(
  rows: readonly IndexRow[],
  procedures: readonly Procedure[],
  calendar: WorkCalendar,
): IndexFigures {
  const returned = rows.filter((r) => r.state === 'returned');
  const onTime = returned.filter((r) => r.timeliness === 'early' || r.timeliness === 'on-time').length;
  const withFees = rows.filter((r) => r.feeTotalVnd > 0);
  const rated = rows.filter((r) => r.rating !== null);
  const events = rows.reduce((s, r) => s + r.portalEvents, 0);
  const delivered = rows.reduce((s, r) => s + r.portalDelivered, 0);
  const published = procedures.filter((p) => p.published);
  const feeProcedures = published.filter((p) => p.fees.length > 0);
  const timed = returned.filter((r) => r.receivedAt && r.returnedAt);
  const handling = timed.map((r) =>
    workingDaysTaken(calendar, new Date(r.receivedAt as string), new Date(r.returnedAt as string)),
  );
  const c = (code: string, group: IndexGroup, n: number, d: number, scored = true): Criterion => ({
    code,
    group,
    rate: ratio(n, d),
    numerator: n,
    denominator: d,
    scored,
  });
  const ratingSum = rated.reduce((s, r) => s + ((r.rating as number) - 1) / 4, 0);
  const criteria: Criterion[] = [
    c('synced-to-portal', 'transparency', delivered, events),
    c('on-time', 'progress', onTime, returned.length),
    c('electronic-results', 'digitisation', returned.filter((r) => r.electronicResult).length, returned.length),
    c('filed-online', 'online', rows.filter((r) => r.channel === 'online').length, rows.length),
    c('paid-online', 'online', withFees.filter((r) => r.paidOnline).length, withFees.length),
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
      rate: ratio(ratingSum, rated.length),
      numerator: ratingSum,
      denominator: rated.length,
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
    dossiers: rows.length,
    returned: returned.length,
    averageHandlingDays: handling.length === 0 ? null : round2(handling.reduce((s, d) => s + d, 0) / handling.length),
    criteria,
    groups,
    points: round2(groups.reduce((s, g) => s + (g.points ?? 0), 0)),
    outOf: groups.reduce((s, g) => s + (g.points === null ? 0 : g.max), 0),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
