import { useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ApiError } from '../../api';
import { formatTime } from '../../format';
import { hasKey, useI18n } from '../../i18n';
import {
  AGENCIES,
  carriesPatients,
  DISPOSITIONS,
  downloadWithSession,
  emergencyApi,
  UNIT_TRANSITIONS,
  type Agency,
  type Disposition,
  type DuplicateCandidate,
  type Hospital,
  type HospitalChoice,
  type Incident,
  type IncidentDetail as Detail,
  type IncidentSummary,
  type LonLat,
  type Priority,
  type Recommendation,
  type Suggestion,
  type Unit,
  type UnitStatus,
} from './api';
import { PRIORITY_COLOURS, STATUS_COLOURS } from './colours';
import { ManualDispatch, type HandSent } from './ManualDispatch';
import { clock, distance, etaMinutes, lateTurnout, metres, wallClock } from './words';

/**
 * One incident as the dispatcher works it: what was called in, the SOP checklist (ticked and timed),
 * the recommended units by road travel time with why, dispatched with one key; the units sent and
 * their status; hospitals by travel time for a medical call; notes, transfer, escalation, close; and
 * the whole timeline. A unit taken meanwhile by another dispatcher is said plainly, and the board
 * is read again.
 */

export interface IncidentDetailProps {
  readonly incidentId: string;
  /** Changes whenever something of this incident or of the units may have changed (the live stream). */
  readonly refresh: number;
  readonly units: ReadonlyMap<string, Unit>;
  /** The open incidents by id: a unit busy elsewhere is named with its incident's number. */
  readonly incidents: ReadonlyMap<string, Pick<IncidentSummary, 'number'>>;
  readonly canWrite: boolean;
  /** Routes to draw: the recommended units' (dashed) as they are picked. */
  readonly onRoutes: (routes: readonly { unitId: string; coordinates: readonly LonLat[] }[]) => void;
  /** Routes of units on their way: those this console sent, and those the incident says (any console's). */
  readonly onDispatched: (routes: readonly { unitId: string; coordinates: readonly LonLat[] }[]) => void;
  /** Something changed here: the queue and the board are read again. */
  readonly onChanged: () => void;
  readonly onShow: (at: LonLat) => void;
  /**
   * Set when this incident was just logged: the open incidents the API found it may duplicate (maybe none).
   * The recommendations then take the focus, and each duplicate offers to move the call there.
   */
  readonly justLogged?: readonly DuplicateCandidate[] | null;
  readonly onMoved?: (to: Incident, closed: Incident) => void;
}

/** Reads of the recommendations at most this often: a burst of changes is one road search, not many. */
const RECOMMEND_GAP_MS = 1_000;
/**
 * A recommendation slower than this is said to be slow, with the way to send a unit by hand. It is still
 * waited for: giving it up would cost the server its road search all the same, and a new read would
 * start the search over (under load the search can take longer than any timeout the console would pick).
 */
const RECOMMEND_SLOW_MS = 5_000;
/** Full hospitals shown: the nearest few, as the unsuitable ones. */
const FULL_SHOWN = 3;

type Say = { kind: 'error' | 'conflict' | 'done'; text: string } | null;

export function IncidentDetail(props: IncidentDetailProps) {
  const i18n = useI18n();
  const { t, pick, locale } = i18n;
  const { incidentId, refresh, canWrite } = props;
  const [detail, setDetail] = useState<Detail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [recommendation, setRecommendation] = useState<Recommendation | null>(null);
  /**
   * Set while the last read of the recommendations was refused for too many road searches (429): when
   * the one shown was read (null: none yet) and when the console asks again.
   */
  const [held, setHeld] = useState<{ asOf: number | null; until: number } | null>(null);
  const [askAgain, setAskAgain] = useState(0);
  const lastAsked = useRef(0);
  const receivedAt = useRef(0);
  const shownIncident = useRef(incidentId);
  shownIncident.current = incidentId;
  const heldUntil = useRef(0);
  /** The read of the recommendations under way, if any, and whether a change since wants another. */
  const inFlight = useRef<AbortController | null>(null);
  const askWhenAnswered = useRef(false);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  /**
   * Units this console sent (the server said yes), with when: shown sent at once, until a recommendation
   * asked after that time no longer offers them.
   */
  const [sentHere, setSentHere] = useState<ReadonlyMap<string, number>>(new Map());
  const [say, setSay] = useState<Say>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [transferTo, setTransferTo] = useState<Agency | ''>('');
  const [reason, setReason] = useState('');
  /** A transfer's own reason: the escalation's, beside it, is another matter. */
  const [transferReason, setTransferReason] = useState('');
  const [acceptedBy, setAcceptedBy] = useState('');
  const [reference, setReference] = useState('');
  // No disposition is preselected: closing is a choice the dispatcher makes, not a default to slip past.
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [closeNote, setCloseNote] = useState('');
  const [hospitals, setHospitals] = useState<readonly HospitalChoice[] | null>(null);
  /** Hospitals that say no bed is free, nearest first: apart and marked, still to be chosen (specialist care). */
  const [fullHospitals, setFullHospitals] = useState<readonly Hospital[]>([]);
  const [now, setNow] = useState(Date.now());
  const recommendedFor = useRef<string | null>(null);
  /** SOP steps sent and not yet answered: their boxes wait, so a second click cannot untick them. */
  const [pendingSteps, setPendingSteps] = useState<ReadonlyMap<string, boolean>>(new Map());
  /** D was pressed in the recommendations: Enter sends, any other key stands down. */
  const [armed, setArmed] = useState(false);
  /** Bumped after a refusal (409): the incident and its recommendations are read again without waiting. */
  const [reread, setReread] = useState(0);
  /** When the recommendations asked for were asked (the wait is shown), and why they did not come. */
  const [recAskedAt, setRecAskedAt] = useState<number | null>(null);
  const [recError, setRecError] = useState<string | null>(null);
  const listRef = useRef<HTMLElement>(null);
  const manualRef = useRef<HTMLInputElement>(null);
  const focusedList = useRef(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    setDetail(null);
    setRecommendation(null);
    setHeld(null);
    receivedAt.current = 0;
    setHospitals(null);
    setFullHospitals([]);
    setSay(null);
    setLoadError(null);
    recommendedFor.current = null;
    setSentHere(new Map());
  }, [incidentId]);

  /**
   * Reads of the incident in the order asked: a read answered is shown unless a later one (or this console's
   * own dispatch) is shown already. Dropping every read a newer change overtook instead would show nothing
   * new while changes keep coming faster than the server answers.
   */
  const readsAsked = useRef(0);
  const readShown = useRef(0);
  useEffect(() => {
    let live = true;
    const asked = ++readsAsked.current;
    emergencyApi.incident(incidentId).then(
      (d) => {
        if (shownIncident.current !== incidentId || asked <= readShown.current) return;
        readShown.current = asked;
        setDetail(d);
        setLoadError(null);
      },
      (err: Error) => live && setLoadError(err.message),
    );
    return () => {
      live = false;
    };
  }, [incidentId, refresh, reread]);

  const open = detail !== null && detail.incident.status !== 'closed';
  // Leaving an incident gives up its read under way (its answer would be for another incident).
  useEffect(
    () => () => {
      inFlight.current?.abort();
      inFlight.current = null;
      askWhenAnswered.current = false;
    },
    [incidentId],
  );
  useEffect(() => {
    if (!open) return;
    // One read under way at a time: a change meanwhile asks again once it is answered. Giving the read up
    // instead would cost the server its road search all the same, and a busy centre's changes would spend
    // the allowance on answers nobody reads.
    if (inFlight.current) {
      askWhenAnswered.current = true;
      return;
    }
    // A burst of changes asks once, and never before the server's allowance of searches comes back.
    const wait = Math.max(lastAsked.current + RECOMMEND_GAP_MS, heldUntil.current) - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => setAskAgain((n) => n + 1), wait);
      return () => clearTimeout(timer);
    }
    lastAsked.current = Date.now();
    const controller = new AbortController();
    inFlight.current = controller;
    const current = () => shownIncident.current === incidentId && inFlight.current === controller;
    const answered = () => {
      inFlight.current = null;
      setRecAskedAt(null);
      if (askWhenAnswered.current) {
        askWhenAnswered.current = false;
        setAskAgain((n) => n + 1);
      }
    };
    const askedAt = Date.now();
    setRecAskedAt(askedAt);
    setRecError(null);
    emergencyApi.recommendations(incidentId, controller.signal).then(
      (r) => {
        if (!current()) return;
        answered();
        setRecommendation(r);
        // Asked after a dispatch was answered, the recommendation has it: its units need no mark of ours.
        setSentHere((s) => (s.size === 0 ? s : new Map([...s].filter(([, at]) => at > askedAt))));
        setHeld(null);
        receivedAt.current = Date.now();
        const candidates = new Set([...r.suggested, ...r.alternatives].map((s) => s.unit.id));
        // A new incident starts with the suggested units picked; later readings keep the dispatcher's picks.
        if (recommendedFor.current !== incidentId) {
          recommendedFor.current = incidentId;
          setChecked(new Set(r.suggested.map((s) => s.unit.id)));
        } else setChecked((c) => new Set([...c].filter((id) => candidates.has(id))));
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 429) {
          // Too many road searches: none is asked before the server allows it, even for another incident;
          // the last answer stays, marked with its time (unless another incident is shown now).
          const until = Date.now() + (err.retryAfterSeconds ?? 5) * 1000;
          heldUntil.current = Math.max(heldUntil.current, until);
          if (!current()) return;
          answered();
          setHeld((h) => ({ asOf: h?.asOf ?? (receivedAt.current || null), until: heldUntil.current }));
          setAskAgain((n) => n + 1);
          return;
        }
        if (!current()) return;
        answered();
        setRecommendation(null);
        setHeld(null);
        setRecError(err instanceof Error ? err.message : String(err));
      },
    );
  }, [incidentId, refresh, open, askAgain, reread]);

  // Whoever sent them, the roads of the units on their way are drawn (worked out by the server from where they are).
  const { onDispatched } = props;
  useEffect(() => {
    if (detail && detail.routes.length > 0) onDispatched(detail.routes);
  }, [detail, onDispatched]);

  const medical = detail?.type.group === 'medical' || detail?.incident.agencies.includes('medical');
  const where = detail?.incident.location;
  const typeCode = detail?.incident.typeCode;
  useEffect(() => {
    if (!medical || !where) return;
    let live = true;
    // Ranked for the patient's condition: the five best that can treat it, then the nearby ones that cannot.
    emergencyApi.hospitals(where, typeCode).then(
      (r) => {
        if (!live) return;
        // The five best, then the three nearest that cannot treat the patient: shown, so nobody wonders
        // where the nearest one went, but not so many that they push the calls and the procedure away.
        setHospitals([
          ...r.hospitals.filter((h) => h.suitable).slice(0, 5),
          ...r.hospitals.filter((h) => !h.suitable).slice(0, 3),
        ]);
        // The full ones have no road time: the nearest as the crow flies, as few.
        setFullHospitals(
          [...r.full].sort((a, b) => metres(where, a.location) - metres(where, b.location)).slice(0, FULL_SHOWN),
        );
      },
      () => live && (setHospitals([]), setFullHospitals([])),
    );
    return () => {
      live = false;
    };
  }, [medical, where?.[0], where?.[1], typeCode]);

  const candidates: readonly Suggestion[] = useMemo(
    () => (recommendation ? [...recommendation.suggested, ...recommendation.alternatives] : []),
    [recommendation],
  );
  // Just logged: the recommendations take the focus (visibly) once they are shown, unless the dispatcher
  // has gone somewhere meanwhile (an SOP box ticked while they were searched for keeps the focus).
  const wantsFocus = props.justLogged !== undefined && props.justLogged !== null;
  useEffect(() => {
    if (!wantsFocus || focusedList.current || !recommendation || !listRef.current) return;
    focusedList.current = true;
    const at = document.activeElement;
    if (at === null || at === document.body) listRef.current.focus();
  }, [wantsFocus, recommendation]);

  const { onRoutes } = props;
  useEffect(() => {
    onRoutes(
      candidates
        .filter((s) => checked.has(s.unit.id) && s.route)
        .map((s) => ({ unitId: s.unit.id, coordinates: s.route ?? [] })),
    );
  }, [candidates, checked, onRoutes]);
  useEffect(() => () => onRoutes([]), [onRoutes]);

  const toggle = (unitId: string) => {
    if (sentHere.has(unitId)) return;
    setChecked((c) => {
      const next = new Set(c);
      if (next.has(unitId)) next.delete(unitId);
      else next.add(unitId);
      return next;
    });
  };

  /**
   * Does one thing the dispatcher asked; resolves whether it was done. A refusal (409) that `saysRefusal`
   * takes is said by the part that asked, beside where the dispatcher is, not a second time up here.
   */
  async function act(
    work: () => Promise<unknown>,
    done?: string,
    saysRefusal?: (err: ApiError) => boolean,
  ): Promise<boolean> {
    setBusy(true);
    setSay(null);
    try {
      await work();
      if (done) setSay({ kind: 'done', text: done });
      props.onChanged();
      return true;
    } catch (err) {
      const text = err instanceof ApiError ? err.message : String(err);
      const refused = err instanceof ApiError && err.status === 409;
      if (!(refused && saysRefusal?.(err))) setSay({ kind: refused ? 'conflict' : 'error', text });
      // Whatever refused it (a unit taken by someone else, an incident closed meanwhile), the board, the
      // incident and its recommendations are read again at once, the picks started afresh from them.
      if (err instanceof ApiError && err.status === 409) {
        recommendedFor.current = null;
        setReread((n) => n + 1);
        props.onChanged();
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  const dispatch = () => {
    const unitIds = candidates.filter((s) => checked.has(s.unit.id)).map((s) => s.unit.id);
    if (!canWrite || busy) return;
    // All dropped with 1–9: said, not a silent nothing the dispatcher takes for a dispatch.
    if (unitIds.length === 0) return setSay({ kind: 'error', text: t('dispatch.recommend.nonePicked') });
    const routes = candidates
      .filter((s) => checked.has(s.unit.id) && s.route)
      .map((s) => ({ unitId: s.unit.id, coordinates: s.route ?? [] }));
    void send(unitIds, routes).then((sent) => sent && setChecked(new Set()));
  };
  /** Sends units, recommended or picked by hand: the same dispatch, refused the same way when one was taken. */
  const send = (
    unitIds: readonly string[],
    routes: readonly { unitId: string; coordinates: readonly LonLat[] }[],
    saysRefusal?: (err: ApiError) => boolean,
  ) => {
    const signs = unitIds.map((id) => props.units.get(id)?.callSign ?? id).join(', ');
    return act(
      async () => {
        let answer: Awaited<ReturnType<typeof emergencyApi.dispatch>>;
        try {
          answer = await emergencyApi.dispatch(incidentId, unitIds);
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) {
            throw new ApiError(
              409,
              err.code,
              t('dispatch.conflict', { message: err.message }),
              err.retryAfterSeconds,
              err.problem,
            );
          }
          throw err;
        }
        // The incident as the dispatch left it, at once: the reads asked before it are not shown over it.
        readShown.current = readsAsked.current;
        setDetail((d) =>
          d && d.incident.id === answer.incident.id
            ? {
                ...d,
                incident: answer.incident,
                units: [...d.units.filter((u) => !answer.units.some((a) => a.id === u.id)), ...answer.units],
              }
            : d,
        );
        props.onDispatched(routes);
        const at = Date.now();
        setSentHere((s) => new Map([...s, ...unitIds.map((u) => [u, at] as const)]));
        setChecked((c) => new Set([...c].filter((u) => !unitIds.includes(u))));
      },
      t('dispatch.dispatched', { units: signs }),
      saysRefusal,
    );
  };
  /** Sent by hand: a unit taken first by someone else is said in the box, which names it and keeps the search. */
  const sendByHand = async (unitIds: readonly string[]): Promise<HandSent> => {
    let unavailable: string | undefined;
    const sent = await send(unitIds, [], (err) => {
      const unitId = err.problem['unitId'];
      if (err.code !== 'EMERGENCY_UNIT_NOT_AVAILABLE' || typeof unitId !== 'string' || !unitIds.includes(unitId)) {
        return false;
      }
      unavailable = unitId;
      return true;
    });
    return unavailable === undefined ? { sent } : { sent, unavailable };
  };

  // Keys, only while the recommendations have the focus: 1–9 pick or drop a unit; D, then Enter, sends.
  // No single key sends a unit: a call-taker still typing "dao" or "duoi" after logging sends nobody.
  const onListKey = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (armed) {
      setArmed(false);
      if (e.key === 'Enter') {
        e.preventDefault();
        dispatch();
        return;
      }
      if (e.key === 'Escape' || e.key === 'Shift') return;
    }
    if (/^[1-9]$/.test(e.key)) {
      const s = candidates[Number(e.key) - 1];
      if (s && canWrite) {
        e.preventDefault();
        toggle(s.unit.id);
      }
    } else if ((e.key === 'd' || e.key === 'D') && canWrite && !busy) {
      e.preventDefault();
      if (checked.size > 0) {
        setSay(null);
        setArmed(true);
      } else setSay({ kind: 'error', text: t('dispatch.recommend.nonePicked') });
    }
  };

  // Alt+1–9 on an incident just logged: the call is about open incident 1–9, moved there.
  const moveTo = (d: DuplicateCandidate) =>
    void act(async () => {
      const { incident: to, closed } = await emergencyApi.moveCalls(incidentId, d.incident.id);
      props.onMoved?.(to, closed);
    });
  const moves = useRef({ same: props.justLogged ?? [], moveTo });
  moves.current = { same: open ? (props.justLogged ?? []) : [], moveTo };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.defaultPrevented || !/^[1-9]$/.test(e.key)) return;
      if (e.target instanceof Element && e.target.closest('.call-form')) return;
      const d = moves.current.same[Number(e.key) - 1];
      if (!d) return;
      e.preventDefault();
      moves.current.moveTo(d);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const tick = (stepId: string, done: boolean) => {
    if (pendingSteps.has(stepId)) return;
    setPendingSteps((p) => new Map(p).set(stepId, done));
    // Refused: the box is as it was at once. Taken: it waits for the incident read after the action.
    void act(() =>
      emergencyApi.sopStep(incidentId, stepId, done).catch((err: unknown) => {
        setPendingSteps((p) => without(p, stepId));
        throw err;
      }),
    );
  };
  useEffect(() => {
    if (!detail) return;
    setPendingSteps((p) => {
      let next = p;
      for (const step of detail.sop) {
        const done = step.doneAt !== undefined && step.doneAt !== null;
        if (next.get(step.id) === done) next = without(next, step.id);
      }
      return next;
    });
  }, [detail]);

  if (loadError && !detail) return <p className="error pad">{t('common.error', { message: loadError })}</p>;
  if (!detail) return <p className="muted pad">{t('common.loading')}</p>;
  const { incident, type } = detail;
  // Not to the agency already the only one on it (a fire to the fire service), nor where it was handed.
  const transferAgencies = AGENCIES.filter(
    (a) => a !== incident.transferredTo && !(incident.agencies.length === 1 && incident.agencies[0] === a),
  );
  const transferAgency: Agency | '' =
    transferTo && transferAgencies.includes(transferTo) ? transferTo : (transferAgencies[0] ?? '');
  const transfer = async () => {
    if (!transferAgency) return;
    const done = await act(
      () =>
        emergencyApi.transfer(incident.id, {
          agency: transferAgency,
          reason: transferReason.trim(),
          ...(acceptedBy.trim() ? { acceptedBy: acceptedBy.trim() } : {}),
          ...(reference.trim() ? { reference: reference.trim() } : {}),
        }),
      t('dispatch.transferDone'),
    );
    // Its words are of that handover: none is left to be taken for the next one.
    if (done) {
      setTransferReason('');
      setAcceptedBy('');
      setReference('');
    }
  };
  const age = ((incident.closedAt ? Date.parse(incident.closedAt) : now) - Date.parse(incident.createdAt)) / 1000;
  const callSign = (id: string | undefined) => (id ? (props.units.get(id)?.callSign ?? id) : '');
  // Where a hospital stands: campuses of one name are told apart by it.
  const standsAt = (h: HospitalChoice) => [h.place?.street, h.place?.ward].filter(Boolean).join(', ');
  const hospitalOption = (h: HospitalChoice) => (
    <option key={h.hospital.id} value={h.hospital.id}>
      {h.hospital.name}
      {standsAt(h) ? ` (${standsAt(h)})` : ''} · {t('dispatch.recommend.eta', { minutes: etaMinutes(h.seconds) })} ·{' '}
      {distance(h.lengthM, locale)}
      {h.hospital.bedsFree !== undefined ? ` · ${t('dispatch.hospital.beds', { n: h.hospital.bedsFree })}` : ''}
      {h.suitable ? '' : ` · ${t('dispatch.hospital.notSuitable')}`}
    </option>
  );
  const words = (ev: Detail['timeline'][number]) => detailWords(ev.detail, ev.kind, detail.sop, i18n);
  const kindWords = (kind: string) => {
    const key = `dispatch.timeline.${kind}`;
    return hasKey(key) ? t(key) : kind;
  };

  const hospitalRow = (h: NonNullable<typeof hospitals>[number]) => (
    <li
      key={h.hospital.id}
      data-hospital={h.hospital.id}
      data-suitable={h.suitable}
      className={h.suitable ? undefined : 'muted'}
    >
      <strong>{h.hospital.name}</strong>
      {standsAt(h) ? <span data-hospital-place> ({standsAt(h)})</span> : ''} ·{' '}
      {t('dispatch.recommend.eta', { minutes: etaMinutes(h.seconds) })} · {distance(h.lengthM, locale)}
      {h.hospital.bedsFree !== undefined ? ` · ${t('dispatch.hospital.beds', { n: h.hospital.bedsFree })}` : ''} ·{' '}
      <span className="why">{pick(h.why)}</span>
    </li>
  );

  return (
    <article className="incident-detail" data-incident={incident.number} data-status={incident.status}>
      <header className="incident-head">
        <span className="priority-badge" style={{ background: PRIORITY_COLOURS[incident.priority] }}>
          P{incident.priority}
        </span>
        <div>
          <h2>
            #{incident.number} · {pick(type)}
          </h2>
          <p className="muted small">
            {/* The address as called in, then the street and ward looked up where it does not say them. */}
            {[incident.address, ...[incident.street, incident.ward].filter((w) => w && !incident.address?.includes(w))]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <span className={`incident-status status-${incident.status}`} data-incident-status={incident.status}>
          {t(`dispatch.status.${incident.status}`)}
        </span>
        <span className="timer" title={t('dispatch.age')}>
          {clock(age)}
        </span>
        <button type="button" className="link" onClick={() => props.onShow(incident.location)}>
          {t('dispatch.showOnMap')}
        </button>
      </header>
      {incident.disposition && (
        <p data-disposition={incident.disposition}>
          {t('dispatch.closedAs', { disposition: t(`dispatch.disposition.${incident.disposition}`) })}
        </p>
      )}
      {incident.unitNeededAt && (
        <p className="error small" data-unit-needed>
          {t('dispatch.unitNeededSince', { time: new Date(incident.unitNeededAt).toLocaleTimeString(locale) })}
        </p>
      )}
      {incident.escalatedAt && (
        <p className="error small" data-escalated>
          {escalationWords(detail.timeline, i18n)}
        </p>
      )}
      {incident.transferredTo && (
        <p className="small">
          {t('dispatch.transferredTo', { agency: t(`dispatch.agency.${incident.transferredTo}`) })}
        </p>
      )}
      {say && (
        <p
          className={say.kind === 'done' ? 'notice' : 'error conflict'}
          role={say.kind === 'done' ? 'status' : 'alert'}
          data-say={say.kind}
        >
          {say.text}
        </p>
      )}

      {open && props.justLogged && props.justLogged.length > 0 && (
        <section className="duplicates same-incident" role="alert" aria-labelledby="same-title">
          <h3 id="same-title">{t('dispatch.same.title')}</h3>
          <ul>
            {props.justLogged.map((d, i) => (
              <li key={d.incident.id} data-same={d.incident.number}>
                <span>
                  <strong>#{d.incident.number}</strong> {d.incident.typeCode} · P{d.incident.priority} ·{' '}
                  {t('dispatch.duplicates.near', {
                    distance: distance(d.distanceM, locale),
                    minutes: Math.round(d.minutesAgo),
                  })}
                  {d.incident.address ? ` · ${d.incident.address}` : ''}
                </span>
                <button type="button" name={`move-${i + 1}`} disabled={busy || !canWrite} onClick={() => moveTo(d)}>
                  {t('dispatch.same.move', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {open && (
        <section
          className="recommendations"
          aria-labelledby="rec-title"
          ref={listRef}
          tabIndex={-1}
          onKeyDown={onListKey}
          onBlur={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget)) setArmed(false);
          }}
          data-armed={armed}
        >
          <h3 id="rec-title">{t('dispatch.recommend.title')}</h3>
          <p className="muted small" data-picked-hint>
            {t('dispatch.recommend.prepicked')}
          </p>
          {held && (
            <p className="warning small" data-recommendation-held role="status">
              {held.asOf !== null && recommendation
                ? t('dispatch.recommend.asOf', { time: wallClock(held.asOf), next: wallClock(held.until) })
                : t('dispatch.recommend.held', { next: wallClock(held.until) })}
            </p>
          )}
          {!recommendation ? (
            held ? null : recError ? (
              <p className="error small" role="alert" data-recommend-error>
                {recError}{' '}
                <button type="button" name="retry-recommendations" onClick={() => setReread((n) => n + 1)}>
                  {t('dispatch.recommend.retry')}
                </button>
              </p>
            ) : (
              <p className="muted small" data-recommend-loading role="status">
                {t('dispatch.recommend.searching')}
                {recAskedAt !== null && <span data-waited> {clock((now - recAskedAt) / 1000)}</span>}
                {/* Slow: still waited for, and the way to send a unit without it is offered. */}
                {recAskedAt !== null && now - recAskedAt >= RECOMMEND_SLOW_MS && canWrite && (
                  <>
                    {' · '}
                    <span data-recommend-slow>{t('dispatch.recommend.slow')}</span>{' '}
                    <button type="button" className="link" onClick={() => manualRef.current?.focus()}>
                      {t('dispatch.manual.title')}
                    </button>
                  </>
                )}
              </p>
            )
          ) : (
            <>
              {recommendation.shortfall.length > 0 && (
                <p className="error small" data-shortfall>
                  {t('dispatch.recommend.shortfall', {
                    lines: recommendation.shortfall
                      .map((s) => `${s.missing} × ${s.anyOf.map((c) => t(`dispatch.capability.${c}`)).join('/')}`)
                      .join(', '),
                  })}
                </p>
              )}
              {candidates.length === 0 ? (
                // Covered when the run card the recommendation was worked out for has nothing left: the units
                // on it then, whoever sent them, not the incident as this console read it earlier.
                <p className="muted small" data-covered={covered(recommendation)}>
                  {t(covered(recommendation) ? 'dispatch.recommend.covered' : 'dispatch.recommend.none')}
                </p>
              ) : (
                <ol className="candidates">
                  {candidates.map((s, i) => (
                    <li
                      key={s.unit.id}
                      data-unit={s.unit.callSign}
                      data-sent={sentHere.has(s.unit.id) || undefined}
                      className={recommendation.suggested.includes(s) ? 'suggested' : 'alternative'}
                    >
                      <label>
                        <input
                          type="checkbox"
                          name={`pick-${s.unit.id}`}
                          checked={checked.has(s.unit.id)}
                          disabled={!canWrite || sentHere.has(s.unit.id)}
                          onChange={() => toggle(s.unit.id)}
                        />
                        <kbd>{i + 1}</kbd>
                        <strong>{s.unit.callSign}</strong>
                        <span className="muted">{t(`dispatch.unitKind.${s.unit.kind}`)}</span>
                        <span className="eta" data-eta={s.seconds}>
                          {t('dispatch.recommend.eta', { minutes: etaMinutes(s.seconds) })}
                        </span>
                        <span className="muted">{distance(s.lengthM, locale)}</span>
                        {/* Sent by this console: said at once, before the next recommendation leaves it out. */}
                        {sentHere.has(s.unit.id) && <span className="badge sent">{t('dispatch.recommend.sent')}</span>}
                      </label>
                      <p className="why small">{pick(s.why)}</p>
                    </li>
                  ))}
                </ol>
              )}
              {recommendation.busyCloser.length > 0 && (
                <details className="busy-closer">
                  <summary>{t('dispatch.recommend.busyCloser', { n: recommendation.busyCloser.length })}</summary>
                  <ul>
                    {recommendation.busyCloser.map((s) => (
                      <li key={s.unit.id} className="small">
                        {s.unit.callSign} · {t(`dispatch.unitStatus.${s.unit.status}`)} ·{' '}
                        {t('dispatch.recommend.eta', { minutes: etaMinutes(s.seconds) })} · {pick(s.why)}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              <button
                type="button"
                className="primary"
                name="dispatch"
                disabled={!canWrite || busy || checked.size === 0}
                onClick={dispatch}
              >
                {t('dispatch.dispatch', { n: checked.size })} <kbd>D</kbd> <kbd>Enter</kbd>
              </button>
              {armed && (
                <p className="notice small" role="status" data-armed-hint>
                  {t('dispatch.recommend.armed', { n: checked.size })}
                </p>
              )}
            </>
          )}
        </section>
      )}

      {/* What the caller said and the questions to ask them, right under the recommendations: a call-taker
          reads them while still on the line, not past the hospitals and the units. */}
      <section aria-labelledby="calls-title">
        <h3 id="calls-title">{t('dispatch.calls', { n: detail.calls.length })}</h3>
        <ul className="calls small">
          {detail.calls.map((c) => (
            <li key={c.id} data-call={c.id}>
              <span className="muted">{formatTime(c.answeredAt, locale)}</span> {c.phone}
              {c.callerName ? ` · ${c.callerName}` : ''} · {c.language}
              {c.address ? ` · ${c.address}` : ''}
              {c.text ? <q>{c.text}</q> : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sop-title">
        <h3 id="sop-title">{t('dispatch.sop')}</h3>
        <ul className="sop">
          {detail.sop.map((step) => (
            <li key={step.id} className={`sop-${step.kind}`}>
              <label
                className={pendingSteps.has(step.id) ? 'pending' : undefined}
                aria-busy={pendingSteps.has(step.id)}
              >
                <input
                  type="checkbox"
                  name={`sop-${step.id}`}
                  checked={pendingSteps.get(step.id) ?? (step.doneAt !== undefined && step.doneAt !== null)}
                  // Waiting, not disabled: a disabled box loses the focus, and the dispatcher their place.
                  disabled={!canWrite || !open}
                  aria-disabled={pendingSteps.has(step.id) || undefined}
                  onChange={(e) => tick(step.id, e.target.checked)}
                />
                <span className="muted small">{t(`dispatch.sopKind.${step.kind}`)}</span> {pick(step)}
                {step.doneAt && <span className="muted small"> · {formatTime(step.doneAt, locale)}</span>}
              </label>
            </li>
          ))}
        </ul>
      </section>

      {open && canWrite && (
        <ManualDispatch
          ref={manualRef}
          incidentId={incidentId}
          units={props.units}
          incidents={props.incidents}
          disabled={busy}
          onSend={sendByHand}
        />
      )}

      {detail.units.length > 0 && (
        <section aria-labelledby="assigned-title">
          <h3 id="assigned-title">{t('dispatch.assigned')}</h3>
          <ul className="assigned">
            {detail.units.map((u) => (
              <li key={u.id} data-unit={u.callSign} data-unit-status={u.status}>
                <span className="status-dot" style={{ background: STATUS_COLOURS[u.status] }} aria-hidden="true" />
                <strong>{u.callSign}</strong> {t(`dispatch.unitStatus.${u.status}`)}
                <span className="muted small"> · {formatTime(u.statusAt, locale)}</span>
                {lateTurnout(u, now) && (
                  <span
                    className="badge late"
                    data-turnout-late=""
                    title={t('dispatch.turnoutLateTitle', { time: formatTime(u.statusAt, locale) })}
                  >
                    {t('dispatch.turnoutLate')}
                  </span>
                )}
                {canWrite && statusesFor(u).length > 0 && (
                  <select
                    name={`status-${u.id}`}
                    aria-label={t('dispatch.setStatus', { unit: u.callSign })}
                    value=""
                    onChange={(e) =>
                      e.target.value && void act(() => emergencyApi.unitStatus(u.id, e.target.value as UnitStatus))
                    }
                  >
                    <option value="">{t('dispatch.setStatusShort')}</option>
                    {statusesFor(u).map((s) => (
                      <option key={s} value={s}>
                        {t(`dispatch.unitStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
                {medical &&
                  canWrite &&
                  carriesPatients(u) &&
                  hospitals &&
                  hospitals.length + fullHospitals.length > 0 &&
                  u.incidentId === incident.id && (
                    <select
                      name={`hospital-${u.id}`}
                      aria-label={t('dispatch.hospital.for', { unit: u.callSign })}
                      value={u.hospitalId ?? ''}
                      onChange={(e) =>
                        e.target.value && void act(() => emergencyApi.assignHospital(incident.id, u.id, e.target.value))
                      }
                    >
                      <option value="">{t('dispatch.hospital.pick')}</option>
                      {/* As the panel beside it: the suitable ones first, the others apart and marked so. */}
                      {hospitals.filter((h) => h.suitable).map(hospitalOption)}
                      {hospitals.some((h) => !h.suitable) && (
                        <optgroup label={t('dispatch.hospital.unsuitable')} data-unsuitable>
                          {hospitals.filter((h) => !h.suitable).map(hospitalOption)}
                        </optgroup>
                      )}
                      {fullHospitals.length > 0 && (
                        <optgroup label={t('dispatch.hospital.full')} data-full>
                          {fullHospitals.map((h) => (
                            <option key={h.id} value={h.id}>
                              {h.name} · {t('dispatch.hospital.fullMark')}
                            </option>
                          ))}
                        </optgroup>
                      )}
                    </select>
                  )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {medical && hospitals && (
        <section aria-labelledby="hospitals-title" className="hospitals">
          <h3 id="hospitals-title">{t('dispatch.hospital.title')}</h3>
          {hospitals.length === 0 ? (
            <p className="muted small">{t('dispatch.hospital.none')}</p>
          ) : (
            <>
              <ol className="small">{hospitals.filter((h) => h.suitable).map(hospitalRow)}</ol>
              {hospitals.some((h) => !h.suitable) && (
                <>
                  <h4 className="muted small">{t('dispatch.hospital.unsuitable')}</h4>
                  <ul className="small">{hospitals.filter((h) => !h.suitable).map(hospitalRow)}</ul>
                </>
              )}
            </>
          )}
          {fullHospitals.length > 0 && (
            <>
              <h4 className="muted small">{t('dispatch.hospital.full')}</h4>
              <ul className="small" data-full-hospitals>
                {fullHospitals.map((h) => (
                  <li key={h.id} data-hospital={h.id} data-full className="muted">
                    <strong>{h.name}</strong> · <span className="badge full">{t('dispatch.hospital.fullMark')}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {canWrite && open && (
        <section aria-labelledby="actions-title" className="incident-actions">
          <h3 id="actions-title">{t('dispatch.actions')}</h3>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (note.trim()) void act(() => emergencyApi.note(incident.id, note.trim())).then(() => setNote(''));
            }}
          >
            <label className="grow">
              {t('dispatch.note')}
              <input name="note" value={note} onChange={(e) => setNote(e.target.value)} autoComplete="off" />
            </label>
            <button type="submit" disabled={busy || !note.trim()}>
              {t('dispatch.addNote')}
            </button>
          </form>
          <div className="inline-form">
            <label>
              {t('dispatch.priority')}
              <select
                name="incident-priority"
                value={incident.priority}
                onChange={(e) => void act(() => emergencyApi.priority(incident.id, Number(e.target.value) as Priority))}
              >
                {([1, 2, 3, 4] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(`dispatch.priority.${p}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="inline-form transfer-form">
            <label className="grow">
              {t('dispatch.transferReason')}
              <input
                name="transfer-reason"
                value={transferReason}
                onChange={(e) => setTransferReason(e.target.value)}
                autoComplete="off"
              />
            </label>
            <select
              name="transfer-to"
              aria-label={t('dispatch.transferTo')}
              value={transferAgency}
              onChange={(e) => setTransferTo(e.target.value as Agency)}
            >
              {transferAgencies.map((a) => (
                <option key={a} value={a}>
                  {t(`dispatch.agency.${a}`)}
                </option>
              ))}
            </select>
            <input
              name="accepted-by"
              aria-label={t('dispatch.acceptedBy')}
              placeholder={t('dispatch.acceptedBy')}
              value={acceptedBy}
              onChange={(e) => setAcceptedBy(e.target.value)}
              autoComplete="off"
              maxLength={200}
            />
            <input
              name="transfer-reference"
              aria-label={t('dispatch.transferReference')}
              placeholder={t('dispatch.transferReference')}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              autoComplete="off"
              maxLength={100}
            />
            <button
              type="button"
              name="transfer"
              title={t('dispatch.transferNeeds')}
              disabled={busy || !transferAgency || !transferReason.trim() || (!acceptedBy.trim() && !reference.trim())}
              onClick={() => void transfer()}
            >
              {t('dispatch.transfer')}
            </button>
          </div>
          <div className="inline-form">
            <label className="grow">
              {t('dispatch.reason')}
              <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
            </label>
            <button
              type="button"
              disabled={busy || !reason.trim()}
              onClick={() =>
                void act(() => emergencyApi.escalate(incident.id, reason.trim()), t('dispatch.escalateDone'))
              }
            >
              {t('dispatch.escalate')}
            </button>
          </div>
          <form
            className="inline-form close-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (disposition === '') return;
              void act(
                () => emergencyApi.close(incident.id, disposition, closeNote.trim() || undefined),
                t('dispatch.closeDone'),
              );
            }}
          >
            <label>
              {t('dispatch.disposition')}
              <select
                name="disposition"
                value={disposition}
                required
                onChange={(e) => setDisposition(e.target.value as Disposition | '')}
              >
                <option value="">{t('dispatch.disposition.pick')}</option>
                {DISPOSITIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`dispatch.disposition.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow">
              {t('dispatch.closeNote')}
              <input
                name="close-note"
                value={closeNote}
                onChange={(e) => setCloseNote(e.target.value)}
                autoComplete="off"
              />
            </label>
            <button type="submit" name="close" disabled={busy || disposition === ''}>
              {t('dispatch.close')}
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t('dispatch.timeline')}</h3>
        <ol className="timeline small" reversed>
          {[...detail.timeline].reverse().map((ev) => (
            <li key={ev.id} data-kind={ev.kind}>
              <time dateTime={ev.at}>{formatTime(ev.at, locale)}</time> <strong>{kindWords(ev.kind)}</strong>
              {ev.unitId ? ` · ${callSign(ev.unitId)}` : ''}
              {words(ev) ? ` · ${words(ev)}` : ''}
              <span className="muted"> · {ev.actor}</span>
            </li>
          ))}
        </ol>
      </section>
      <p>
        <button
          type="button"
          className="link"
          onClick={() =>
            void downloadWithSession(
              `/api/v1/emergency/incidents/${encodeURIComponent(incident.id)}/eido`,
              `incident-${incident.number}.eido.json`,
            ).catch((err: Error) => setSay({ kind: 'error', text: err.message }))
          }
        >
          {t('dispatch.eido')}
        </button>
      </p>
    </article>
  );
}

/** The run card has nothing left to fill: the units committed to the incident cover it. */
const covered = (r: Recommendation): boolean => r.runCard.length === 0 && r.shortfall.length === 0;

/** The statuses a unit may be moved to that fit its kind: only a unit that carries patients takes one to hospital. */
const PATIENT_STATUSES: ReadonlySet<UnitStatus> = new Set(['transporting', 'at_hospital']);
const statusesFor = (u: Unit): readonly UnitStatus[] =>
  UNIT_TRANSITIONS[u.status].filter((s) => carriesPatients(u) || !PATIENT_STATUSES.has(s));

const without = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
};

/** The run-card lines the centre's own escalation found no unit for, in words: "1 × ladder, 1 × patrol". */
function missingLines(
  detail: Readonly<Record<string, unknown>>,
  t: ReturnType<typeof useI18n>['t'],
): string | undefined {
  if (!Array.isArray(detail['lines'])) return undefined;
  return (detail['lines'] as { missing?: unknown; anyOf?: unknown }[])
    .map((l) => {
      const anyOf = Array.isArray(l.anyOf) ? (l.anyOf as string[]) : [];
      const words = anyOf.map((c) => (hasKey(`dispatch.capability.${c}`) ? t(`dispatch.capability.${c}` as never) : c));
      return `${String(l.missing)} × ${words.join('/')}`;
    })
    .join(', ');
}

/**
 * Why the incident stands escalated, from its latest escalation: a dispatcher's, by whom and their reason
 * (masked by the server for a reader who may not see it, as on the timeline); the centre's own, the lines
 * of the run card it found no unit for.
 */
function escalationWords(timeline: Detail['timeline'], i18n: ReturnType<typeof useI18n>): string {
  const { t } = i18n;
  const last = timeline.findLast((e) => e.kind === 'escalation');
  if (!last) return t('dispatch.escalated');
  const { detail } = last;
  const code = detail['code'];
  const lines = missingLines(detail, t);
  if (detail['automatic'] === true && (code === 'no_unit' || code === 'short_of_run_card') && lines) {
    return t(`dispatch.escalatedFor.${code}`, { lines });
  }
  const reason = typeof detail['reason'] === 'string' ? detail['reason'] : '';
  return t('dispatch.escalatedBy', { who: last.actor, reason });
}

/**
 * A timeline entry's details in a few words, in the page's language: a status, a note, a reason, a
 * disposition, an SOP step ticked or unticked, the centre's own escalation from its code.
 */
function detailWords(
  detail: Readonly<Record<string, unknown>>,
  kind: string,
  sop: Detail['sop'],
  i18n: ReturnType<typeof useI18n>,
): string {
  const { t, pick } = i18n;
  const parts: string[] = [];
  const str = (k: string) => (typeof detail[k] === 'string' ? detail[k] : undefined);
  if (kind === 'sop_step') {
    const step = sop.find((s) => s.id === detail['stepId']);
    parts.push(t(detail['done'] === false ? 'dispatch.sop.unticked' : 'dispatch.sop.ticked'));
    parts.push(step ? pick(step) : (str('stepId') ?? ''));
    return parts.join(' · ');
  }
  const code = str('code');
  const lines = missingLines(detail, t);
  if (kind === 'escalation' && (code === 'no_unit' || code === 'short_of_run_card') && lines) {
    return t(`dispatch.escalation.${code}`, { lines });
  }
  if (kind === 'escalation_resolved' && code === 'run_card_covered') return t('dispatch.escalation.run_card_covered');
  if (kind === 'calls_moved_in' && typeof detail['number'] === 'string') {
    return t('dispatch.timeline.fromIncident', { number: detail['number'] });
  }
  if (kind === 'calls_moved_out' && typeof detail['number'] === 'string') {
    return t('dispatch.timeline.toIncident', { number: detail['number'] });
  }
  const status = str('status') ?? str('to');
  if (status && hasKey(`dispatch.unitStatus.${status}`)) parts.push(t(`dispatch.unitStatus.${status}` as never));
  const disposition = str('disposition');
  if (disposition && hasKey(`dispatch.disposition.${disposition}`))
    parts.push(t(`dispatch.disposition.${disposition}` as never));
  for (const k of ['text', 'reason', 'note', 'stepId']) {
    const v = str(k);
    if (v) parts.push(v);
  }
  // An agency by its name in the page's language (a transfer to "police" reads "Công an"), a hospital by its name.
  const agency = str('agency');
  if (agency) parts.push(hasKey(`dispatch.agency.${agency}`) ? t(`dispatch.agency.${agency}` as never) : agency);
  const hospital = str('hospital');
  const hospitalPlace = str('hospitalPlace');
  if (hospital) parts.push(hospitalPlace ? `${hospital} (${hospitalPlace})` : hospital);
  // A transfer: who took it at the receiving agency, and their reference.
  const acceptedBy = str('acceptedBy');
  if (acceptedBy) parts.push(t('dispatch.acceptedByWords', { name: acceptedBy }));
  const reference = str('reference');
  if (reference) parts.push(t('dispatch.referenceWords', { reference }));
  if (typeof detail['seconds'] === 'number') parts.push(`${detail['seconds']} s`);
  if (typeof detail['priority'] === 'number') parts.push(`P${detail['priority']}`);
  return parts.join(' · ');
}
