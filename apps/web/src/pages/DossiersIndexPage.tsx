import { useEffect, useState } from 'react';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { DataTable, type Column } from '../panels/DataTable';
import { dossiersApi, type QueueItem, type ServiceIndex } from '../panels/dossiers/api';
import type { IndexScore } from '../public-services/types';

/**
 * Online public services for leaders: Decision 766/QĐ-TTg's index of serving people and businesses, for
 * the city and each agency over a period (criteria, points per group, total out of 100, as the server
 * computes them), the dossiers late now, and the city's total month by month. The page computes no
 * score: every figure is the server's.
 */

const DAY_MS = 86_400_000;
const hanoiDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const MONTHS = 6;

/** The first day of each of the last months (Hanoi), oldest first, and the day after the last. */
function monthStarts(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: MONTHS + 1 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (MONTHS - 1) + i, 1));
    return d.toISOString().slice(0, 10);
  });
}

export function DossiersIndexPage({ onQueue }: { onQueue: () => void }) {
  const { t, pick, locale } = useI18n();
  const today = hanoiDay(Date.now());
  const [from, setFrom] = useState(hanoiDay(Date.now() - 30 * DAY_MS));
  const [to, setTo] = useState(today);
  const [index, setIndex] = useState<ServiceIndex | null>(null);
  const [late, setLate] = useState<readonly QueueItem[]>([]);
  const [trend, setTrend] = useState<readonly { month: string; total: number | null }[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    dossiersApi.index(from, to).then(
      (x) => live && (setIndex(x), setError(null)),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [from, to]);
  useEffect(() => {
    dossiersApi.queue({ late: true }).then(
      (q) => setLate(q.dossiers),
      () => setLate([]),
    );
    const starts = monthStarts(today);
    void Promise.all(
      starts.slice(0, -1).map((start, i) =>
        dossiersApi.index(start, hanoiDay(Date.parse(starts[i + 1] as string) - DAY_MS)).then(
          (x) => ({ month: start.slice(0, 7), total: x.city.total }),
          () => ({ month: start.slice(0, 7), total: null }),
        ),
      ),
    ).then(setTrend);
  }, [today]);

  const agencyName = (a: IndexScore['agency']) =>
    a === undefined ? '' : typeof a === 'string' ? a : pick(a.name) || a.code;
  const groups = index?.city.groups ?? [];
  const criteria = index ? (index.city.criteria ?? groups.flatMap((g) => g.criteria ?? [])) : [];
  const points = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 1 });

  const agencyColumns: Column<IndexScore>[] = [
    { header: t('index.agency'), csv: (r) => agencyName(r.agency) },
    { header: t('index.total'), csv: (r) => r.total, show: (r) => points(r.total), numeric: true },
    ...groups.map((g): Column<IndexScore> => ({
      header: `${pick(g.name)} (${g.max})`,
      csv: (r) => r.groups.find((x) => x.code === g.code)?.points ?? null,
      show: (r) => {
        const p = r.groups.find((x) => x.code === g.code)?.points;
        return p === undefined ? '—' : points(p);
      },
      numeric: true,
    })),
  ];
  const lateColumns: Column<QueueItem>[] = [
    { header: t('dossiers.code'), csv: (r) => r.code },
    { header: t('dossiers.procedure'), csv: (r) => pick(r.procedure.name) },
    { header: t('dossiers.agency'), csv: (r) => r.agency },
    { header: t('dossiers.state'), csv: (r) => t(`dossiers.state.${r.state}`) },
    { header: t('dossiers.dueAt'), csv: (r) => r.dueAt ?? '', show: (r) => formatTime(r.dueAt, locale, true) },
  ];
  const maxTrend = Math.max(100, ...trend.map((x) => x.total ?? 0));

  return (
    <main className="trends-page dossiers-index" id="main" tabIndex={-1}>
      <div className="reports-head">
        <h1>{t('index.title')}</h1>
        <button type="button" className="link" onClick={onQueue}>
          {t('index.queueLink')}
        </button>
      </div>
      <div className="toolbar" role="group" aria-label={t('index.period')}>
        <label>
          {t('index.from')}{' '}
          <input type="date" name="from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('index.to')} <input type="date" name="to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {index && (
        <section aria-label={t('index.city')}>
          <div className="index-total" data-index-total={index.city.total}>
            <span className="kpi-title">{t('index.city')}</span>
            <span className="index-points">{t('index.outOf', { points: points(index.city.total) })}</span>
          </div>
          <ul className="plain index-groups">
            {groups.map((g) => (
              <li key={g.code} data-group={g.code}>
                <span>{pick(g.name)}</span>
                <span className="index-bar" aria-hidden="true">
                  <span style={{ width: `${g.max > 0 ? (100 * g.points) / g.max : 0}%` }} />
                </span>
                <strong>
                  {points(g.points)}/{g.max}
                </strong>
              </li>
            ))}
          </ul>
          <DataTable
            caption={t('index.criteria')}
            columns={[
              { header: t('index.criterion'), csv: (r) => pick(r.name) },
              {
                header: t('index.value'),
                csv: (r) => r.value ?? null,
                show: (r) => (r.value === null || r.value === undefined ? '—' : points(r.value)),
                numeric: true,
              },
              {
                header: t('index.points'),
                csv: (r) => r.points,
                show: (r) => `${points(r.points)}/${r.max}`,
                numeric: true,
              },
            ]}
            rows={criteria}
            rowKey={(r) => r.code}
            filename={`chi-so-766-${from}-${to}.csv`}
            empty={t('index.none')}
          />
          <DataTable
            caption={t('index.agencies')}
            columns={agencyColumns}
            rows={index.agencies}
            rowKey={(r) => agencyName(r.agency)}
            filename={`chi-so-766-co-quan-${from}-${to}.csv`}
            empty={t('index.none')}
          />
        </section>
      )}
      <section aria-label={t('index.trend')}>
        <h2>{t('index.trend')}</h2>
        <ul className="plain index-trend">
          {trend.map((x) => (
            <li key={x.month} data-month={x.month}>
              <span>{x.month}</span>
              <span className="index-bar" aria-hidden="true">
                <span style={{ width: `${((x.total ?? 0) * 100) / maxTrend}%` }} />
              </span>
              <strong>{x.total === null ? '—' : points(x.total)}</strong>
            </li>
          ))}
        </ul>
      </section>
      <DataTable
        caption={t('index.late')}
        columns={lateColumns}
        rows={late}
        rowKey={(r) => r.code}
        filename={`ho-so-qua-han-${today}.csv`}
        empty={t('index.noneLate')}
      />
    </main>
  );
}
