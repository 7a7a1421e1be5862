// Replaced at merge by the report helper's file.
import type { IncidentRecord } from './model.js';

/** NFPA 1221/1710 intervals of each incident, and their percentiles against targets. */

export interface IntervalTargets {
  answerToCreate: number;
  createToDispatch: number;
  turnoutEms: number;
  turnoutFire: number;
  travel: number /* seconds, 90th percentile */;
}

export const NFPA_TARGETS: IntervalTargets = {
  answerToCreate: 60,
  createToDispatch: 60,
  turnoutEms: 60,
  turnoutFire: 80,
  travel: 240,
};

export interface IncidentIntervals {
  answerToCreate?: number;
  createToDispatch?: number;
  turnout?: number;
  travel?: number;
  onSceneToClear?: number;
}

export interface IntervalReport {
  by: 'type' | 'agency' | 'ward';
  targets: IntervalTargets;
  groups: { key: string; incidents: number; intervals: Record<string, { p50?: number; p90?: number; n: number }> }[];
}

const seconds = (from: string | undefined, to: string | undefined) =>
  from === undefined || to === undefined ? undefined : (Date.parse(to) - Date.parse(from)) / 1000;

export function incidentIntervals(record: IncidentRecord): IncidentIntervals {
  const answered = record.calls[0]?.answeredAt;
  const first = [...record.responses].sort((a, b) => a.dispatchedAt.localeCompare(b.dispatchedAt))[0];
  const out: IncidentIntervals = {};
  const put = (k: keyof IncidentIntervals, v: number | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  put('answerToCreate', seconds(answered, record.incident.createdAt));
  put('createToDispatch', seconds(record.incident.createdAt, first?.dispatchedAt));
  put('turnout', seconds(first?.dispatchedAt, first?.enRouteAt));
  put('travel', seconds(first?.enRouteAt, first?.onSceneAt));
  put('onSceneToClear', seconds(first?.onSceneAt, first?.clearedAt));
  return out;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

export function intervalReport(
  records: readonly IncidentRecord[],
  by: 'type' | 'agency' | 'ward',
  targets: IntervalTargets,
): IntervalReport {
  const groups = new Map<string, IncidentIntervals[]>();
  for (const r of records) {
    const keys =
      by === 'type' ? [r.incident.typeCode] : by === 'agency' ? [...r.incident.agencies] : [r.incident.ward ?? ''];
    for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), incidentIntervals(r)]);
  }
  return {
    by,
    targets,
    groups: [...groups.entries()].map(([key, list]) => {
      const intervals: Record<string, { p50?: number; p90?: number; n: number }> = {};
      for (const name of ['answerToCreate', 'createToDispatch', 'turnout', 'travel', 'onSceneToClear'] as const) {
        const values = list.map((i) => i[name]).filter((v): v is number => v !== undefined);
        const p50 = percentile(values, 50);
        const p90 = percentile(values, 90);
        intervals[name] = {
          n: values.length,
          ...(p50 === undefined ? {} : { p50 }),
          ...(p90 === undefined ? {} : { p90 }),
        };
      }
      return { key, incidents: list.length, intervals };
    }),
  };
}

export function intervalReportCsv(report: IntervalReport): string {
  const lines = [`${report.by},incidents,interval,n,p50,p90`];
  for (const g of report.groups) {
    for (const [name, v] of Object.entries(g.intervals)) {
      lines.push([g.key, g.incidents, name, v.n, v.p50 ?? '', v.p90 ?? ''].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
