import { useCallback, useEffect, useRef, useState } from 'react';
import { authHeaders } from '../api';
import { formatDateTime, HANOI } from '../format';
import { hasKey, useI18n, type Translate } from '../i18n';
import {
  ACTIONS_BY_STATE,
  CLOSED_STATES,
  dossiersApi,
  hoursLeft,
  OPEN_STATES,
  RECEIPT_PATTERN,
  type Action,
  type Agency,
  type MyAgencies,
  type Procedure,
  type ProcedureSummary,
  type QueueItem,
  type StaffDossier,
  type Step,
} from '../panels/dossiers/api';
import { workingDays } from '../panels/dossiers/words';
import { downloadWithSession } from '../panels/emergency/api';
import { answersInFormOrder, type AnswerLine } from '../public-services/answers';

/**
 * The officers' desk for online public services: the queue ordered by due date, with the working time
 * left and the late ones marked, filtered by agency and state; one dossier with its documents, its
 * timeline, the state machine's actions its state allows (a reason or the items asked for in a small
 * form) and its forms 01–06 as PDF in one click. The server judges every action; the page only offers
 * those the state allows. Phone-usable: on a narrow screen the queue and the dossier take turns.
 */

const REFRESH_MS = 30_000;
/** The queue holds the dossiers still open (the server's queue): all of them, or those in one state. */
type StateFilter = 'open' | (typeof OPEN_STATES)[number];

/** A channel in words, or as the server names it when the page has no words for it. */
function channelWords(channel: string, t: Translate): string {
  const key = `dossiers.channel.${channel}`;
  return hasKey(key) ? t(key) : channel;
}

export function timeLeftWords(
  item: { workingHoursLeft?: number | null; late?: boolean },
  t: Translate,
  locale = 'vi-VN',
): string {
  const left = hoursLeft(item.workingHoursLeft);
  if (!left) return item.late ? t('dossiers.late') : '';
  // A day or more in working days, to the half day, as the procedures state their limits; less in hours.
  const days = workingDays(item.workingHoursLeft);
  const text =
    days === null
      ? t('dossiers.hm', { h: left.h, m: left.m })
      : days === 1
        ? t('dossiers.workingDay')
        : t('dossiers.workingDays', { n: days.toLocaleString(locale) });
  return left.late || item.late ? t('dossiers.lateBy', { time: text }) : t('dossiers.left', { time: text });
}

export function DossiersPage({ canHandle, onIndex }: { canHandle: boolean; onIndex: () => void }) {
  const { t, pick, locale } = useI18n();
  const [state, setState] = useState<StateFilter>('open');
  const [agency, setAgency] = useState('');
  const [late, setLate] = useState(false);
  const [q, setQ] = useState('');
  const [dossiers, setDossiers] = useState<readonly QueueItem[]>([]);
  const [agencies, setAgencies] = useState<readonly Agency[]>([]);
  const [procedures, setProcedures] = useState<readonly ProcedureSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const [tick, setTick] = useState(0);

  // The filter offers the agencies the officer works for (all of them to admins, operators, viewers).
  const [mine, setMine] = useState<readonly string[] | 'all'>('all');
  useEffect(() => {
    dossiersApi.agencies().then(
      (a) => setAgencies(a.agencies),
      () => setAgencies([]),
    );
    dossiersApi.myAgencies().then(
      (m) => setMine(m.all ? 'all' : m.agencies),
      () => setMine('all'),
    );
    // The queue names a dossier's procedure by its code: the catalogue says it in words.
    dossiersApi.procedures().then(
      (p) => setProcedures(p.procedures),
      () => setProcedures([]),
    );
  }, []);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    const states: readonly (string | undefined)[] = state === 'open' ? [undefined] : [state];
    const load = () =>
      Promise.all(states.map((s) => dossiersApi.queue({ state: s, agency, late, q: q.trim() }))).then(
        (lists) => {
          if (!live) return;
          setDossiers(lists.flatMap((l) => l.dossiers));
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
  }, [state, agency, late, q, nonce]);

  const agencyName = (code: string) => pick(agencies.find((a) => a.code === code)?.name) || code;
  const procedureName = (code: string) => pick(procedures.find((p) => p.code === code)?.name) || code;
  const lateCount = dossiers.filter((d) => d.late).length;

  return (
    <main className={`dossiers-page${selected ? ' has-selection' : ''}`} id="main" tabIndex={-1}>
      <div className="reports-head">
        <h1>{t('dossiers.title')}</h1>
        <span className="muted" data-count="dossiers">
          {t('dossiers.count', { n: dossiers.length, late: lateCount })}
        </span>
        <button type="button" className="link" onClick={onIndex}>
          {t('dossiers.indexLink')}
        </button>
      </div>
      <TrackingBook agencies={agencies} />
      <div className="toolbar" role="group" aria-label={t('dossiers.filters')}>
        <label>
          {t('dossiers.state')}{' '}
          <select name="dossiers-state" value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
            <option value="open">{t('dossiers.allOpen')}</option>
            {OPEN_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`dossiers.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dossiers.agency')}{' '}
          <select name="dossiers-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">{t('dossiers.allAgencies')}</option>
            {agencies
              .filter((a) => mine === 'all' || mine.includes(a.code))
              .map((a) => (
                <option key={a.code} value={a.code}>
                  {pick(a.name)}
                </option>
              ))}
          </select>
        </label>
        <label className="toggle">
          <input type="checkbox" checked={late} onChange={(e) => setLate(e.target.checked)} /> {t('dossiers.lateOnly')}
        </label>
        <label>
          {t('dossiers.search')}{' '}
          <input name="dossiers-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      <div className="dossiers-layout">
        <section className="reports-queue dossiers-queue" aria-label={t('dossiers.queue')}>
          {dossiers.length === 0 && <p className="muted pad">{t('dossiers.empty')}</p>}
          <ul className="plain">
            {dossiers.map((d) => (
              <li key={d.code}>
                <button
                  type="button"
                  className={`report-row dossier-row${d.late ? ' late' : ''}${selected === d.code ? ' selected' : ''}`}
                  data-dossier={d.code}
                  data-late={d.late ? 'true' : 'false'}
                  aria-pressed={selected === d.code}
                  onClick={() => setSelected(d.code)}
                >
                  <span className="report-row-top">
                    <strong>{d.code}</strong>
                    <span className={`time-left ${d.late ? 'urgency-overdue' : 'urgency-ok'}`}>
                      {d.late && <span className="tag late-tag">{t('dossiers.late')}</span>}{' '}
                      {timeLeftWords(d, t, locale)}
                    </span>
                  </span>
                  {/* A full-process dossier is received only once its fee is paid: the officer sees it at a glance. */}
                  {d.feeState === 'due' && (
                    <span className="tag fee-due-tag" data-fee-due>
                      {t('dossiers.feeDue')}
                    </span>
                  )}
                  <span className="small report-row-text">{procedureName(d.procedure.code)}</span>
                  <span className="muted small">
                    {t(`dossiers.state.${d.state}`)} · {d.applicantMasked} · {channelWords(d.channel, t)}
                  </span>
                  <span className="muted small">
                    {pick(d.agencyName) || agencyName(d.agency)}
                    {d.dueAt ? ` · ${t('dossiers.dueAt')} ${formatDateTime(d.dueAt)}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="reports-detail dossiers-detail" aria-label={t('dossiers.detail')}>
          {selected ? (
            <>
              <button type="button" className="link back-to-queue" onClick={() => setSelected(null)}>
                ← {t('dossiers.backToQueue')}
              </button>
              <DossierPanel
                key={selected}
                code={selected}
                item={dossiers.find((d) => d.code === selected)}
                canHandle={canHandle}
                agencies={agencies}
                tick={tick}
                onChanged={reload}
              />
            </>
          ) : (
            <p className="muted pad">{t('dossiers.pick')}</p>
          )}
        </section>
      </div>
    </main>
  );
}

/** A day in Hanoi, YYYY-MM-DD (what the book's period is read in). */
const hanoiDay = (at: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: HANOI }).format(at);

/**
 * The tracking book (form 07) of a period, as PDF or CSV: for an officer, of each agency they work for;
 * for admins, operators and viewers, of the whole city or any agency. The month so far by default.
 */
function TrackingBook({ agencies }: { agencies: readonly Agency[] }) {
  const { t, pick } = useI18n();
  const today = hanoiDay(new Date());
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [mine, setMine] = useState<MyAgencies | null>(null);
  const [agency, setAgency] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dossiersApi.myAgencies().then(
      (m) => {
        setMine(m);
        if (!m.all) setAgency(m.agencies[0] ?? '');
      },
      () => setMine(null),
    );
  }, []);
  if (!mine || (!mine.all && mine.agencies.length === 0)) return null;
  const choices = mine.all ? agencies.map((a) => a.code) : mine.agencies;
  const name = (code: string) => pick(agencies.find((a) => a.code === code)?.name) || code;
  const ready = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const get = (format: 'pdf' | 'csv') => {
    setError(null);
    void downloadWithSession(
      dossiersApi.bookUrl(from, to, format, agency || undefined),
      `so-theo-doi-${agency || 'ha-noi'}-${from}-${to}.${format}`,
    ).catch((err: Error) => setError(err.message));
  };
  return (
    <div className="dossier-book" role="group" aria-label={t('dossiers.book')} data-book>
      <strong>{t('dossiers.book')}</strong>
      <label>
        {t('dossiers.bookFrom')}{' '}
        <input type="date" name="book-from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('dossiers.bookTo')}{' '}
        <input type="date" name="book-to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
      </label>
      {(mine.all || choices.length > 1) && (
        <label>
          {t('dossiers.agency')}{' '}
          <select name="book-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            {mine.all && <option value="">{t('dossiers.bookCity')}</option>}
            {choices.map((c) => (
              <option key={c} value={c}>
                {name(c)}
              </option>
            ))}
          </select>
        </label>
      )}
      {!mine.all && choices.length === 1 && <span className="muted small">{name(agency)}</span>}
      <button type="button" data-book-format="pdf" disabled={!ready} onClick={() => get('pdf')}>
        PDF
      </button>
      <button type="button" data-book-format="csv" disabled={!ready} onClick={() => get('csv')}>
        CSV
      </button>
      {error && <span className="error">{t('common.error', { message: error })}</span>}
    </div>
  );
}

/** What each action asks for in its small form; receive, start and return need nothing. */
type FormAction = Exclude<Action, 'receive' | 'start' | 'return'>;
const NEEDS_FORM: readonly FormAction[] = [
  'reject',
  'request-supplement',
  'hand-off',
  'extend',
  'stop',
  'result',
  'note',
  'fee-paid-at-counter',
];
const needsForm = (a: Action): a is FormAction => (NEEDS_FORM as readonly Action[]).includes(a);
/**
 * Steps that cannot be taken back (a refusal, a stop, the return, the dossier given to another agency, a
 * fee recorded paid): asked first.
 */
type IrreversibleAction = 'reject' | 'stop' | 'return' | 'hand-off' | 'fee-paid-at-counter';
const IRREVERSIBLE: readonly Action[] = ['reject', 'stop', 'return', 'hand-off', 'fee-paid-at-counter'];
const isIrreversible = (a: Action): a is IrreversibleAction => IRREVERSIBLE.includes(a);

/**
 * Asks before an irreversible step, naming what will happen. A modal dialog: the keyboard answers it
 * (Tab between the two buttons, Enter, Escape to cancel); it opens on "cancel", the safe answer.
 */
function ConfirmStep({
  words,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  words: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-step"
      role="alertdialog"
      aria-labelledby="confirm-step-title"
      aria-describedby="confirm-step-words"
      data-confirm
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h3 id="confirm-step-title">{t('dossiers.confirm.title')}</h3>
      <p id="confirm-step-words">{words}</p>
      <div className="form-foot">
        <button type="button" className="primary" data-confirm-yes onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancelRef} data-confirm-no onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function DossierPanel({
  code,
  item,
  canHandle,
  agencies,
  tick,
  onChanged,
}: {
  code: string;
  /** The dossier's line in the queue: the working time left, as the server counted it. */
  item: QueueItem | undefined;
  canHandle: boolean;
  agencies: readonly Agency[];
  tick: number;
  onChanged: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const [d, setD] = useState<StaffDossier | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState<FormAction | null>(null);
  const [text, setText] = useState('');
  const [extra, setExtra] = useState('');
  const [target, setTarget] = useState('');
  const [officer, setOfficer] = useState('');
  const [officers, setOfficers] = useState<readonly { id: string; username: string }[]>([]);
  const [days, setDays] = useState(1);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<IrreversibleAction | null>(null);
  // The procedure as the dossier was filed under it: its sections, questions and documents in words.
  // Undefined while it loads: the answers wait for it, not shown by their raw field ids meanwhile.
  const [procedure, setProcedure] = useState<Procedure | null | undefined>(undefined);
  const procedureCode = d?.procedure.code;
  const procedureVersion = d?.procedure.version;
  useEffect(() => {
    if (!procedureCode || procedureVersion === undefined) return;
    let live = true;
    dossiersApi
      .procedureVersion(procedureCode, procedureVersion)
      // A version the caller may not read: the procedure as it is now names the same questions, mostly.
      .catch(() => dossiersApi.procedure(procedureCode))
      .then(
        (p) => live && setProcedure(p),
        () => live && setProcedure(null),
      );
    return () => {
      live = false;
    };
  }, [procedureCode, procedureVersion]);
  const load = useCallback(
    () =>
      dossiersApi.dossier(code).then(
        (x) => (setD(x), setError(null)),
        (err: Error) => setError(err.message),
      ),
    [code],
  );
  useEffect(() => void load(), [load, tick]);
  // The officers of the agency a hand-off sends the dossier to, for the picker.
  const handOffAgency = action === 'hand-off' && d ? target || d.steps[d.stepIndex + 1]?.agency || '' : '';
  useEffect(() => {
    setOfficer('');
    setOfficers([]);
    if (!handOffAgency) return;
    let live = true;
    dossiersApi.officersOf(handOffAgency).then(
      (x) => live && setOfficers(x.officers),
      () => live && setOfficers([]),
    );
    return () => {
      live = false;
    };
  }, [handOffAgency]);

  if (error && !d) return <p className="error">{t('common.error', { message: error })}</p>;
  if (!d) return <p className="muted pad">{t('common.loading')}</p>;

  // The server names every agency the dossier names (a ward's committee too); the catalogue's list is the fallback.
  const agencyName = (c: string | undefined) =>
    c ? pick(d.agencies.find((a) => a.code === c)?.name) || pick(agencies.find((a) => a.code === c)?.name) || c : '';
  // The actions the state and the steps allow, as the server says; it judges each again (the officer's agency, the fee).
  const allowed: readonly Action[] = canHandle ? ACTIONS_BY_STATE[d.state].filter((a) => d.actions.includes(a)) : [];
  const step = d.steps[d.stepIndex];
  const next = d.steps[d.stepIndex + 1];
  // The deciding agency's next step goes to it, and to no other (the server refuses otherwise).
  const nextIsDeciding = next !== undefined && next.agency === d.decidingAgency;
  const signing = [...d.steps].reverse().find((s) => s.agency === d.decidingAgency);
  const wardName = (code: string) => pick(d.wards.find((x) => x.code === code)?.name);
  const closed = (CLOSED_STATES as readonly string[]).includes(d.state);
  const late = !closed && (item?.late ?? (d.dueAt !== undefined && Date.parse(d.dueAt) < Date.now()));
  const lines = (s: string) =>
    s
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
  const bodyOf = (a: Step): object => {
    switch (a) {
      case 'reject':
      case 'stop':
        return { reason: text.trim() };
      case 'request-supplement':
        return { items: lines(extra), note: text.trim() };
      case 'hand-off':
        return {
          ...(target && !nextIsDeciding ? { toAgency: target } : {}),
          ...(officer ? { toOfficer: officer } : {}),
          ...(text.trim() ? { note: text.trim() } : {}),
        };
      case 'extend':
        return { days, reason: text.trim() };
      case 'result':
        return { title: extra.trim(), body: lines(text) };
      case 'note':
        return { text: text.trim() };
      case 'receive':
      case 'start':
      case 'return':
        return {};
    }
  };
  const ready = (a: Action): boolean => {
    switch (a) {
      case 'reject':
      case 'stop':
      case 'note':
      case 'extend':
        return text.trim() !== '' && (a !== 'extend' || days >= 1);
      case 'request-supplement':
        return lines(extra).length > 0;
      case 'fee-paid-at-counter':
        return RECEIPT_PATTERN.test(extra.trim());
      case 'result':
        return extra.trim() !== '' && lines(text).length > 0;
      case 'hand-off':
      case 'receive':
      case 'start':
      case 'return':
        return true;
    }
  };
  const feeAmount = `${d.fee.totalVnd.toLocaleString(locale)} đ`;
  // Where a hand-off sends the dossier: the agency chosen, else the next step's.
  const handOffTo = () => agencyName(target && !nextIsDeciding ? target : next?.agency);
  const confirmWords = (a: IrreversibleAction): string => {
    switch (a) {
      case 'reject':
        return t('dossiers.confirm.reject', { code: d.code });
      case 'stop':
        return t('dossiers.confirm.stop', { code: d.code });
      case 'return':
        return t('dossiers.confirm.return', { code: d.code });
      case 'hand-off':
        return t('dossiers.confirm.hand-off', { code: d.code, agency: handOffTo() || t('dossiers.nextStep') });
      case 'fee-paid-at-counter':
        return t('dossiers.confirm.fee-paid-at-counter', { code: d.code, amount: feeAmount, receipt: extra.trim() });
    }
  };
  // An irreversible step is asked first; the others run at once.
  const ask = (a: Action) => (isIrreversible(a) ? setConfirming(a) : void run(a));
  const run = async (a: Action) => {
    setConfirming(null);
    setBusy(true);
    setError(null);
    try {
      await (a === 'fee-paid-at-counter'
        ? dossiersApi.feePaidAtCounter(code, extra.trim())
        : dossiersApi.act(code, a, bodyOf(a)));
      setAction(null);
      setText('');
      setExtra('');
      setTarget('');
      await load();
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const open = (url: string) =>
    void fetch(url, { headers: authHeaders() })
      .then(async (res) => {
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        const href = URL.createObjectURL(await res.blob());
        window.open(href, '_blank', 'noopener');
        setTimeout(() => URL.revokeObjectURL(href), 60_000);
      })
      .catch((err: Error) => setError(err.message));
  // Who took a step: an officer by name; the applicant and the system (a payment) in the page's words.
  const byWords = (by: string) => {
    const key = `dossiers.by.${by}`;
    return hasKey(key) ? t(key) : by;
  };
  // A kind the page has no words for is said in the server's words, in the page's language.
  const eventWords = (kind: string, text: { vi: string; en: string }) => {
    const key = `dossiers.event.${kind}`;
    return hasKey(key) ? t(key) : pick(text);
  };
  const forms = d.forms;
  const extensions = d.timeline.filter((e) => e.kind === 'extend').length;

  return (
    <article className="report-detail dossier-detail" data-dossier={d.code} data-state={d.state}>
      <h2>
        {pick(d.procedure.name)} <span className="muted small">{d.code}</span>
      </h2>
      <p>
        <span className={`report-state state-${d.state}`}>{t(`dossiers.state.${d.state}`)}</span>{' '}
        {!closed && (
          <span className={`time-left ${late ? 'urgency-overdue' : 'urgency-ok'}`} data-time-left>
            {timeLeftWords({ workingHoursLeft: item?.workingHoursLeft, late }, t, locale)}
          </span>
        )}
        {d.timeliness && <span className="muted"> · {t(`dossiers.timeliness.${d.timeliness}`)}</span>}
      </p>
      <dl className="facts">
        <dt>{t('dossiers.agency')}</dt>
        <dd>{agencyName(d.agency)}</dd>
        <dt>{t('dossiers.applicant')}</dt>
        <dd>
          {[d.applicant?.name, d.applicant?.idNumber, d.applicant?.phone, d.applicant?.email, d.applicant?.address]
            .filter(Boolean)
            .join(' · ') || '—'}
        </dd>
        {d.state === 'processing' && step && (
          <>
            <dt>{t('dossiers.step')}</dt>
            <dd data-step={step.code}>
              {t('dossiers.stepOf', { n: d.stepIndex + 1, of: d.steps.length, name: pick(step.name) })} ·{' '}
              {agencyName(step.agency)}
            </dd>
          </>
        )}
        <dt>{t('dossiers.submittedAt')}</dt>
        <dd>{formatDateTime(d.submittedAt) || '—'}</dd>
        <dt>{t('dossiers.receivedAt')}</dt>
        <dd>{formatDateTime(d.receivedAt) || '—'}</dd>
        <dt>{t('dossiers.dueAt')}</dt>
        <dd data-due={d.dueAt ?? ''}>{formatDateTime(d.dueAt) || '—'}</dd>
        {d.channel && (
          <>
            <dt>{t('dossiers.channel')}</dt>
            <dd>{channelWords(d.channel, t)}</dd>
          </>
        )}
        {d.fee && d.fee.totalVnd > 0 && (
          <>
            <dt>{t('dossiers.fee')}</dt>
            <dd data-fee={d.fee.state}>
              {feeAmount} ·{' '}
              {d.fee.state === 'due' ? (
                <span className="tag fee-due-tag">{t('dossiers.feeDue')}</span>
              ) : (
                t(`dossiers.fee.${d.fee.state}`)
              )}
              {d.fee.receipt && (
                <span data-fee-receipt={d.fee.receipt}> · {t('dossiers.feeReceipt', { receipt: d.fee.receipt })}</span>
              )}
            </dd>
          </>
        )}
      </dl>
      {d.values && Object.keys(d.values).length > 0 && procedure !== undefined && (
        <DossierAnswers values={d.values} procedure={procedure} wardName={wardName} />
      )}
      {d.asked && (
        <div className="report-answer">
          <strong>{t('dossiers.asked')}:</strong> {d.asked.items.join('; ')}
          {d.asked.note ? ` — ${d.asked.note}` : ''}
        </div>
      )}
      <h3>{t('dossiers.documents')}</h3>
      {d.documents.length === 0 ? (
        <p className="muted small">—</p>
      ) : (
        <ul className="plain">
          {d.documents.map((doc) => (
            <li key={doc.id}>
              {doc.code && <span data-document-code={doc.code}>{doc.title}: </span>}
              <button
                type="button"
                className="link"
                data-document={doc.id}
                onClick={() => open(dossiersApi.documentUrl(doc.id))}
              >
                {typeof doc.name === 'string' ? doc.name : pick(doc.name)}
              </button>

              {doc.bytes ? (
                <span className="muted small"> · {Math.max(1, Math.round(doc.bytes / 1024))} kB</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {allowed.length > 0 && (
        <div className="actions" role="group" aria-label={t('dossiers.actions')}>
          {allowed.map((a) =>
            needsForm(a) ? (
              <button
                key={a}
                type="button"
                data-action={a}
                aria-pressed={action === a}
                onClick={() => {
                  setAction(action === a ? null : a);
                  setText('');
                  setExtra('');
                }}
              >
                {t(`dossiers.action.${a}`)}
              </button>
            ) : (
              <button key={a} type="button" className="primary" data-action={a} disabled={busy} onClick={() => ask(a)}>
                {t(`dossiers.action.${a}`)}
              </button>
            ),
          )}
        </div>
      )}
      {canHandle && d.state === 'processing' && !d.actions.includes('result') && signing && (
        <p className="muted small" data-result-after={signing.code}>
          {t('dossiers.resultAfter', { step: pick(signing.name), agency: agencyName(signing.agency) })}
        </p>
      )}
      {action && (
        <form
          className="report-action-form"
          data-form={action}
          onSubmit={(e) => {
            e.preventDefault();
            if (ready(action)) ask(action);
          }}
        >
          <p className="muted small">{t(`dossiers.explain.${action}`, { amount: feeAmount })}</p>
          {action === 'fee-paid-at-counter' && (
            <label className="block">
              {t('dossiers.receipt')}
              <input
                name="receipt"
                value={extra}
                maxLength={40}
                autoComplete="off"
                required
                aria-invalid={extra.trim() !== '' && !ready(action)}
                aria-describedby="receipt-hint"
                onChange={(e) => setExtra(e.target.value)}
              />
              <span id="receipt-hint" className={extra.trim() !== '' && !ready(action) ? 'error small' : 'muted small'}>
                {t('dossiers.receiptHint')}
              </span>
            </label>
          )}
          {action === 'request-supplement' && (
            <label className="block">
              {t('dossiers.items')}
              <textarea name="items" rows={3} value={extra} onChange={(e) => setExtra(e.target.value)} required />
            </label>
          )}
          {action === 'result' && (
            <label className="block">
              {t('dossiers.resultTitle')}
              <input name="title" value={extra} onChange={(e) => setExtra(e.target.value)} required />
            </label>
          )}
          {action === 'hand-off' && nextIsDeciding && (
            <p className="small" data-next-step={next.code}>
              {t('dossiers.nextStepTo', { step: pick(next.name), agency: agencyName(next.agency) })}
            </p>
          )}
          {action === 'hand-off' && !nextIsDeciding && (
            <label className="block">
              {t('dossiers.toAgency')}
              <select name="to-agency" value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">{t('dossiers.nextStep')}</option>
                {agencies
                  .filter((a) => a.code !== d.agency)
                  .map((a) => (
                    <option key={a.code} value={a.code}>
                      {pick(a.name)}
                    </option>
                  ))}
              </select>
            </label>
          )}
          {action === 'hand-off' && officers.length > 0 && (
            <label className="block">
              {t('dossiers.toOfficer')}
              <select name="to-officer" value={officer} onChange={(e) => setOfficer(e.target.value)}>
                <option value="">{t('dossiers.anyOfficer')}</option>
                {officers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.username}
                  </option>
                ))}
              </select>
            </label>
          )}
          {action === 'extend' && (
            <label className="block">
              {t('dossiers.days')}
              <input
                name="days"
                type="number"
                min={1}
                max={60}
                value={days}
                onChange={(e) => setDays(Number(e.target.value))}
              />
            </label>
          )}
          {action !== 'fee-paid-at-counter' && (
            <label className="block">
              {t(`dossiers.text.${action}`)}
              <textarea
                name="action-text"
                rows={action === 'result' ? 5 : 3}
                maxLength={4000}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
          )}
          <div className="form-foot">
            <button type="submit" className="primary" disabled={!ready(action) || busy}>
              {t(`dossiers.action.${action}`)}
            </button>
            <button type="button" className="link" onClick={() => setAction(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {confirming && (
        <ConfirmStep
          words={confirmWords(confirming)}
          confirmLabel={t(`dossiers.action.${confirming}`)}
          onConfirm={() => void run(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {d.result && (
        <button
          type="button"
          className="link"
          data-result={d.result.sha256}
          onClick={() => open(`/api/v1/services/dossiers/${encodeURIComponent(d.code)}/result`)}
        >
          {t('dossiers.result')}
        </button>
      )}
      <h3>{t('dossiers.forms')}</h3>
      <div className="actions dossier-forms">
        {forms.flatMap((k) =>
          // Each extension has its apology letter (04): one button per extension when there are several.
          (k === '04' && extensions > 1 ? Array.from({ length: extensions }, (_, i) => i + 1) : [undefined]).map(
            (n) => (
              <button
                key={`${k}-${n ?? ''}`}
                type="button"
                data-form-kind={k}
                data-extension={n}
                title={t(`dossiers.form.${k}`)}
                onClick={() =>
                  void downloadWithSession(
                    dossiersApi.formUrl(d.code, k, n),
                    `mau-${k}-${d.code}${n ? `-lan-${n}` : ''}.pdf`,
                  ).catch((err: Error) => setError(err.message))
                }
              >
                {k} · {t(`dossiers.form.${k}`)}
                {n !== undefined && ` (${t('dossiers.form.extension', { n })})`}
              </button>
            ),
          ),
        )}
      </div>
      <h3>{t('dossiers.timeline')}</h3>
      <ol className="timeline report-timeline">
        {d.timeline.map((e, i) => (
          <li key={`${e.at}-${i}`} data-event={e.kind}>
            <time className="muted small" dateTime={e.at}>
              {formatDateTime(e.at)}
            </time>{' '}
            <strong>{eventWords(e.kind, e.text)}</strong>
            {e.by && <span className="muted small"> · {byWords(e.by)}</span>}
            {(e.fromAgency || e.toAgency) && (
              <span className="muted small">
                {' '}
                · {agencyName(e.fromAgency)} → {agencyName(e.toAgency)}
              </span>
            )}
            <p>{pick(e.text)}</p>
            {e.note && <p className="muted">{e.note}</p>}
          </li>
        ))}
      </ol>
    </article>
  );
}

/**
 * The applicant's answers in the form's order, under its sections' titles, each with its question (the
 * citizens' page shows its own the same way: public-services/answers.ts).
 */
function DossierAnswers({
  values,
  procedure,
  wardName,
}: {
  values: Readonly<Record<string, unknown>>;
  procedure: Procedure | null;
  wardName: (code: string) => string;
}) {
  const { t, pick } = useI18n();
  const { sections, rest } = answersInFormOrder(procedure?.form, values, {
    pick,
    yes: t('dossiers.yes'),
    no: t('dossiers.no'),
    wardName,
  });
  const line = (l: AnswerLine) => (
    <li key={l.id} data-answer={l.id}>
      <strong>{l.label}</strong>: {l.text}
    </li>
  );
  return (
    <div className="small dossier-values">
      {sections.map((s) => (
        <section key={s.id} data-section={s.id}>
          <h4>{s.title}</h4>
          <ul className="plain">{s.lines.map(line)}</ul>
        </section>
      ))}
      {rest.length > 0 && <ul className="plain">{rest.map(line)}</ul>}
    </div>
  );
}
