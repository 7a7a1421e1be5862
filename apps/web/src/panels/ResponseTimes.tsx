import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { emergencyApi, type IntervalName, type IntervalReport, type IntervalStats } from './emergency/api';
import { clock } from './emergency/words';

/**
 * The emergency centre's response times as the operations centre follows them: the 50th and 90th
 * percentiles of the key NFPA intervals over the last day or week, each against its target (held at
 * the 90th percentile), from the leaders' report (GET /api/v1/emergency/intervals), which it links to.
 */

/** The intervals the strip shows: processing (answer → dispatch), the two turnouts, travel. */
const SHOWN: readonly IntervalName[] = ['processing', 'turnoutEms', 'turnoutFire', 'travel'];
const PERIODS = { day: 24, week: 168 } as const;
type Period = keyof typeof PERIODS;
/** Read again this often: incidents close all day, the percentiles move slowly. */
const EVERY_MS = 60_000;

export function ResponseTimes({ onReport }: { onReport: () => void }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>('day');
  const [report, setReport] = useState<IntervalReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () => {
      const to = new Date();
      const from = new Date(to.getTime() - PERIODS[period] * 3_600_000);
      emergencyApi.intervals(from.toISOString(), to.toISOString(), 'type').then(
        (r) => live && (setReport(r), setError(null)),
        (err: Error) => live && setError(err.message),
      );
    };
    load();
    const timer = setInterval(load, EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [period]);

  const stats = (name: IntervalName): IntervalStats | undefined =>
    report?.city.intervals.find((s) => s.interval === name);

  return (
    <section className="response-times" aria-label={t('responseTimes.title')} data-response-times>
      <div className="response-times-head">
        <h2>{t('responseTimes.title')}</h2>
        <select
          name="response-period"
          aria-label={t('responseTimes.period')}
          value={period}
          onChange={(e) => setPeriod(e.target.value as Period)}
        >
          <option value="day">{t('responseTimes.period.day')}</option>
          <option value="week">{t('responseTimes.period.week')}</option>
        </select>
        <span className="muted small">
          {report ? t('responseTimes.incidents', { count: report.city.incidents }) : ''}
        </span>
      </div>
      {error && <p className="error small">{t('common.error', { message: error })}</p>}
      <dl className="response-times-list">
        {SHOWN.map((name) => {
          const s = stats(name);
          const measured = s && s.count > 0 && s.p50 !== null && s.p90 !== null;
          const state = s?.meetsTarget === false ? 'over-target' : s?.meetsTarget ? 'within-target' : '';
          return (
            <div
              key={name}
              className={`response-time ${state}`}
              data-interval={name}
              data-meets={String(s?.meetsTarget)}
            >
              <dt>{t(`report.interval.${name}`)}</dt>
              <dd>
                {measured ? (
                  <>
                    <span className="response-value">
                      {clock(s.p50 as number)} / <strong>{clock(s.p90 as number)}</strong>
                    </span>{' '}
                    <span className="muted small">
                      {s.target !== null && t('report.target', { target: clock(s.target) })} ({s.count})
                    </span>
                    {s.meetsTarget === false && <span className="sr-only"> {t('report.overTarget')}</span>}
                  </>
                ) : (
                  <span className="muted">{report ? '—' : t('common.loading')}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      <a
        href="/dispatch/report"
        className="response-times-report"
        onClick={(e) => {
          e.preventDefault();
          onReport();
        }}
      >
        {t('responseTimes.report')}
      </a>
    </section>
  );
}
