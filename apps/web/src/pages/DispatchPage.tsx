import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { Change, LiveStream } from '../live';
import {
  emergencyApi,
  UNIT_STATUSES,
  type DuplicateCandidate,
  type Incident,
  type IncidentSummary,
  type IncidentType,
  type LonLat,
  type Station,
  type Unit,
  type UnitStatus,
} from '../panels/emergency/api';
import { CallForm } from '../panels/emergency/CallForm';
import { DispatchMap, type DrawnRoute } from '../panels/emergency/DispatchMap';
import { IncidentDetail } from '../panels/emergency/IncidentDetail';
import { IncidentQueue } from '../panels/emergency/IncidentQueue';
import { UnitBoard } from '../panels/emergency/UnitBoard';
import { typing } from '../panels/emergency/words';

/**
 * The dispatcher console: the call form beside the map, the queue of open incidents, the unit board,
 * and the incident being worked. Everything follows the event stream (changes of EmergencyIncident and
 * EmergencyUnit entities): a unit's position moves on the map at once, and the lists are read again
 * after a burst of changes, so two dispatchers see each other's work as it happens.
 */

const LIVE_TYPES = ['EmergencyIncident', 'EmergencyUnit'];
/** After a burst of changes, one read of the lists. */
const SETTLE_MS = 300;
const UNIT_PREFIX = 'urn:ngsi-ld:EmergencyUnit:';

interface PlacedUnit extends Unit {
  readonly at?: LonLat | undefined;
}

export function DispatchPage({
  live,
  styleUrl,
  canWrite,
  onReport,
}: {
  live: LiveStream;
  styleUrl: string | null;
  canWrite: boolean;
  onReport: () => void;
}) {
  const { t, language } = useI18n();
  const [types, setTypes] = useState<readonly IncidentType[]>([]);
  const [incidents, setIncidents] = useState<readonly IncidentSummary[]>([]);
  const [units, setUnits] = useState<readonly Unit[]>([]);
  const [stations, setStations] = useState<readonly Station[]>([]);
  /** Positions and statuses the stream brought since the units were last read. */
  const [moved, setMoved] = useState<ReadonlyMap<string, { at?: LonLat; status?: UnitStatus }>>(new Map());
  // The incident open, from the address: after a reload, or opened from the operations centre's inspector.
  const [selected, setSelected] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get('incident'),
  );
  const [pin, setPin] = useState<LonLat | null>(null);
  const [fresh, setFresh] = useState(0);
  const [refresh, setRefresh] = useState(0);
  const [suggestedRoutes, setSuggestedRoutes] = useState<readonly { unitId: string; coordinates: readonly LonLat[] }[]>(
    [],
  );
  const [sentRoutes, setSentRoutes] = useState<ReadonlyMap<string, readonly LonLat[]>>(new Map());
  const [focus, setFocus] = useState<{ center: LonLat; nonce: number } | null>(null);
  /** Kept as words to say, not said: switching the language says it again in the new one. */
  const [notice, setNotice] = useState<{
    key: 'dispatch.call.linked' | 'dispatch.call.logged' | 'dispatch.same.moved';
    params: Record<string, string>;
  } | null>(null);
  /** The incident just logged, with the open ones the API found it may duplicate. */
  const [logged, setLogged] = useState<{ id: string; duplicates: readonly DuplicateCandidate[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    Promise.all([emergencyApi.incidents('open'), emergencyApi.units()]).then(
      ([i, u]) => {
        setIncidents(i.incidents);
        setUnits(u.units);
        setMoved(new Map());
        setError(null);
      },
      (err: Error) => setError(err.message),
    );
    setRefresh((n) => n + 1);
  }, []);

  useEffect(() => {
    emergencyApi.types().then(
      (r) => setTypes(r.types),
      (err: Error) => setError(err.message),
    );
    emergencyApi.stations().then(
      (r) => setStations(r.stations),
      () => undefined,
    );
    reload();
  }, [reload]);

  // One read of the lists for an action and the stream's news of it together (at most one per SETTLE_MS).
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const settle = useCallback(() => {
    if (settleTimer.current !== undefined) return;
    settleTimer.current = setTimeout(() => {
      settleTimer.current = undefined;
      reload();
    }, SETTLE_MS);
  }, [reload]);
  useEffect(() => () => clearTimeout(settleTimer.current), []);

  // The stream: positions at once, the lists soon after.
  const knownStatus = useRef(new Map<string, UnitStatus>());
  useEffect(() => {
    live.follow({
      types: LIVE_TYPES,
      onChanges: (changes: Change[]) => {
        const next = new Map<string, { at?: LonLat; status?: UnitStatus }>();
        let listsChanged = false;
        for (const c of changes) {
          if (c.type !== 'EmergencyUnit' || !c.id.startsWith(UNIT_PREFIX)) {
            listsChanged = true;
            continue;
          }
          const callSign = c.id.slice(UNIT_PREFIX.length);
          const loc = c['location'] as { type?: string; coordinates?: number[] } | undefined;
          const raw = c['status'];
          const status =
            typeof raw === 'string' && (UNIT_STATUSES as readonly string[]).includes(raw)
              ? (raw as UnitStatus)
              : undefined;
          // A unit repeats its status with every position: only a new one changes the board and the queue.
          if (c.kind !== 'updated' || (status && status !== knownStatus.current.get(callSign))) listsChanged = true;
          next.set(callSign, {
            ...next.get(callSign),
            ...(loc?.type === 'Point' && loc.coordinates
              ? { at: [loc.coordinates[0] as number, loc.coordinates[1] as number] as const }
              : {}),
            ...(status ? { status } : {}),
          });
        }
        if (next.size > 0) {
          setMoved((before) => {
            const merged = new Map(before);
            for (const [k, v] of next) merged.set(k, { ...merged.get(k), ...v });
            return merged;
          });
        }
        if (listsChanged) settle();
      },
      onMissed: reload,
      // What changed before the stream was in place (after the first read) is read again once it is.
      onOpen: reload,
    });
    return () => live.follow(null);
  }, [live, reload, settle]);

  const stationAt = useMemo(() => new Map(stations.map((s) => [s.id, s.location])), [stations]);
  const placed: readonly PlacedUnit[] = useMemo(
    () =>
      units.map((u) => {
        const m = moved.get(u.callSign);
        return {
          ...u,
          ...(m?.status ? { status: m.status } : {}),
          at: m?.at ?? u.location ?? stationAt.get(u.stationId),
        };
      }),
    [units, moved, stationAt],
  );
  const unitById = useMemo(() => new Map(placed.map((u) => [u.id, u as Unit])), [placed]);
  knownStatus.current = new Map(placed.map((u) => [u.callSign, u.status]));
  const typeByCode = useMemo(() => new Map(types.map((ty) => [ty.code, ty])), [types]);
  const incidentById = useMemo(() => new Map(incidents.map((i) => [i.id, i])), [incidents]);

  // The dispatched routes stay drawn while their unit works on its incident.
  useEffect(() => {
    setSentRoutes((before) => {
      const next = new Map([...before].filter(([id]) => unitById.get(id)?.incidentId !== undefined));
      return next.size === before.size ? before : next;
    });
  }, [unitById]);
  const routes: readonly DrawnRoute[] = useMemo(
    () => [
      ...suggestedRoutes.map((r) => ({ ...r, dispatched: false })),
      ...[...sentRoutes].map(([unitId, coordinates]) => ({ unitId, coordinates, dispatched: true })),
    ],
    [suggestedRoutes, sentRoutes],
  );

  // The open incident is in the address (?incident=<id>): a reload opens it again, Back opens the one before.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (url.searchParams.get('incident') === selected) return;
    if (selected) url.searchParams.set('incident', selected);
    else url.searchParams.delete('incident');
    history.pushState(history.state, '', url);
  }, [selected]);
  useEffect(() => {
    const onPop = () => setSelected(new URLSearchParams(window.location.search).get('incident'));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Keys: F2 a new call; arrows move through the queue.
  const queue = useRef({ incidents, selected });
  queue.current = { incidents, selected };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        // A new call: the last call's "logged" banner would read as this one's.
        setNotice(null);
        setFresh((n) => n + 1);
        return;
      }
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const { incidents: list, selected: current } = queue.current;
        if (list.length === 0) return;
        e.preventDefault();
        const at = list.findIndex((i) => i.id === current);
        const next = e.key === 'ArrowDown' ? Math.min(list.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
        setSelected(list[next]?.id ?? null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onLogged = useCallback(
    (incident: Incident, linked: boolean, duplicates: readonly DuplicateCandidate[]) => {
      // Out of the form: the incident's recommendations take the focus once shown. Until then, and after,
      // a letter typed by a call-taker still writing sends nothing (dispatching is D then Enter, in the list).
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      setSelected(incident.id);
      setLogged({ id: incident.id, duplicates: linked ? [] : duplicates });
      setNotice({ key: linked ? 'dispatch.call.linked' : 'dispatch.call.logged', params: { number: incident.number } });
      settle();
    },
    [settle],
  );
  const onMoved = useCallback(
    (to: Incident, closed: Incident) => {
      setLogged(null);
      setSelected(to.id);
      setNotice({ key: 'dispatch.same.moved', params: { number: to.number, closed: closed.number } });
      settle();
    },
    [settle],
  );
  const onDispatched = useCallback((sent: readonly { unitId: string; coordinates: readonly LonLat[] }[]) => {
    setSentRoutes((before) => new Map([...before, ...sent.map((r) => [r.unitId, r.coordinates] as const)]));
  }, []);
  const onPlace = useCallback((at: LonLat) => setPin(at), []);
  const onShow = useCallback((center: LonLat) => setFocus({ center, nonce: Date.now() }), []);

  return (
    <main className="dispatch" id="main" tabIndex={-1}>
      <div className="dispatch-left">
        <div className="dispatch-title">
          <h1>{t('dispatch.title')}</h1>
          <button type="button" className="link" onClick={onReport}>
            {t('dispatch.reportLink')}
          </button>
        </div>
        {notice && (
          <p className="notice" role="status" data-notice>
            {t(notice.key, notice.params)}
          </p>
        )}
        {error && <p className="error">{t('common.error', { message: error })}</p>}
        {canWrite ? (
          <CallForm
            types={types}
            location={pin}
            onLocation={setPin}
            onLogged={onLogged}
            fresh={fresh}
            canWrite={canWrite}
          />
        ) : (
          <p className="muted small">{t('dispatch.readOnly')}</p>
        )}
        <details className="shortcuts" open>
          <summary>{t('dispatch.keys.title')}</summary>
          <dl>
            <dt>
              <kbd>F2</kbd>
            </dt>
            <dd>{t('dispatch.keys.newCall')}</dd>
            <dt>
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
            </dt>
            <dd>{t('dispatch.keys.logCall')}</dd>
            <dt>
              <kbd>Alt</kbd>+<kbd>1</kbd>…<kbd>9</kbd>
            </dt>
            <dd>{t('dispatch.keys.link')}</dd>
            <dt>
              <kbd>↑</kbd> <kbd>↓</kbd> <kbd>Enter</kbd>
            </dt>
            <dd>{t('dispatch.keys.suggestions')}</dd>
            <dt>
              <kbd>↑</kbd> <kbd>↓</kbd>
            </dt>
            <dd>{t('dispatch.keys.queue')}</dd>
            <dt>
              <kbd>1</kbd>…<kbd>9</kbd>
            </dt>
            <dd>{t('dispatch.keys.pick')}</dd>
            <dt>
              <kbd>D</kbd> <kbd>Enter</kbd>
            </dt>
            <dd>{t('dispatch.keys.dispatch')}</dd>
          </dl>
          <p className="muted small">{t('dispatch.keys.list')}</p>
        </details>
      </div>
      <div className="dispatch-centre">
        <div className="dispatch-map-area">
          <DispatchMap
            key={language}
            styleUrl={styleUrl}
            attribution={t('map.attribution')}
            label={t('dispatch.mapLabel')}
            units={placed}
            incidents={incidents}
            selectedIncident={selected}
            pin={pin}
            routes={routes}
            focus={focus}
            onPlace={onPlace}
            onSelectIncident={setSelected}
          />
        </div>
        <div className="dispatch-lists">
          <IncidentQueue
            incidents={incidents}
            types={typeByCode}
            units={unitById}
            selected={selected}
            onSelect={setSelected}
          />
          <UnitBoard units={placed} incidents={incidentById} onSelectIncident={setSelected} />
        </div>
      </div>
      <div className="dispatch-right">
        {selected ? (
          <IncidentDetail
            key={selected}
            incidentId={selected}
            refresh={refresh}
            units={unitById}
            incidents={incidentById}
            canWrite={canWrite}
            onRoutes={setSuggestedRoutes}
            onDispatched={onDispatched}
            onChanged={settle}
            onShow={onShow}
            justLogged={logged?.id === selected ? logged.duplicates : null}
            onMoved={onMoved}
          />
        ) : (
          <p className="muted pad">{t('dispatch.pickIncident')}</p>
        )}
      </div>
    </main>
  );
}
