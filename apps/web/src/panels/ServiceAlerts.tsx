import { useEffect, useState, type FormEvent } from 'react';
import { transitApi, type ServiceAlert, type ServiceAlertBody, type TransitRoutes } from '../api';
import { formatDateTime, HANOI } from '../format';
import { hasKey, useI18n, type MessageKey, type Translate } from '../i18n';
import { useLoad } from '../load';

/**
 * Service alerts for riders, as operators write them: those in force, ahead or in draft, each with
 * its routes and stops by name and when, in the reader's words; a form to write one, or to open one
 * again (a draft to publish, a published one to move its end), with stops found by name; and a button
 * to withdraw one, or to delete a draft (nobody saw it; one riders saw is withdrawn). They reach the ServiceAlerts feed and the rider's page; the server checks every
 * route and stop against the schedule. The feed keeps GTFS-Realtime's cause and effect names; the
 * operator reads and picks them in words.
 */

/** GTFS-Realtime's causes and effects as a Hanoi operator meets them, the likeliest first. */
const CAUSES = [
  'CONSTRUCTION',
  'ACCIDENT',
  'WEATHER',
  'POLICE_ACTIVITY',
  'DEMONSTRATION',
  'HOLIDAY',
  'TECHNICAL_PROBLEM',
  'MAINTENANCE',
  'MEDICAL_EMERGENCY',
  'STRIKE',
  'OTHER_CAUSE',
  'UNKNOWN_CAUSE',
];
const EFFECTS = [
  'DETOUR',
  'SIGNIFICANT_DELAYS',
  'REDUCED_SERVICE',
  'NO_SERVICE',
  'STOP_MOVED',
  'MODIFIED_SERVICE',
  'ADDITIONAL_SERVICE',
  'ACCESSIBILITY_ISSUE',
  'OTHER_EFFECT',
  'NO_EFFECT',
  'UNKNOWN_EFFECT',
];
const SEARCH_DELAY_MS = 250;

/** A GTFS-Realtime cause or effect in words; one the form does not offer is still named, not dropped. */
const causeWords = (t: Translate, cause: string) => {
  const key = `alerts.cause.${cause}`;
  return hasKey(key) ? t(key) : cause;
};
const effectWords = (t: Translate, effect: string) => {
  const key = `alerts.effect.${effect}`;
  return hasKey(key) ? t(key) : effect;
};

/** `dd/mm/yyyy HH:mm`, Hanoi's clock (as the city writes times), as an instant; undefined if not a real time. */
export function hanoiInstant(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const pad = (n: number) => String(n).padStart(2, '0');
  const iso = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00+07:00`;
  // 31/02 or 25:00 are refused, not rolled over into another day.
  return formatDateTime(iso) === `${pad(day)}/${pad(month)}/${year} ${pad(hour)}:${pad(minute)}` ? iso : undefined;
}

interface StopName {
  readonly id: string;
  readonly name: string | null;
  readonly code: string | null;
}
const stopLabel = (s: StopName) => `${s.name ?? s.id}${s.code ? ` (${s.code})` : ''}`;

type Route = TransitRoutes['routes'][number];
/** "32 (Giáp Bát – Nhổn)": as riders and drivers call a route. */
const routeLabel = (r: Pick<Route, 'id' | 'shortName' | 'longName'>) =>
  `${r.shortName ?? r.id}${r.longName ? ` (${r.longName})` : ''}`;

interface Form {
  readonly routes: readonly string[];
  readonly stops: readonly StopName[];
  readonly cause: string;
  readonly effect: string;
  readonly start: string;
  readonly end: string;
  readonly headerVi: string;
  readonly headerEn: string;
  readonly descriptionVi: string;
  readonly descriptionEn: string;
}

const EMPTY: Form = {
  routes: [],
  stops: [],
  cause: 'CONSTRUCTION',
  effect: 'DETOUR',
  start: '',
  end: '',
  headerVi: '',
  headerEn: '',
  descriptionVi: '',
  descriptionEn: '',
};

type Entity = ServiceAlert['informedEntities'][number];
/** A whole route or a stop, as the form picks them; anything finer (a direction, a trip) it keeps as it was. */
const onlyRoute = (e: Entity) => e.routeId !== undefined && Object.keys(e).length === 1;
const onlyStop = (e: Entity) => e.stopId !== undefined && Object.keys(e).length === 1;

/** The form holding an alert opened again: its first period (the form writes one). */
function formOf(a: ServiceAlert, stops: ReadonlyMap<string, StopName>): Form {
  const period = a.activePeriods[0];
  return {
    routes: a.informedEntities.flatMap((e) => (onlyRoute(e) && e.routeId ? [e.routeId] : [])),
    stops: a.informedEntities.flatMap((e) =>
      onlyStop(e) && e.stopId ? [stops.get(e.stopId) ?? { id: e.stopId, name: null, code: null }] : [],
    ),
    cause: a.cause ?? 'OTHER_CAUSE',
    effect: a.effect ?? 'OTHER_EFFECT',
    start: period?.start ? formatDateTime(String(period.start)) : '',
    end: period?.end ? formatDateTime(String(period.end)) : '',
    headerVi: a.header.vi,
    headerEn: a.header.en,
    descriptionVi: a.description?.vi ?? '',
    descriptionEn: a.description?.en ?? '',
  };
}

export function ServiceAlerts({ canWrite }: { canWrite: boolean }) {
  const { t, language, locale } = useI18n();
  const [reload, setReload] = useState(0);
  const alerts = useLoad(() => transitApi.alerts(), [reload]);
  const routes = useLoad(() => transitApi.routes(), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<Form>(EMPTY);
  /** The alert the form edits: null for a new one. */
  const [editing, setEditing] = useState<ServiceAlert | null>(null);
  const [stopNames, setStopNames] = useState<ReadonlyMap<string, StopName>>(new Map());
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  // The names of the stops the listed alerts name, asked once each.
  useEffect(() => {
    const wanted = new Set(
      (alerts.data?.alerts ?? []).flatMap((a) => a.informedEntities.flatMap((e) => (e.stopId ? [e.stopId] : []))),
    );
    const missing = [...wanted].filter((id) => !stopNames.has(id));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map((id) =>
        transitApi.stop(id).then(
          (s): StopName => ({ id, name: s.name, code: s.code }),
          (): StopName => ({ id, name: null, code: null }),
        ),
      ),
    ).then((found) => {
      if (live) setStopNames((known) => new Map([...known, ...found.map((s) => [s.id, s] as const)]));
    });
    return () => {
      live = false;
    };
  }, [alerts.data, stopNames]);

  const routeById = new Map((routes.data?.routes ?? []).map((r) => [r.id, r]));
  const about = (a: ServiceAlert) =>
    a.informedEntities
      .map((e) => {
        if (e.routeId) {
          const r = routeById.get(e.routeId);
          const route = t('alerts.aboutRoute', { route: r ? routeLabel(r) : e.routeId });
          return e.directionId === undefined
            ? route
            : `${route}, ${t(e.directionId === 0 ? 'transit.outbound' : 'transit.inbound').toLowerCase()}`;
        }
        if (e.stopId)
          return t('alerts.aboutStop', {
            stop: stopLabel(stopNames.get(e.stopId) ?? { id: e.stopId, name: null, code: null }),
          });
        return e.trip?.tripId ? t('alerts.aboutTrip', { trip: e.trip.tripId }) : '';
      })
      .filter(Boolean)
      .join('; ');
  const at = (iso: string) =>
    new Date(iso).toLocaleString(locale, {
      timeZone: HANOI,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  const when = (a: ServiceAlert) =>
    a.activePeriods.length === 0
      ? t('alerts.untilWithdrawn')
      : a.activePeriods
          .map((p) =>
            t('alerts.period', {
              from: p.start ? at(String(p.start)) : t('alerts.now'),
              until: p.end ? at(String(p.end)) : t('alerts.open'),
            }),
          )
          .join('; ');

  const open = (a: ServiceAlert) => {
    setEditing(a);
    setForm(formOf(a, stopNames));
    setError(null);
  };
  const close = () => {
    setEditing(null);
    setForm(EMPTY);
    setError(null);
  };

  const save = async (status: 'draft' | 'published') => {
    const start = form.start.trim() ? hanoiInstant(form.start) : undefined;
    const end = form.end.trim() ? hanoiInstant(form.end) : undefined;
    if ((form.start.trim() && !start) || (form.end.trim() && !end)) {
      setError(t('alerts.badTime'));
      return;
    }
    if (form.routes.length + form.stops.length === 0) {
      setError(t('alerts.nothingNamed'));
      return;
    }
    const description = { vi: form.descriptionVi.trim(), en: form.descriptionEn.trim() };
    const body: ServiceAlertBody = {
      status,
      cause: form.cause as ServiceAlertBody['cause'],
      effect: form.effect as ServiceAlertBody['effect'],
      // What the form does not show (a severity, a trip, a direction, more periods) is kept as it was.
      ...(editing?.severity === undefined ? {} : { severity: editing.severity as ServiceAlertBody['severity'] }),
      informedEntities: [
        ...form.routes.map((routeId) => ({ routeId })),
        ...form.stops.map((s) => ({ stopId: s.id })),
        ...(editing?.informedEntities.filter((e) => !onlyRoute(e) && !onlyStop(e)) ?? []),
      ],
      activePeriods: [
        ...(start || end ? [{ ...(start ? { start } : {}), ...(end ? { end } : {}) }] : []),
        ...(editing?.activePeriods.slice(1).map((p) => ({
          ...(p.start ? { start: String(p.start) } : {}),
          ...(p.end ? { end: String(p.end) } : {}),
        })) ?? []),
      ],
      header: { vi: form.headerVi.trim(), en: form.headerEn.trim() },
      ...(description.vi && description.en ? { description } : {}),
      ...(editing?.url === undefined ? {} : { url: editing.url }),
    };
    setBusy(true);
    setError(null);
    try {
      if (editing) await transitApi.editAlert(editing.id, editing.version, body);
      else await transitApi.writeAlert(body);
      setStopNames((known) => new Map([...known, ...form.stops.map((s) => [s.id, s] as const)]));
      close();
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent<HTMLFormElement>, status: 'draft' | 'published') => {
    e.preventDefault();
    void save(status);
  };

  const withdraw = async (id: string) => {
    setError(null);
    try {
      await transitApi.withdrawAlert(id);
      if (editing?.id === id) close();
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  /** A draft only: the server refuses to delete what riders saw (409). */
  const deleteDraft = async (id: string) => {
    setError(null);
    try {
      await transitApi.deleteDraftAlert(id);
      if (editing?.id === id) close();
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const isDraft = editing === null || editing.status === 'draft';
  return (
    <section className="trends-panel service-alerts" aria-labelledby="transit-alerts">
      <h2 id="transit-alerts">{t('alerts.title')}</h2>
      {alerts.error && <p className="error">{t('common.error', { message: alerts.error })}</p>}
      {alerts.data && alerts.data.alerts.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      <ul className="alert-list">
        {(alerts.data?.alerts ?? []).map((a) => (
          <li key={a.id} data-alert={a.id} data-state={a.state} aria-current={editing?.id === a.id || undefined}>
            <strong>{language === 'vi' ? a.header.vi : a.header.en}</strong>{' '}
            <span className={`alert-state ${a.state}`}>{t(`alerts.state.${a.state}` as MessageKey)}</span>
            <div className="muted small alert-about">{about(a)}</div>
            <div className="muted small alert-when">
              {when(a)}
              {a.cause ? ` · ${causeWords(t, a.cause)}` : ''}
              {a.effect ? ` · ${effectWords(t, a.effect)}` : ''}
            </div>
            {canWrite && a.state !== 'withdrawn' && a.state !== 'ended' && (
              <div className="alert-actions">
                <button type="button" className="link" onClick={() => open(a)}>
                  {t(a.state === 'draft' ? 'alerts.openDraft' : 'alerts.edit')}
                </button>{' '}
                {a.state === 'draft' ? (
                  <button type="button" className="link" onClick={() => void deleteDraft(a.id)}>
                    {t('alerts.deleteDraft')}
                  </button>
                ) : (
                  <button type="button" className="link" onClick={() => void withdraw(a.id)}>
                    {t('alerts.withdraw')}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {canWrite && (
        <form
          className="alert-form"
          onSubmit={(e) => submit(e, 'published')}
          aria-label={editing ? t('alerts.editing') : t('alerts.new')}
          data-editing={editing?.id}
        >
          <h3>{editing ? t('alerts.editing') : t('alerts.new')}</h3>
          <label>
            {t('alerts.routes')}
            <select
              name="routes"
              multiple
              size={6}
              value={[...form.routes]}
              onChange={(e) => set({ routes: [...e.currentTarget.selectedOptions].map((o) => o.value) })}
            >
              {(routes.data?.routes ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {routeLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <StopPicker
            chosen={form.stops}
            onChange={(stops) => set({ stops })}
            label={t('alerts.stops')}
            hint={t('alerts.stopsHint')}
          />
          <label>
            {t('alerts.cause')}
            <select name="cause" value={form.cause} onChange={(e) => set({ cause: e.currentTarget.value })}>
              {[...CAUSES, ...(CAUSES.includes(form.cause) ? [] : [form.cause])].map((c) => (
                <option key={c} value={c}>
                  {causeWords(t, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.effect')}
            <select name="effect" value={form.effect} onChange={(e) => set({ effect: e.currentTarget.value })}>
              {[...EFFECTS, ...(EFFECTS.includes(form.effect) ? [] : [form.effect])].map((c) => (
                <option key={c} value={c}>
                  {effectWords(t, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('alerts.start')}
            <input
              name="start"
              inputMode="numeric"
              placeholder={t('alerts.timeFormat')}
              pattern="\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"
              value={form.start}
              onChange={(e) => set({ start: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('alerts.end')}
            <input
              name="end"
              inputMode="numeric"
              placeholder={t('alerts.timeFormat')}
              pattern="\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"
              value={form.end}
              onChange={(e) => set({ end: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('alerts.headerVi')}
            <input
              name="headerVi"
              required
              maxLength={200}
              lang="vi"
              value={form.headerVi}
              onChange={(e) => set({ headerVi: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('alerts.headerEn')}
            <input
              name="headerEn"
              required
              maxLength={200}
              lang="en"
              value={form.headerEn}
              onChange={(e) => set({ headerEn: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('alerts.descriptionVi')}
            <textarea
              name="descriptionVi"
              maxLength={4000}
              lang="vi"
              rows={2}
              value={form.descriptionVi}
              onChange={(e) => set({ descriptionVi: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('alerts.descriptionEn')}
            <textarea
              name="descriptionEn"
              maxLength={4000}
              lang="en"
              rows={2}
              value={form.descriptionEn}
              onChange={(e) => set({ descriptionEn: e.currentTarget.value })}
            />
          </label>
          <p className="muted small">{t('alerts.hint')}</p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="toolbar">
            <button type="submit" disabled={busy}>
              {t(isDraft ? 'alerts.publish' : 'alerts.save')}
            </button>
            {isDraft && (
              <button
                type="button"
                disabled={busy}
                onClick={(e) => {
                  const f = e.currentTarget.form;
                  if (f?.reportValidity()) void save('draft');
                }}
              >
                {t('alerts.saveDraft')}
              </button>
            )}
            {editing && (
              <button type="button" className="link" onClick={close}>
                {t('alerts.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** Stops found by name as it is typed (with or without diacritics: "giap bat" finds Giáp Bát), or by code. */
function StopPicker({
  chosen,
  onChange,
  label,
  hint,
}: {
  chosen: readonly StopName[];
  onChange: (stops: StopName[]) => void;
  label: string;
  hint: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [found, setFound] = useState<StopName[] | null>(null);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound(null);
      return;
    }
    const ask = new AbortController();
    const timer = setTimeout(() => {
      transitApi.findStops(q, ask.signal).then(
        (r) => setFound(r.stops.map((s) => ({ id: s.id, name: s.name, code: s.code }))),
        () => undefined,
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ask.abort();
    };
  }, [text]);
  const choose = (s: StopName) => {
    if (!chosen.some((c) => c.id === s.id)) onChange([...chosen, s]);
    setText('');
    setFound(null);
  };
  return (
    <div className="stop-picker">
      <label>
        {label}
        <input
          type="search"
          name="stopSearch"
          autoComplete="off"
          placeholder={hint}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter takes the first stop found, not the whole form.
            if (e.key === 'Enter') {
              e.preventDefault();
              if (found?.[0]) choose(found[0]);
            }
          }}
        />
      </label>
      {found && (
        <ul className="stop-found" aria-label={t('alerts.stopsFound')}>
          {found.length === 0 && <li className="muted small">{t('alerts.noStopFound')}</li>}
          {found.map((s) => (
            <li key={s.id}>
              <button type="button" className="link" onClick={() => choose(s)}>
                {stopLabel(s)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {chosen.length > 0 && (
        <ul className="stop-chosen" aria-label={t('alerts.stopsChosen')}>
          {chosen.map((s) => (
            <li key={s.id} data-stop={s.id}>
              {stopLabel(s)}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('alerts.removeStop', { stop: stopLabel(s) })}
                onClick={() => onChange(chosen.filter((c) => c.id !== s.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
