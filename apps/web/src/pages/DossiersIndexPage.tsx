import { useEffect, useState } from 'react';
import { formatDateTime, formatPercent } from '../format';
import { useI18n } from '../i18n';
import { DataTable, type Column } from '../panels/DataTable';
import { indexCount, indexPoints } from '../panels/dossiers/index-figures';
import { hasKey } from '../i18n';
import {
  dossiersApi,
  type Agency,
  type IndexFigures,
  type ProcedureSummary,
  type QueueItem,
  type ServiceIndex,
} from '../panels/dossiers/api';
import { monthWords } from '../panels/dossiers/words';
import { DAY_MS, hanoiDay, PeriodPicker, periodInAddress } from '../panels/Period';

/**
 * Online public services for leaders: Decision 766/QĐ-TTg's index of serving people and businesses, for
 * the city and each agency over a period (the criteria this system can compute with their counts, the
 * points of each of the five groups, the total out of 100 — or out of fewer points when a group has
 * nothing to count), the dossiers late now, and the total month by month. An agency picked narrows it
 * all to that agency (the dossiers it decides, the late ones it holds). The agency and the period are
 * kept in the address (`?agency=&from=&to=`) so that a reload or a shared link shows the same. The page computes no score: every figure is the server's.
 */

type Criterion = IndexFigures['criteria'][number];
type AgencyRow = ServiceIndex['agencies'][number];
/** The period's ends as the API takes them: midnight in Hanoi of the first day, and of the day after the last. */
const startOf = (day: string) => `${day}T00:00:00+07:00`;
const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+07:00`) + DAY_MS).toISOString();
/** The agency in the address (a shared link), or the city's ''. */
const agencyInAddress = () => new URLSearchParams(location.search).get('agency') ?? '';
export function DossiersIndexPage({ onQueue }: { onQueue: () => void }) {
  const { t, pick, locale } = useI18n();
  const today = hanoiDay(Date.now());
  const [period] = useState(() => periodInAddress(today));
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [index, setIndex] = useState<ServiceIndex | null>(null);
  const [late, setLate] = useState<readonly QueueItem[]>([]);
  const [agencies, setAgencies] = useState<readonly Agency[]>([]);
  const [procedures, setProcedures] = useState<readonly ProcedureSummary[]>([]);
  const [trend, setTrend] = useState<readonly { month: string; points: number | null; outOf: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [agency, setAgency] = useState(agencyInAddress);

  // The choices written to the address, replaced, not pushed: the back button leaves the page rather
  // than stepping through picks.
  useEffect(() => {
    const query = new URLSearchParams();
    if (agency) query.set('agency', agency);
    query.set('from', from);
    query.set('to', to);
    history.replaceState(history.state, '', `${location.pathname}?${query.toString()}`);
  }, [agency, from, to]);
  const pickAgency = (code: string) => setAgency(code);

  useEffect(() => {
    let live = true;
    dossiersApi.index(startOf(from), endOf(to), agency || undefined).then(
      (x) => live && (setIndex(x), setError(null)),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [from, to, agency]);
  useEffect(() => {
    let live = true;
    dossiersApi.queue({ late: true, agency: agency || undefined }).then(
      (q) => live && setLate(q.dossiers),
      () => live && setLate([]),
    );
    dossiersApi.indexTrend(agency || undefined).then(
      (x) =>
        live &&
        setTrend(
          x.months.map((m) => ({
            month: m.month,
            points: m.figures.dossiers > 0 ? m.figures.points : null,
            outOf: m.figures.outOf,
          })),
        ),
      () => live && setTrend([]),
    );
    return () => {
      live = false;
    };
  }, [agency, today]);
  useEffect(() => {
    dossiersApi.agencies().then(
      (a) => setAgencies(a.agencies),
      () => setAgencies([]),
    );
    dossiersApi.procedures().then(
      (p) => setProcedures(p.procedures),
      () => setProcedures([]),
    );
  }, []);

  const agencyName = (code: string) => pick(agencies.find((a) => a.code === code)?.name) || code;
  const procedureName = (code: string) => pick(procedures.find((p) => p.code === code)?.name) || code;
  const words = (key: string) => (hasKey(key) ? t(key) : (key.split('.').pop() ?? key));
  const points = (n: number | null) => indexPoints(n, locale);
  // The figures shown: the city's, or the agency's (the index asked for it alone lists it alone).
  const city = agency ? index?.agencies.find((a) => a.agency === agency)?.figures : index?.city;
  const scope = agency ? agencyName(agency) : t('index.city');
  const groups = city?.groups ?? [];

  const criterionColumns: Column<Criterion>[] = [
    { header: t('index.criterion'), csv: (r) => words(`index.criterion.${r.code}`) },
    { header: t('index.group'), csv: (r) => words(`index.group.${r.group}`) },
    {
      header: t('index.value'),
      csv: (r) => r.rate,
      show: (r) =>
        r.code === 'satisfaction' ? points(r.rate === null ? null : 1 + 4 * r.rate) : formatPercent(r.rate, locale),
      numeric: true,
    },
    {
      header: t('index.counted'),
      csv: (r) => `${r.numerator}/${r.denominator}`,
      show: (r) => indexCount(r.numerator, r.denominator, locale),
      numeric: true,
    },
    { header: t('index.scored'), csv: (r) => (r.scored ? t('index.yes') : t('index.no')) },
  ];
  const agencyColumns: Column<AgencyRow>[] = [
    { header: t('index.agency'), csv: (r) => pick(r.name) || agencyName(r.agency) },
    { header: t('index.dossiers'), csv: (r) => r.figures.dossiers, numeric: true },
    { header: t('index.returned'), csv: (r) => r.figures.returned, numeric: true },
    {
      header: t('index.total'),
      csv: (r) => r.figures.points,
      show: (r) => `${points(r.figures.points)}/${r.figures.outOf}`,
      numeric: true,
    },
    ...groups.map((g): Column<AgencyRow> => ({
      header: `${words(`index.group.${g.group}`)} (${g.max})`,
      csv: (r) => r.figures.groups.find((x) => x.group === g.group)?.points ?? null,
      show: (r) => points(r.figures.groups.find((x) => x.group === g.group)?.points ?? null),
      numeric: true,
    })),
  ];
  const lateColumns: Column<QueueItem>[] = [
    { header: t('dossiers.code'), csv: (r) => r.code },
    { header: t('dossiers.procedure'), csv: (r) => procedureName(r.procedure.code) },
    { header: t('dossiers.agency'), csv: (r) => pick(r.agencyName) || agencyName(r.agency) },
    { header: t('dossiers.state'), csv: (r) => t(`dossiers.state.${r.state}`) },
    { header: t('dossiers.dueAt'), csv: (r) => r.dueAt ?? '', show: (r) => formatDateTime(r.dueAt) },
  ];

  return (
    <main className="trends-page dossiers-index" id="main" tabIndex={-1}>
      <div className="reports-head">
        <h1>{t('index.title')}</h1>
        <button type="button" className="link" onClick={onQueue}>
          {t('index.queueLink')}
        </button>
      </div>
      <div className="toolbar" role="group" aria-label={t('index.period')}>
        <PeriodPicker from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <label>
          {t('index.agency')}{' '}
          <select name="agency" value={agency} onChange={(e) => pickAgency(e.target.value)}>
            <option value="">{t('index.city')}</option>
            {agency && !agencies.some((a) => a.code === agency) && <option value={agency}>{agency}</option>}
            {agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {pick(a.name)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {city && (
        <section aria-label={scope} data-agency={agency}>
          <div
            className="index-total"
            data-index-total={city.points}
            data-out-of={city.outOf}
            data-dossiers={city.dossiers}
          >
            <span className="kpi-title">{scope}</span>
            <span className="index-points">{t('index.outOf', { points: points(city.points), outOf: city.outOf })}</span>
            <span className="muted">
              {t('index.counts', {
                dossiers: city.dossiers,
                returned: city.returned,
                days: points(city.averageHandlingDays),
              })}
            </span>
          </div>
          {city.outOf < 100 && <p className="muted small">{t('index.partial')}</p>}
          <ul className="plain index-groups">
            {groups.map((g) => (
              <li key={g.group} data-group={g.group}>
                <span>{words(`index.group.${g.group}`)}</span>
                <span className="index-bar" aria-hidden="true">
                  <span style={{ width: `${g.max > 0 && g.points !== null ? (100 * g.points) / g.max : 0}%` }} />
                </span>
                <strong>
                  {points(g.points)}/{g.max}
                </strong>
              </li>
            ))}
          </ul>
          <DataTable
            caption={t('index.criteria')}
            columns={criterionColumns}
            rows={city.criteria}
            rowKey={(r) => r.code}
            filename={`chi-so-766-${agency ? `${agency}-` : ''}${from}-${to}.csv`}
            empty={t('index.none')}
          />
          <DataTable
            caption={t('index.agencies')}
            columns={agencyColumns}
            rows={index?.agencies ?? []}
            rowKey={(r) => r.agency}
            filename={`chi-so-766-co-quan-${from}-${to}.csv`}
            empty={t('index.none')}
          />
        </section>
      )}
      <section aria-label={t('index.trend', { of: scope })}>
        <h2>{t('index.trend', { of: scope })}</h2>
        <ul className="plain index-trend">
          {trend.map((x) => (
            <li key={x.month} data-month={x.month}>
              <span data-month-words>{monthWords(x.month, locale)}</span>
              <span className="index-bar" aria-hidden="true">
                <span style={{ width: `${x.points === null ? 0 : x.points}%` }} />
              </span>
              <strong>{x.points === null ? '—' : `${points(x.points)}/${x.outOf}`}</strong>
            </li>
          ))}
        </ul>
      </section>
      <DataTable
        caption={t('index.late')}
        columns={lateColumns}
        rows={late}
        rowKey={(r) => r.code}
        filename={`ho-so-qua-han-${agency ? `${agency}-` : ''}${today}.csv`}
        empty={t('index.noneLate')}
      />
    </main>
  );
}
