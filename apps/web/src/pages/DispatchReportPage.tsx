import { Fragment, useState } from 'react';
import { formatPercent } from '../format';
import { hasKey, useI18n } from '../i18n';
import { useLoad } from '../load';
import {
  downloadWithSession,
  emergencyApi,
  INTERVALS,
  type IntervalGroup,
  type IntervalGrouping,
  type IntervalName,
  type IntervalStats,
} from '../panels/emergency/api';
import { clock } from '../panels/emergency/words';

/**
 * Response times for leaders: the NFPA 1221/1710 intervals of the incidents of a period (answer →
 * create, create → dispatch, processing, turnout, travel, on scene → clear), their 50th and 90th
 * percentiles for the whole city and per incident type, agency or ward, against the targets; the same
 * as CSV, and a page that prints.
 */

const DAY_MS = 86_400_000;

/**
 * A time as the table shows it (m:ss), with the hundredths when it is over its target by less than a
 * second: 60.07 s against 1:00 reads "1:00.07", not a red "1:00" that looks on target.
 */
function overClock(seconds: number, target: number | null): string {
  const shown = clock(seconds);
  if (target === null || seconds <= target || shown !== clock(target)) return shown;
  const hundredths = Math.min(99, Math.max(1, Math.ceil((seconds - Math.floor(seconds)) * 100)));
  return `${shown}.${String(hundredths).padStart(2, '0')}`;
}

/** When the page was printed, in full in the city's time: "Thứ Hai, 7 tháng 12, 2026 lúc 13:56". */
const printedAt = (locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(),
  );
/** A day in Hanoi's calendar (UTC+7, no daylight saving). */
const hanoiDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

export function DispatchReportPage({ onConsole }: { onConsole: () => void }) {
  const { t, pick, locale } = useI18n();
  const [from, setFrom] = useState(() => hanoiDay(Date.now() - 6 * DAY_MS));
  const [to, setTo] = useState(() => hanoiDay(Date.now()));
  const [by, setBy] = useState<IntervalGrouping>('type');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  // Whole days in the city's time: from the first day's midnight to the end of the last.
  const fromIso = new Date(`${from}T00:00:00+07:00`).toISOString();
  const toIso = new Date(Date.parse(`${to}T00:00:00+07:00`) + DAY_MS).toISOString();
  const report = useLoad(() => emergencyApi.intervals(fromIso, toIso, by), [fromIso, toIso, by]);
  const types = useLoad(() => emergencyApi.types(), []);
  const data = report.data;
  const groups: readonly IntervalGroup[] = data ? [data.city, ...data.groups] : [];
  const csvUrl = emergencyApi.intervalsCsvUrl(fromIso, toIso, by);
  const csvName = `intervals-${by}-${from}-${to}.csv`;

  const groupWords = (g: IntervalGroup) => {
    if (g.by === 'city') return t('report.city');
    if (g.by === 'type') {
      const type = types.data?.types.find((ty) => ty.code === g.key);
      return type ? `${g.key} · ${pick(type)}` : g.key;
    }
    const agency = `dispatch.agency.${g.key}`;
    if (g.by === 'agency' && hasKey(agency)) return t(agency);
    return g.key === 'unknown' ? t('report.noWard') : g.key;
  };
  const cell = (s: IntervalStats | undefined) => {
    if (!s || s.count === 0 || s.p90 === null) return <td className="num muted">—</td>;
    const state = s.meetsTarget === false ? 'over-target' : s.meetsTarget ? 'within-target' : '';
    return (
      <td className={`num ${state}`} data-interval={s.interval} data-meets={String(s.meetsTarget)}>
        {s.p50 !== null ? clock(s.p50) : '—'} / <strong>{overClock(s.p90, s.target ?? null)}</strong>
        <span className="muted small">
          {' '}
          ({s.count}
          {s.withinTarget !== null ? ` · ${formatPercent(s.withinTarget, locale)}` : ''})
        </span>
        {s.meetsTarget === false && <span className="sr-only"> {t('report.overTarget')}</span>}
      </td>
    );
  };
  const targets: Readonly<Partial<Record<IntervalName, number>>> = data?.targets ?? {};
  const targetOf = (name: IntervalName) =>
    data?.city.intervals.find((s) => s.interval === name)?.target ?? targets[name] ?? null;

  return (
    <main className="trends-page dispatch-report" id="main" tabIndex={-1}>
      <div className="dispatch-title">
        <h1>{t('report.title')}</h1>
        <button type="button" className="link no-print" onClick={onConsole}>
          {t('report.backToConsole')}
        </button>
      </div>
      <p className="muted">{t('report.intro')}</p>
      <div className="toolbar no-print">
        <label>
          {t('report.from')}{' '}
          <input type="date" name="report-from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('report.to')}{' '}
          <input type="date" name="report-to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('report.by')}{' '}
          <select name="report-by" value={by} onChange={(e) => setBy(e.target.value as IntervalGrouping)}>
            {(['type', 'agency', 'ward'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`report.by.${b}`)}
              </option>
            ))}
          </select>
        </label>
        {/* The file is behind the session: the link fetches it with the session's token. */}
        <a
          href={csvUrl}
          download={csvName}
          data-csv
          onClick={(e) => {
            e.preventDefault();
            setDownloadError(null);
            void downloadWithSession(csvUrl, csvName).catch((err: Error) => setDownloadError(err.message));
          }}
        >
          {t('report.csv')}
        </a>
        <button type="button" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
      {downloadError && <p className="error">{t('common.error', { message: downloadError })}</p>}
      <p className="print-only small">
        {t('report.period', { from, to })} · {t(`report.by.${by}`)} · {printedAt(locale)}
      </p>
      {report.error && <p className="error">{t('common.error', { message: report.error })}</p>}
      <section className="trends-panel">
        <div className="data-table-scroll">
          <table className="interval-table">
            <caption>{t('report.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`report.by.${by}`)}</th>
                <th scope="col" className="num">
                  {t('report.incidents')}
                </th>
                {INTERVALS.map((name) => {
                  const target = targetOf(name);
                  return (
                    <th key={name} scope="col" className="num">
                      {t(`report.interval.${name}`)}
                      {target !== null && (
                        <span className="muted small target"> {t('report.target', { target: clock(target) })}</span>
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={`${g.by}-${g.key}`} data-group={g.by === 'city' ? 'city' : g.key}>
                  <th scope="row">{groupWords(g)}</th>
                  <td className="num">{g.incidents}</td>
                  {INTERVALS.map((name) => (
                    <Fragment key={name}>{cell(g.intervals.find((s) => s.interval === name))}</Fragment>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data && data.city.incidents === 0 && <p className="muted pad">{t('report.none')}</p>}
        {!data && !report.error && <p className="muted">{t('common.loading')}</p>}
        <p className="muted small">{t('report.legend')}</p>
      </section>
    </main>
  );
}
