import { useMemo, useState, type ReactNode } from 'react';
import { downloadCsv, type CsvCell } from '../csv';
import { formatPercent } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { reportsApi, type Insight } from '../panels/reports/api';

/**
 * Citizen reports for leaders: the on-time rate per department and ward (closed in time over closed),
 * the backlog still open, and the hot spots (wards with the most open and overdue reports), for a
 * period of days in Hanoi's calendar. Each table sorts by any column and downloads as CSV.
 */

const DAY_MS = 86_400_000;
const hanoiDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

interface Column<Row> {
  readonly key: string;
  readonly header: string;
  readonly value: (row: Row) => string | number | null | undefined;
  readonly show?: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

function SortableTable<Row>({
  id,
  caption,
  columns,
  rows,
  filename,
  initial,
  empty,
}: {
  id: string;
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  filename: string;
  initial: { key: string; descending: boolean };
  empty: string;
}) {
  const { t, locale } = useI18n();
  const [sort, setSort] = useState(initial);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (
        sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), locale))
      );
    });
  }, [rows, columns, sort, locale]);
  return (
    <div className="data-table" data-table={id}>
      <div className="data-table-tools">
        <button
          type="button"
          disabled={rows.length === 0}
          onClick={() =>
            downloadCsv(
              filename,
              columns.map((c) => c.header),
              sorted.map((r) => columns.map((c): CsvCell => c.value(r))),
            )
          }
        >
          {t('trends.exportCsv')}
        </button>
        <span className="muted">{t('trends.rows', { count: rows.length })}</span>
      </div>
      <div className="data-table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'num' : undefined}
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  >
                    <button
                      type="button"
                      className="link sort"
                      onClick={() => setSort({ key: c.key, descending: active ? !sort.descending : !!c.numeric })}
                    >
                      {c.header}
                      <span aria-hidden="true">{active ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.show ? c.show(r) : (c.value(r) ?? '—')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted pad">{empty}</p>}
      </div>
    </div>
  );
}

type OnTimeRow = Insight['onTime'][number];
type BacklogRow = Insight['backlog'][number];
type HotSpot = Insight['hotSpots'][number];

export function ReportsInsightPage({ onQueue }: { onQueue: () => void }) {
  const { t, pick, locale } = useI18n();
  const [from, setFrom] = useState(() => hanoiDay(Date.now() - 29 * DAY_MS));
  const [to, setTo] = useState(() => hanoiDay(Date.now()));
  const fromIso = new Date(`${from}T00:00:00+07:00`).toISOString();
  const toIso = new Date(Date.parse(`${to}T00:00:00+07:00`) + DAY_MS).toISOString();
  const insight = useLoad(() => reportsApi.insight(fromIso, toIso), [fromIso, toIso]);
  const data = insight.data;
  const period = `${from}-${to}`;

  // The figures name their departments and wards in both languages (the CSV keeps ids and codes too).
  const wardName = (r: OnTimeRow) => (r.ward ? pick(r.wardName) || r.ward : t('reports.insight.noWard'));

  const onTime: Column<OnTimeRow>[] = [
    { key: 'department', header: t('reports.department'), value: (r) => pick(r.departmentName) },
    { key: 'departmentId', header: t('reports.insight.departmentId'), value: (r) => r.department },
    { key: 'ward', header: t('reports.ward'), value: wardName },
    { key: 'wardCode', header: t('reports.insight.wardCode'), value: (r) => r.ward },
    { key: 'total', header: t('reports.insight.total'), value: (r) => r.total, numeric: true },
    { key: 'closed', header: t('reports.insight.closed'), value: (r) => r.closed, numeric: true },
    { key: 'onTime', header: t('reports.insight.onTime'), value: (r) => r.onTime, numeric: true },
    {
      key: 'rate',
      header: t('reports.insight.rate'),
      value: (r) => r.rate,
      show: (r) => formatPercent(r.rate, locale),
      numeric: true,
    },
  ];
  const backlog: Column<BacklogRow>[] = [
    { key: 'department', header: t('reports.department'), value: (r) => pick(r.departmentName) },
    { key: 'departmentId', header: t('reports.insight.departmentId'), value: (r) => r.department },
    { key: 'open', header: t('reports.insight.open'), value: (r) => r.open, numeric: true },
    { key: 'overdue', header: t('reports.insight.overdue'), value: (r) => r.overdue, numeric: true },
    { key: 'waiting', header: t('reports.insight.waiting'), value: (r) => r.waiting, numeric: true },
  ];
  const hotSpots: Column<HotSpot>[] = [
    { key: 'wardName', header: t('reports.ward'), value: (r) => pick(r.wardNames) || r.wardCode },
    { key: 'wardCode', header: t('reports.insight.wardCode'), value: (r) => r.wardCode },
    { key: 'open', header: t('reports.insight.open'), value: (r) => r.open, numeric: true },
    { key: 'overdue', header: t('reports.insight.overdue'), value: (r) => r.overdue, numeric: true },
  ];

  return (
    <main className="trends-page reports-insight" id="main" tabIndex={-1}>
      <div className="dispatch-title">
        <h1>{t('reports.insight.title')}</h1>
        <button type="button" className="link" onClick={onQueue}>
          {t('reports.backToQueue')}
        </button>
      </div>
      <p className="muted">{t('reports.insight.intro')}</p>
      <div className="toolbar">
        <label>
          {t('report.from')}{' '}
          <input type="date" name="insight-from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('report.to')}{' '}
          <input type="date" name="insight-to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {insight.error && <p className="error">{t('common.error', { message: insight.error })}</p>}
      {!data && !insight.error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <section className="trends-panel">
            <h2>{t('reports.insight.onTimeTitle')}</h2>
            <SortableTable
              id="on-time"
              caption={t('reports.insight.onTimeCaption')}
              columns={onTime}
              rows={data.onTime}
              filename={`reports-on-time-${period}.csv`}
              initial={{ key: 'rate', descending: false }}
              empty={t('reports.insight.none')}
            />
          </section>
          <section className="trends-panel">
            <h2>{t('reports.insight.backlogTitle')}</h2>
            <SortableTable
              id="backlog"
              caption={t('reports.insight.backlogCaption')}
              columns={backlog}
              rows={data.backlog}
              filename={`reports-backlog-${period}.csv`}
              initial={{ key: 'overdue', descending: true }}
              empty={t('reports.insight.noneOpen')}
            />
          </section>
          <section className="trends-panel">
            <h2>{t('reports.insight.hotSpotsTitle')}</h2>
            <SortableTable
              id="hot-spots"
              caption={t('reports.insight.hotSpotsCaption')}
              columns={hotSpots}
              rows={data.hotSpots}
              filename={`reports-hot-spots-${period}.csv`}
              initial={{ key: 'open', descending: true }}
              empty={t('reports.insight.noneOpen')}
            />
          </section>
        </>
      )}
    </main>
  );
}
