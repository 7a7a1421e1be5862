import { useState, type FormEvent } from 'react';
import { transitApi, type ServiceAlert, type ServiceAlertBody } from '../api';
import { formatTime } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { useLoad } from '../load';

/**
 * Service alerts for riders, as operators write them: those in force, ahead or in draft, each with
 * what it is about and when; a form for a new one (routes or stops, cause and effect, when, the words
 * in Vietnamese and English) and a button to withdraw one. They reach the ServiceAlerts feed and the
 * rider's page; the server checks every route and stop against the schedule.
 */

const CAUSES = ['CONSTRUCTION', 'ACCIDENT', 'WEATHER', 'DEMONSTRATION', 'HOLIDAY', 'MAINTENANCE', 'OTHER_CAUSE'];
const EFFECTS = ['DETOUR', 'REDUCED_SERVICE', 'SIGNIFICANT_DELAYS', 'NO_SERVICE', 'STOP_MOVED', 'OTHER_EFFECT'];

/** `YYYY-MM-DDTHH:mm` typed in Hanoi's clock, as an instant. */
const hanoiInstant = (local: string): string | undefined => (local ? `${local}:00+07:00` : undefined);
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function ServiceAlerts({ canWrite }: { canWrite: boolean }) {
  const { t, language, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const alerts = useLoad(() => transitApi.alerts(), [reload]);
  const routes = useLoad(() => transitApi.routes(), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const about = (a: ServiceAlert) =>
    a.informedEntities
      .map((e) =>
        e.routeId
          ? t('alerts.aboutRoute', { route: e.routeId })
          : e.stopId
            ? t('alerts.aboutStop', { stop: e.stopId })
            : (e.trip?.tripId ?? ''),
      )
      .filter(Boolean)
      .join(', ');
  const when = (a: ServiceAlert) =>
    a.activePeriods.length === 0
      ? t('alerts.untilWithdrawn')
      : a.activePeriods
          .map((p) =>
            [
              p.start ? formatTime(String(p.start), locale, true) : t('alerts.now'),
              p.end ? formatTime(String(p.end), locale, true) : t('alerts.open'),
            ].join(' – '),
          )
          .join('; ');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => {
      const value = f.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const start = hanoiInstant(text('start'));
    const end = hanoiInstant(text('end'));
    const description = { vi: text('descriptionVi'), en: text('descriptionEn') };
    const body: ServiceAlertBody = {
      status: f.get('draft') ? 'draft' : 'published',
      cause: text('cause') as ServiceAlertBody['cause'],
      effect: text('effect') as ServiceAlertBody['effect'],
      informedEntities: [
        ...f
          .getAll('routes')
          .filter((r): r is string => typeof r === 'string')
          .map((routeId) => ({ routeId })),
        ...list(text('stops')).map((stopId) => ({ stopId })),
      ],
      activePeriods: start || end ? [{ ...(start ? { start } : {}), ...(end ? { end } : {}) }] : [],
      header: { vi: text('headerVi'), en: text('headerEn') },
      ...(description.vi && description.en ? { description } : {}),
    };
    setBusy(true);
    setError(null);
    const form = e.currentTarget;
    try {
      await transitApi.writeAlert(body);
      form.reset();
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async (id: string) => {
    setError(null);
    try {
      await transitApi.withdrawAlert(id);
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="trends-panel service-alerts" aria-labelledby="transit-alerts">
      <h2 id="transit-alerts">{t('alerts.title')}</h2>
      {alerts.error && <p className="error">{t('common.error', { message: alerts.error })}</p>}
      {alerts.data && alerts.data.alerts.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      <ul className="alert-list">
        {(alerts.data?.alerts ?? []).map((a) => (
          <li key={a.id} data-alert={a.id} data-state={a.state}>
            <strong>{language === 'vi' ? a.header.vi : a.header.en}</strong>{' '}
            <span className={`alert-state ${a.state}`}>{t(`alerts.state.${a.state}` as MessageKey)}</span>
            <div className="muted small">
              {about(a)} · {when(a)}
              {a.effect ? ` · ${a.effect}` : ''}
            </div>
            {canWrite && a.state !== 'withdrawn' && a.state !== 'ended' && (
              <button type="button" className="link" onClick={() => void withdraw(a.id)}>
                {t('alerts.withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form className="alert-form" onSubmit={(e) => void submit(e)} aria-label={t('alerts.new')}>
          <h3>{t('alerts.new')}</h3>
          <label>
            {t('alerts.routes')}
            <select name="routes" multiple size={6}>
              {(routes.data?.routes ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {[r.shortName ?? r.id, r.longName].filter(Boolean).join(' · ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.stops')}
            <input name="stops" placeholder={t('alerts.stopsHint')} />
          </label>
          <label>
            {t('alerts.cause')}
            <select name="cause" defaultValue="CONSTRUCTION">
              {CAUSES.map((c) => (
                <option key={c} value={c}>
                  {t(`alerts.cause.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.effect')}
            <select name="effect" defaultValue="DETOUR">
              {EFFECTS.map((c) => (
                <option key={c} value={c}>
                  {t(`alerts.effect.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.start')}
            <input name="start" type="datetime-local" />
          </label>
          <label>
            {t('alerts.end')}
            <input name="end" type="datetime-local" />
          </label>
          <label>
            {t('alerts.headerVi')}
            <input name="headerVi" required maxLength={200} lang="vi" />
          </label>
          <label>
            {t('alerts.headerEn')}
            <input name="headerEn" required maxLength={200} lang="en" />
          </label>
          <label>
            {t('alerts.descriptionVi')}
            <textarea name="descriptionVi" maxLength={4000} lang="vi" rows={2} />
          </label>
          <label>
            {t('alerts.descriptionEn')}
            <textarea name="descriptionEn" maxLength={4000} lang="en" rows={2} />
          </label>
          <label className="inline">
            <input name="draft" type="checkbox" /> {t('alerts.draft')}
          </label>
          <p className="muted small">{t('alerts.hint')}</p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('alerts.publish')}
          </button>
        </form>
      )}
    </section>
  );
}
