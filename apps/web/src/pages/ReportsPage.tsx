import { useCallback, useEffect, useState } from 'react';
import { formatTime } from '../format';
import { hasKey, useI18n } from '../i18n';
import {
  CLOSED_STATES,
  OPEN_STATES,
  reportsApi,
  type Department,
  type ReportDetail,
  type ReportService,
  type StaffReport,
} from '../panels/reports/api';
import { QUICK_ANSWERS } from '../panels/reports/quick-answers';
import { ReportsMap } from '../panels/reports/ReportsMap';
import { timeLeft, urgencyOf, URGENCY_COLOURS } from '../panels/reports/urgency';

/**
 * The officers' desk for citizen reports: the queue ordered by time left (coloured overdue, due soon,
 * in time), filtered by state and department, the same reports on the map (near ones clustered), and
 * one report with its timeline and what can be done with it: receive, ask the reporter, transfer,
 * merge into a duplicate, resolve with a public answer (quick answers to start from), reject with a
 * reason, note. The server judges every permission; the page only hides what the role cannot do.
 */

const REFRESH_MS = 30_000;
type StateFilter = 'open' | 'closed' | (typeof OPEN_STATES)[number] | (typeof CLOSED_STATES)[number];

export function ReportsPage({
  styleUrl,
  canHandle,
  onInsight,
}: {
  styleUrl: string | null;
  canHandle: boolean;
  onInsight: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const [state, setState] = useState<StateFilter>('open');
  const [department, setDepartment] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [reports, setReports] = useState<readonly StaffReport[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [departments, setDepartments] = useState<readonly Department[]>([]);
  const [services, setServices] = useState<readonly ReportService[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  /** Each read of the queue: the report open beside it is read again with it (another officer may act). */
  const [tick, setTick] = useState(0);

  useEffect(() => {
    reportsApi.departments().then(
      (d) => setDepartments(d.departments),
      () => setDepartments([]),
    );
    // The services' questions and their values, to name a report's answers in the page's language.
    reportsApi.services().then(
      (s) => setServices(s.services),
      () => setServices([]),
    );
  }, []);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    // The queue takes one state, or none for every open one; "all closed" asks for each closed state.
    const states: readonly (string | undefined)[] =
      state === 'open' ? [undefined] : state === 'closed' ? CLOSED_STATES : [state];
    const load = () =>
      Promise.all(states.map((s) => reportsApi.queue({ state: s, department, overdue }))).then(
        (lists) => {
          if (!live) return;
          const all = lists.flatMap((q) => q.reports);
          if (lists.length > 1) all.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
          setReports(all);
          setError(null);
          setTick((n) => n + 1);
        },
        (err: Error) => live && setError(err.message),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [state, department, overdue, nonce]);

  // On a phone the report takes the queue's place: it is shown from its top, and back at the queue
  // the card just left is in view again.
  const phone = () => window.matchMedia('(max-width: 760px)').matches;
  useEffect(() => {
    if (selected && phone()) document.getElementById('main')?.scrollTo(0, 0);
  }, [selected]);
  const backToQueue = () => {
    const left = selected;
    setSelected(null);
    requestAnimationFrame(() =>
      document.querySelector(`.report-row[data-report="${left}"]`)?.scrollIntoView({ block: 'center' }),
    );
  };

  const departmentName = (id: string) => {
    const d = departments.find((x) => x.id === id);
    return d ? pick(d.name) : id;
  };
  const counts = {
    overdue: reports.filter((r) => urgencyOf(r) === 'overdue').length,
    soon: reports.filter((r) => urgencyOf(r) === 'soon').length,
  };

  return (
    // On a phone the queue and the report take turns (styles.css): has-selection says which is shown.
    <main className={`reports-page${selected ? ' has-selection' : ''}`} id="main" tabIndex={-1}>
      <div className="reports-head">
        <h1>{t('reports.title')}</h1>
        <span className="muted" data-count="reports">
          {t('reports.count', { n: reports.length, overdue: counts.overdue, soon: counts.soon })}
        </span>
        <button type="button" className="link" onClick={onInsight}>
          {t('reports.insightLink')}
        </button>
      </div>
      <div className="toolbar" role="group" aria-label={t('reports.filters')}>
        <label>
          {t('reports.state')}{' '}
          <select name="reports-state" value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
            <option value="open">{t('reports.allOpen')}</option>
            {OPEN_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`reports.state.${s}`)}
              </option>
            ))}
            <option value="closed">{t('reports.allClosed')}</option>
            {CLOSED_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`reports.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.department')}{' '}
          <select name="reports-department" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value="">{t('reports.allDepartments')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {pick(d.name)}
              </option>
            ))}
          </select>
        </label>
        <label className="toggle">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
          {t('reports.overdueOnly')}
        </label>
      </div>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      <div className="reports-layout">
        <section className="reports-queue" aria-label={t('reports.queue')}>
          {reports.length === 0 && <p className="muted pad">{t('reports.empty')}</p>}
          <ul className="plain">
            {reports.map((r) => {
              const u = urgencyOf(r);
              return (
                <li key={r.id}>
                  <button
                    type="button"
                    className={`report-row urgency-${u}${selected === r.id ? ' selected' : ''}`}
                    data-report={r.id}
                    data-urgency={u}
                    aria-pressed={selected === r.id}
                    onClick={() => setSelected(r.id)}
                    style={{ borderLeftColor: URGENCY_COLOURS[u] }}
                  >
                    <span className="report-row-top">
                      <strong>{r.serviceName}</strong>
                      <span className={`time-left urgency-${u}`}>{timeLeft(r, t)}</span>
                    </span>
                    <span className="muted small">
                      {r.id} · {t(`reports.state.${r.state}`)}
                      {r.level === 'urgent' ? ` · ${t('reports.level.urgent')}` : ''}
                      {r.wardName ? ` · ${r.wardName}` : ''}
                    </span>
                    <span className="small report-row-text">{r.description}</span>
                    <span className="muted small">
                      {departmentName(r.departmentId)} · {formatTime(r.requestedAt, locale, true)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
        <section className="reports-map-area" aria-label={t('reports.map')}>
          <ReportsMap
            styleUrl={styleUrl}
            attribution={t('map.attribution')}
            label={t('reports.map')}
            reports={reports}
            selected={selected}
            onSelect={setSelected}
          />
          <p className="muted small reports-legend">
            {(['overdue', 'soon', 'ok', 'paused'] as const).map((u) => (
              <span key={u}>
                <span className="swatch" style={{ background: URGENCY_COLOURS[u] }} aria-hidden="true" />{' '}
                {t(`reports.urgency.${u}`)}{' '}
              </span>
            ))}
          </p>
        </section>
        <section className="reports-detail" aria-label={t('reports.detail')}>
          {selected ? (
            <>
              <button type="button" className="link back-to-queue" onClick={backToQueue}>
                {t('reports.backToQueue')}
              </button>
              <ReportPanel
                key={selected}
                id={selected}
                canHandle={canHandle}
                departments={departments}
                services={services}
                tick={tick}
                onChanged={reload}
                onOpen={setSelected}
              />
            </>
          ) : (
            <p className="muted pad">{t('reports.pick')}</p>
          )}
        </section>
      </div>
    </main>
  );
}

type Action = 'ask' | 'transfer' | 'merge' | 'resolve' | 'reject' | 'note';

function ReportPanel({
  id,
  canHandle,
  departments,
  services,
  onChanged,
  onOpen,
  tick,
}: {
  id: string;
  canHandle: boolean;
  departments: readonly Department[];
  services: readonly ReportService[];
  tick: number;
  onChanged: () => void;
  onOpen: (id: string) => void;
}) {
  const { t, pick, locale, language } = useI18n();
  const [detail, setDetail] = useState<ReportDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [target, setTarget] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      reportsApi.report(id).then(
        (d) => (setDetail(d), setError(null)),
        (err: Error) => setError(err.message),
      ),
    [id],
  );
  useEffect(() => void load(), [load, tick]);

  if (error && !detail) return <p className="error">{t('common.error', { message: error })}</p>;
  if (!detail) return <p className="muted pad">{t('common.loading')}</p>;
  const r = detail.report;
  const open = r.status === 'open';
  const u = urgencyOf(r);

  const run = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      setAction(null);
      setText('');
      setTarget('');
      await load();
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const words = text.trim();
    switch (action) {
      case 'ask':
        return run(() => reportsApi.ask(id, words));
      case 'transfer':
        return run(() => reportsApi.transfer(id, target, words));
      case 'merge':
        return run(() => reportsApi.merge(id, target));
      case 'resolve':
        return run(async () => {
          // Each photo is checked by the server as it comes; the answer names those it kept.
          const mediaIds: string[] = [];
          for (const photo of photos) mediaIds.push((await reportsApi.uploadPhoto(photo)).id);
          await reportsApi.resolve(id, words, mediaIds);
          setPhotos([]);
        });
      case 'reject':
        return run(() => reportsApi.reject(id, words));
      case 'note':
        return run(() => reportsApi.note(id, words));
      case null:
        return undefined;
    }
  };
  const startAction = (a: Action) => {
    setAction(a);
    setText('');
    setTarget(a === 'merge' ? (detail.duplicates[0]?.id ?? '') : '');
    setPhotos([]);
  };
  const actions: Action[] = !canHandle
    ? []
    : open
      ? r.state === 'waiting'
        ? ['resolve', 'reject', 'note']
        : ['ask', 'transfer', 'merge', 'resolve', 'reject', 'note']
      : ['note'];
  const needsText = action !== null && action !== 'merge';
  const ready = (!needsText || text.trim() !== '') && ((action !== 'transfer' && action !== 'merge') || target !== '');
  // Every photo the public sees: the reporter's, a supplement's and the answer's (hidden ones are not shown).
  const shownPhotos = r.media.filter((m) => !m.hidden);
  const eventWords = (kind: string) => {
    const key = `reports.event.${kind}`;
    return hasKey(key) ? t(key) : kind;
  };
  // The steps no officer took are named in the page's language; an officer by their name.
  const actorWords = (actor: string) => {
    const key = `reports.actor.${actor}`;
    return hasKey(key) ? t(key) : actor;
  };

  return (
    <article className="report-detail" data-report={r.id} data-state={r.state}>
      <h2>
        {r.serviceName} <span className="muted small">{r.id}</span>
      </h2>
      <p>
        <span className={`report-state state-${r.state}`}>{t(`reports.state.${r.state}`)}</span>{' '}
        {open && (
          <span className={`time-left urgency-${u}`} data-time-left>
            {timeLeft(r, t)}
          </span>
        )}
      </p>
      <dl className="facts">
        <dt>{t('reports.department')}</dt>
        <dd>{pick(departments.find((d) => d.id === r.departmentId)?.name) || r.agencyResponsible}</dd>
        <dt>{t('reports.level')}</dt>
        <dd>{t(`reports.level.${r.level}`)}</dd>
        <dt>{t('reports.place')}</dt>
        <dd>
          {[r.address, r.wardName].filter(Boolean).join(', ') ||
            (r.location ? `${r.location[1].toFixed(5)}, ${r.location[0].toFixed(5)}` : '—')}
        </dd>
        <dt>{t('reports.submitted')}</dt>
        <dd>{formatTime(r.requestedAt, locale, true)}</dd>
        <dt>{t('reports.receiveBy')}</dt>
        <dd>
          {formatTime(r.clock.receiveBy, locale, true)}
          {r.clock.receivedAt
            ? ` (${t('reports.doneAt', { time: formatTime(r.clock.receivedAt, locale, true) })})`
            : ''}
        </dd>
        <dt>{t('reports.resolveBy')}</dt>
        <dd>
          {formatTime(r.clock.resolveBy, locale, true)}
          {r.clock.closedAt ? ` (${t('reports.doneAt', { time: formatTime(r.clock.closedAt, locale, true) })})` : ''}
        </dd>
        <dt>{t('reports.contact')}</dt>
        <dd>{[r.contact.email, r.contact.phone].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('reports.channel')}</dt>
        <dd>{r.channel}</dd>
      </dl>
      <p className="report-description">{r.description || <span className="muted">{t('reports.noText')}</span>}</p>
      {r.hidden && <p className="notice">{t('reports.hidden')}</p>}
      {Object.keys(r.attributes).length > 0 && (
        <ul className="plain small">
          {Object.entries(r.attributes).map(([k, v]) => {
            // The question and the chosen values by their names in the service's definition (the code
            // and key when the service no longer asks it).
            const question = services.find((s) => s.code === r.serviceCode)?.attributes.find((a) => a.code === k);
            const valueName = (key: unknown) =>
              pick(question?.values?.find((x) => x.key === String(key))?.name) || String(key);
            return (
              <li key={k}>
                <strong>{pick(question?.description) || k}</strong>:{' '}
                {Array.isArray(v) ? v.map(valueName).join(', ') : valueName(v)}
              </li>
            );
          })}
        </ul>
      )}
      {shownPhotos.map((photo) =>
        // The page's policy shows only this site's images: a photo kept elsewhere (Open311 media_url) is a link.
        new URL(photo.url, location.href).origin === location.origin ? (
          <a key={photo.id} href={photo.url} target="_blank" rel="noreferrer">
            <img className="report-photo" src={photo.url} alt={t('reports.photo')} />
          </a>
        ) : (
          <a key={photo.id} className="external-photo" href={photo.url} target="_blank" rel="noopener noreferrer">
            ↗ {t('reports.externalPhoto')}
          </a>
        ),
      )}
      {r.statusNotes && (
        <p className="report-answer">
          <strong>{t('reports.publicAnswer')}:</strong> {r.statusNotes}
        </p>
      )}
      {r.state === 'submitted' && canHandle && (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void run(() => reportsApi.receive(id))}
        >
          {t('reports.action.receive')}
        </button>
      )}
      {actions.length > 0 && (
        <div className="actions" role="group" aria-label={t('reports.actions')}>
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              aria-pressed={action === a}
              onClick={() => (action === a ? setAction(null) : startAction(a))}
            >
              {t(`reports.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {action && (
        <form
          className="report-action-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void submit();
          }}
        >
          <p className="muted small">{t(`reports.explain.${action}`)}</p>
          {action === 'transfer' && (
            <label>
              {t('reports.transferTo')}{' '}
              <select name="transfer-to" value={target} onChange={(e) => setTarget(e.target.value)} required>
                <option value="">—</option>
                {departments
                  .filter((d) => d.id !== r.departmentId)
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {pick(d.name)}
                    </option>
                  ))}
              </select>
            </label>
          )}
          {action === 'merge' && (
            <label>
              {t('reports.mergeInto')}{' '}
              {detail.duplicates.length > 0 ? (
                <select name="merge-into" value={target} onChange={(e) => setTarget(e.target.value)}>
                  {detail.duplicates.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.id} · {d.serviceName} · {t(`reports.state.${d.state}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <input name="merge-into" value={target} onChange={(e) => setTarget(e.target.value.trim())} />
              )}
            </label>
          )}
          {action === 'resolve' && (
            <div className="quick-answers" role="group" aria-label={t('reports.quickAnswers')}>
              <span className="muted small">{t('reports.quickAnswers')}:</span>
              {QUICK_ANSWERS.map((q) => (
                <button key={q.key} type="button" className="chip" onClick={() => setText(q[language])}>
                  {t(`reports.quick.${q.key}`)}
                </button>
              ))}
            </div>
          )}
          {action === 'resolve' && (
            <label className="block">
              {t('reports.resolvePhotos')}
              <input
                type="file"
                name="resolve-photos"
                accept="image/jpeg,image/png,image/webp"
                multiple
                onChange={(e) => setPhotos([...(e.target.files ?? [])].slice(0, 10))}
              />
            </label>
          )}
          {needsText && (
            <label className="block">
              {t(`reports.text.${action}`)}
              <textarea
                name="action-text"
                rows={4}
                maxLength={4000}
                value={text}
                onChange={(e) => setText(e.target.value)}
                required
              />
            </label>
          )}
          <div className="form-foot">
            <button type="submit" className="primary" disabled={!ready || busy}>
              {t(`reports.confirm.${action}`)}
            </button>
            <button type="button" className="link" onClick={() => setAction(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {detail.duplicates.length > 0 && (
        <section>
          <h3>{t('reports.duplicates')}</h3>
          <ul className="plain">
            {detail.duplicates.map((d) => (
              <li key={d.id} className="small">
                <button type="button" className="link" onClick={() => onOpen(d.id)}>
                  {d.id}
                </button>{' '}
                {d.serviceName} · {t(`reports.state.${d.state}`)} · {d.description}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h3>{t('reports.timeline')}</h3>
      <ol className="timeline report-timeline">
        {detail.events.map((e) => (
          <li key={e.id} data-event={e.kind} className={e.public ? 'public' : 'internal'}>
            <span className="muted small">{formatTime(e.at, locale, true)}</span> <strong>{eventWords(e.kind)}</strong>
            {!e.public && <span className="tag">{t('reports.internal')}</span>}
            {e.actor && <span className="muted small"> · {actorWords(e.actor)}</span>}
            {e.text && <p>{e.text}</p>}
          </li>
        ))}
      </ol>
    </article>
  );
}
