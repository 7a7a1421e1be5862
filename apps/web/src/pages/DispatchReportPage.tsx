import { Fragment, useState } from 'react';
import { formatTime } from '../format';
import { hasKey, useI18n } from '../i18n';
import { useLoad } from '../load';
import {
  downloadWithSession,
  emergencyApi,
  INTERVALS,
  type IntervalFigures,
  type IntervalGrouping,
  type IntervalName,
} from '../panels/emergency/api';
import { clock } from '../panels/emergency/words';

/**
 * Response times for leaders: the NFPA 1221/1710 intervals of the incidents of a period (answer →
 * create, create → dispatch, turnout, travel, on scene → clear), their 50th and 90th percentiles per
 * incident type, agency or ward, against the targets; a CSV of the same, and a page that prints.
 */

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function DispatchReportPage({ onConsole }: { onConsole: () => void }) {
  const { t, locale } = useI18n();
  const [from, setFrom] = useState(() => day(Date.now() - 6 * DAY_MS));
  const [to, setTo] = useState(() => day(Date.now()));
  const [by, setBy] = useState<IntervalGrouping>('type');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  // Whole days in the city's time: from the first day's midnight to the end of the last.
  const fromIso = new Date(`${from}T00:00:00+07:00`).toISOString();
  const toIso = new Date(Date.parse(`${to}T00:00:00+07:00`) + DAY_MS).toISOString();
  const report = useLoad(() => emergencyApi.intervals(fromIso, toIso, by), [fromIso, toIso, by]);
  const rows = report.data?.rows ?? [];
  const targets = report.data?.targets ?? {};
  const figure = (f: IntervalFigures | undefined, name: IntervalName) => {
    if (!f || f.count === 0 || f.p90 === null || f.p90 === undefined) return <td className="num muted">—</td>;
    const target = f.target ?? targets[name];
    const met = f.met ?? (target !== undefined && target !== null ? f.p90 <= target : null);
    return (
      <td className={`num ${met === false ? 'over-target' : met ? 'within-target' : ''}`} data-interval={name}>
        {f.p50 !== null && f.p50 !== undefined ? clock(f.p50) : '—'} / <strong>{clock(f.p90)}</strong>
        <span className="muted small"> ({f.count})</span>
        {met === false && <span className="sr-only"> {t('report.overTarget')}</span>}
      </td>
    );
  };
  const groupWords = (key: string) => {
    const words = `dispatch.agency.${key}`;
    return by === 'agency' && hasKey(words) ? t(words) : key;
  };
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
          <input type="date" name="report-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('report.to')} <input type="date" name="report-to" value={to} onChange={(e) => setTo(e.target.value)} />
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
        <a
          href={emergencyApi.intervalsCsvUrl(fromIso, toIso, by)}
          download={`intervals-${by}-${from}-${to}.csv`}
          onClick={(e) => {
            e.preventDefault();
            setDownloadError(null);
            void downloadWithSession(
              emergencyApi.intervalsCsvUrl(fromIso, toIso, by),
              `intervals-${by}-${from}-${to}.csv`,
            ).catch((err: Error) => setDownloadError(err.message));
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
        {t('report.period', { from, to })} · {t(`report.by.${by}`)} ·{' '}
        {formatTime(new Date().toISOString(), locale, true)}
      </p>
      {report.error && <p className="error">{t('common.error', { message: report.error })}</p>}
      <section className="trends-panel">
        <table className="interval-table">
          <caption>{t('report.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`report.by.${by}`)}</th>
              <th scope="col" className="num">
                {t('report.incidents')}
              </th>
              {INTERVALS.map((name) => (
                <th key={name} scope="col" className="num">
                  {t(`report.interval.${name}`)}
                  {targets[name] !== undefined && (
                    <span className="muted small target"> {t('report.target', { target: clock(targets[name]) })}</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-group={r.key}>
                <th scope="row">{groupWords(r.key)}</th>
                <td className="num">{r.incidents}</td>
                {INTERVALS.map((name) => (
                  <Fragment key={name}>{figure(r.intervals[name], name)}</Fragment>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {report.data && rows.length === 0 && <p className="muted pad">{t('report.none')}</p>}
        {!report.data && !report.error && <p className="muted">{t('common.loading')}</p>}
        <p className="muted small">{t('report.legend')}</p>
      </section>
    </main>
  );
}
