/**
 * Response times against targets (NFPA 1221 call processing, NFPA 1710 turnout and travel), per
 * incident and per group of incidents, for the leaders' report.
 *
 * An incident's intervals, in seconds:
 * - answer → create: the first call answered → the incident made;
 * - create → dispatch: the incident made → its first unit dispatched;
 * - processing: the first call answered → the first unit dispatched (the NFPA 1221 interval; the two
 *   above are its halves);
 * - turnout: dispatch → en route of the first unit sent of each service, kept apart as their targets
 *   differ: `turnoutEms` for the first ambulance, `turnoutFire` for the first fire and rescue unit
 *   (units sent together: the first to turn out). Police patrols have no NFPA turnout and are left out;
 * - travel: en route → on scene of the first unit to arrive;
 * - on scene → clear: the first unit on scene → the last unit cleared, or the close when a unit never
 *   reported clear.
 * A time that is missing leaves that interval out (the count says how many incidents had it); so does
 * a negative one, which is a clock error, not a fast response.
 *
 * Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉,
 * always one of the measured values (no interpolation between two incidents).
 */
import { csvText, type CsvCell } from '../../platform/csv.js';
import type { Agency, IncidentRecord, UnitResponse } from './model.js';

/** Seconds each interval should take, met when 90 % of incidents are within it. */
export interface IntervalTargets {
  answerToCreate: number;
  createToDispatch: number;
  turnoutEms: number;
  turnoutFire: number;
  travel: number;
  /** Answer → first dispatch (NFPA 1221 processing); NFPA_TARGETS.processing when not given. */
  processing?: number;
}

/**
 * STANDARDS.md §3.2: processing 60 s (NFPA 1221, high-priority calls), turnout 60 s EMS / 80 s fire and
 * special operations, travel 240 s (NFPA 1710), each at the 90th percentile. NFPA sets no target for the
 * two halves of processing; each is held to the whole, so a half over it alone breaks processing.
 */
export const NFPA_TARGETS: Required<IntervalTargets> = Object.freeze({
  answerToCreate: 60,
  createToDispatch: 60,
  processing: 60,
  turnoutEms: 60,
  turnoutFire: 80,
  travel: 240,
});

/** The share of incidents a target is to be met for. */
export const TARGET_PERCENTILE = 90;

export interface IncidentIntervals {
  answerToCreate?: number;
  createToDispatch?: number;
  processing?: number;
  turnout?: number;
  /** Which turnout target applies: the first dispatched unit's. */
  turnoutKind?: 'ems' | 'fire' | 'police';
  /** The first ambulance sent: its dispatch → en route. */
  turnoutEms?: number;
  /** The first fire and rescue unit sent: its dispatch → en route. */
  turnoutFire?: number;
  travel?: number;
  onSceneToClear?: number;
}

/** The report's rows per group, in this order. */
export const INTERVAL_NAMES = [
  'answerToCreate',
  'createToDispatch',
  'processing',
  'turnoutEms',
  'turnoutFire',
  'travel',
  'onSceneToClear',
] as const;
export type IntervalName = (typeof INTERVAL_NAMES)[number];

export interface IntervalStats {
  readonly interval: IntervalName;
  /** Incidents of the group that had this interval. */
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  /** Seconds; null where no standard sets one (on scene → clear). */
  readonly target: number | null;
  /** Share (0–1) of `count` within the target. */
  readonly withinTarget: number | null;
  /** The 90th percentile is within the target. */
  readonly meetsTarget: boolean | null;
}

export interface IntervalGroup {
  readonly by: IntervalGrouping | 'city';
  /** The type code, agency, ward name, or "all" for the whole city. */
  readonly key: string;
  readonly incidents: number;
  readonly intervals: readonly IntervalStats[];
}

export type IntervalGrouping = 'type' | 'agency' | 'ward';

export interface IntervalReport {
  readonly by: IntervalGrouping;
  readonly percentileMethod: 'nearest-rank';
  readonly targetPercentile: number;
  readonly targets: Required<IntervalTargets>;
  /** Every incident of the report. */
  readonly city: IntervalGroup;
  readonly groups: readonly IntervalGroup[];
}

/** Incidents with no ward (a location the ward lookup did not place) are reported under this key. */
export const NO_WARD = 'unknown';

const ms = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
};

const seconds = (from: number | undefined, to: number | undefined): number | undefined =>
  from === undefined || to === undefined || to < from ? undefined : (to - from) / 1000;

const earliest = (times: readonly (number | undefined)[]): number | undefined => {
  let best: number | undefined;
  for (const t of times) if (t !== undefined && (best === undefined || t < best)) best = t;
  return best;
};

/**
 * The unit whose `time` comes first. Units sent together tie on their dispatch: the first of them
 * to go en route wins (it is the one that turned out), then the earlier listed.
 */
function firstBy(responses: readonly UnitResponse[], time: (r: UnitResponse) => number | undefined) {
  let best: UnitResponse | undefined;
  let bestAt: number | undefined;
  for (const r of responses) {
    const at = time(r);
    if (at === undefined) continue;
    const tie = bestAt === at && (ms(r.enRouteAt) ?? Infinity) < (ms(best?.enRouteAt) ?? Infinity);
    if (bestAt === undefined || at < bestAt || tie) {
      best = r;
      bestAt = at;
    }
  }
  return best;
}

/** Dispatch → en route of the first of these units sent. */
function turnoutOf(responses: readonly UnitResponse[]): number | undefined {
  const first = firstBy(responses, (r) => ms(r.dispatchedAt));
  return first ? seconds(ms(first.dispatchedAt), ms(first.enRouteAt)) : undefined;
}

/**
 * The intervals of one incident. With `agency`, the unit intervals are measured from that agency's
 * units only (how fast the fire service was, not whoever came first).
 */
export function incidentIntervals(record: IncidentRecord, agency?: Agency): IncidentIntervals {
  const { incident } = record;
  const responses = agency ? record.responses.filter((r) => r.agency === agency) : record.responses;
  const answered = earliest(record.calls.map((c) => ms(c.answeredAt)));
  const created = ms(incident.createdAt);
  const firstDispatch = earliest(responses.map((r) => ms(r.dispatchedAt)));
  const out: IncidentIntervals = {};
  const put = <K extends keyof IncidentIntervals>(key: K, value: IncidentIntervals[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };

  put('answerToCreate', seconds(answered, created));
  put('createToDispatch', seconds(created, firstDispatch));
  put('processing', seconds(answered, firstDispatch));

  const firstSent = firstBy(responses, (r) => ms(r.dispatchedAt));
  if (firstSent) {
    const turnout = seconds(ms(firstSent.dispatchedAt), ms(firstSent.enRouteAt));
    if (turnout !== undefined) {
      out.turnout = turnout;
      out.turnoutKind = firstSent.agency === 'medical' ? 'ems' : firstSent.agency === 'police' ? 'police' : 'fire';
    }
  }
  // NFPA 1710: 60 s for EMS, 80 s for fire and special operations, each measured on its own service's
  // first unit (a fire with an ambulance has both). Police patrols have no NFPA turnout: not counted.
  put('turnoutEms', turnoutOf(responses.filter((r) => r.agency === 'medical')));
  put('turnoutFire', turnoutOf(responses.filter((r) => r.agency === 'fire' || r.agency === 'civil_defence')));

  const firstThere = firstBy(responses, (r) => ms(r.onSceneAt));
  if (firstThere) {
    const onScene = ms(firstThere.onSceneAt);
    put('travel', seconds(ms(firstThere.enRouteAt), onScene));
    const everyCleared = responses.every((r) => ms(r.clearedAt) !== undefined);
    const lastCleared = Math.max(...responses.map((r) => ms(r.clearedAt) ?? -Infinity));
    const clear = everyCleared ? lastCleared : ms(incident.closedAt);
    put('onSceneToClear', seconds(onScene, clear));
  }
  return out;
}

/** The nearest-rank percentile of values sorted ascending; null for none. */
export function nearestRank(sorted: readonly number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

function targetOf(name: IntervalName, targets: IntervalTargets): number | null {
  if (name === 'onSceneToClear') return null;
  return targets[name] ?? NFPA_TARGETS[name];
}

function valueOf(name: IntervalName, intervals: IncidentIntervals): number | undefined {
  return intervals[name];
}

function statsOf(name: IntervalName, values: number[], targets: IntervalTargets): IntervalStats {
  const sorted = values.sort((a, b) => a - b);
  const target = targetOf(name, targets);
  const p90 = nearestRank(sorted, 90);
  const within = target === null || sorted.length === 0 ? null : sorted.filter((v) => v <= target).length;
  return {
    interval: name,
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p90,
    target,
    withinTarget: within === null ? null : round(within / sorted.length, 4),
    meetsTarget: target === null || p90 === null ? null : p90 <= target,
  };
}

function groupOf(
  by: IntervalGroup['by'],
  key: string,
  members: readonly IncidentIntervals[],
  targets: IntervalTargets,
): IntervalGroup {
  return {
    by,
    key,
    incidents: members.length,
    intervals: INTERVAL_NAMES.map((name) =>
      statsOf(
        name,
        members.map((m) => valueOf(name, m)).filter((v): v is number => v !== undefined),
        targets,
      ),
    ),
  };
}

/** The agencies an incident involves: those it was typed for and those whose units went. */
function agenciesOf(record: IncidentRecord): Agency[] {
  return [...new Set<Agency>([...record.incident.agencies, ...record.responses.map((r) => r.agency)])];
}

/**
 * Percentiles per group and for the whole city. By agency an incident counts once for each agency it
 * involves, its unit intervals measured from that agency's units.
 */
export function intervalReport(
  all: readonly IncidentRecord[],
  by: IntervalGrouping,
  targets: IntervalTargets,
): IntervalReport {
  // A duplicate closed into another incident is that incident's call, not an incident of its own.
  const records = all.filter((r) => r.incident.disposition !== 'duplicate');
  const members = new Map<string, IncidentIntervals[]>();
  const add = (key: string, intervals: IncidentIntervals) => {
    const list = members.get(key);
    if (list) list.push(intervals);
    else members.set(key, [intervals]);
  };
  for (const record of records) {
    if (by === 'agency') for (const agency of agenciesOf(record)) add(agency, incidentIntervals(record, agency));
    else add(by === 'type' ? record.incident.typeCode : (record.incident.ward ?? NO_WARD), incidentIntervals(record));
  }
  const keys = [...members.keys()].sort((a, b) => a.localeCompare(b, 'vi'));
  return {
    by,
    percentileMethod: 'nearest-rank',
    targetPercentile: TARGET_PERCENTILE,
    targets: { ...targets, processing: targets.processing ?? NFPA_TARGETS.processing },
    city: groupOf(
      'city',
      'all',
      records.map((r) => incidentIntervals(r)),
      targets,
    ),
    groups: keys.map((key) => groupOf(by, key, members.get(key) ?? [], targets)),
  };
}

const CSV_HEADER = [
  'group_by',
  'group',
  'incidents',
  'interval',
  'count',
  'p50_s',
  'p90_s',
  'target_s',
  'within_target_share',
  'meets_target',
] as const;

/** The report as CSV (the platform's writer: RFC 4180, a header row): a row per group and interval, the city first. */
export function intervalReportCsv(report: IntervalReport): string {
  const rows: CsvCell[][] = [];
  for (const group of [report.city, ...report.groups]) {
    for (const s of group.intervals) {
      rows.push([
        group.by,
        group.key,
        group.incidents,
        s.interval,
        s.count,
        s.p50,
        s.p90,
        s.target,
        s.withinTarget,
        s.meetsTarget,
      ]);
    }
  }
  // With a BOM: a spreadsheet program otherwise reads "Phường" as another encoding.
  return csvText(CSV_HEADER, rows, { bom: true });
}
