import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { transitApi, type AlarmJson, type Kpis, type Warning } from '../api';
import { useI18n } from '../i18n';
import { CityMap, type FlyTarget, type InViewItem, type MapView, type Selection } from '../map/CityMap';
import { LAYERS, type LayerKey } from '../map/layers';
import { MapLegend } from '../map/MapLegend';
import { ErrorBoundary } from '../ErrorBoundary';
import { AlarmsPanel } from '../panels/AlarmsPanel';
import { Inspector } from '../panels/Inspector';
import { KpiStrip } from '../panels/KpiStrip';
import { ResponseTimes } from '../panels/ResponseTimes';
import { InViewList } from '../panels/InViewList';
import type { Change, LiveStream } from '../live';

export interface OperationsPageProps {
  readonly kpis: Kpis | null;
  readonly alarms: readonly AlarmJson[];
  readonly warnings: readonly Warning[];
  readonly canActOnAlarms: boolean;
  readonly styleUrl: string | null;
  readonly onAlarmChanged: (alarm: AlarmJson) => void;
  /** An alarm to bring into view in the console (the new-critical banner's "show"). */
  readonly alarmFocus?: { readonly id: string; readonly nonce: number } | null;
  /** The page's live stream: the map follows its view on it. */
  readonly live: LiveStream;
  /** The viewer may read the emergency centre (emergency:read): its layers, response times and console. */
  readonly canReadEmergency?: boolean;
  /** Opens the leaders' report of response times (/dispatch/report). */
  readonly onResponseReport?: () => void;
}

const PUNCTUALITY_EVERY_MS = 15_000;
const ALL_ON = Object.fromEntries(LAYERS.map((l) => [l.key, true])) as Record<LayerKey, boolean>;
/** The emergency centre's layers: only for those who may read it (emergency:read). */
const EMERGENCY_LAYERS: readonly LayerKey[] = ['incidents', 'units'];

/** The operations view: KPIs on top, the live map, layers and legend, the inspector, alarms. */
export function OperationsPage(props: OperationsPageProps) {
  const { t, language } = useI18n();
  const canReadEmergency = props.canReadEmergency ?? false;
  const [enabled, setEnabled] = useState<Record<LayerKey, boolean>>(() =>
    canReadEmergency ? ALL_ON : { ...ALL_ON, incidents: false, units: false },
  );
  const layers = useMemo(
    () => LAYERS.filter((l) => canReadEmergency || !EMERGENCY_LAYERS.includes(l.key)),
    [canReadEmergency],
  );
  const [usAqi, setUsAqi] = useState(false);
  const [showIdleBuses, setShowIdleBuses] = useState(false);
  // On a tablet the layer list folds away to give the map room.
  const [layersOpen, setLayersOpen] = useState(() => window.innerWidth > 1100);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [flyTo, setFlyTo] = useState<FlyTarget | null>(null);
  const selected = useRef<string | null>(null);
  selected.current = selection?.id ?? null;
  const lastRefresh = useRef(0);

  const onChanges = useCallback((changes: readonly Change[]) => {
    // The inspector follows its entity, at most every 2 s.
    if (selected.current && changes.some((c) => c.id === selected.current) && Date.now() - lastRefresh.current > 2000) {
      lastRefresh.current = Date.now();
      setRefresh((n) => n + 1);
    }
  }, []);
  const onShow = useCallback((center: readonly [number, number]) => setFlyTo({ center, nonce: Date.now() }), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSelection(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const legend = useMemo(() => layers.filter((l) => enabled[l.key]), [layers, enabled]);

  // The buses' punctuality, as the schedule matched them: read again every 15 s while they are shown.
  const [punctuality, setPunctuality] = useState<ReadonlyMap<string, number | null>>();
  useEffect(() => {
    if (!enabled.buses) return;
    let live = true;
    const load = () =>
      transitApi.vehicles().then(
        ({ vehicles }) => live && setPunctuality(new Map(vehicles.map((v) => [v.id, v.tripId ? v.deviation : null]))),
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), PUNCTUALITY_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [enabled.buses]);

  // Keyboard and screen readers: the list of what is in view opens the inspector; focus goes into the
  // inspector when it opens and back to what opened it when it closes.
  const [inViewOpen, setInViewOpen] = useState(false);
  const [inView, setInView] = useState<readonly InViewItem[] | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const mapArea = useRef<HTMLDivElement>(null);
  const select = useCallback((s: Selection | null) => {
    if (s) {
      const active = document.activeElement;
      if (active instanceof HTMLElement && !active.closest('.inspector')) opener.current = active;
    }
    setSelection(s);
  }, []);
  const selectedId = selection?.id;
  useEffect(() => {
    if (selectedId) {
      const panel = mapArea.current?.querySelector<HTMLElement>('.inspector');
      if (panel) {
        panel.tabIndex = -1;
        panel.focus();
      }
      return;
    }
    if (opener.current?.isConnected) opener.current.focus();
    opener.current = null;
  }, [selectedId]);
  // MapLibre's own texts; a change of language makes the map again, where the operator left it.
  const view = useRef<MapView | undefined>(undefined);
  const onView = useCallback((v: MapView) => (view.current = v), []);
  const controlTexts = useMemo(
    () => ({
      'NavigationControl.ZoomIn': t('access.map.zoomIn'),
      'NavigationControl.ZoomOut': t('access.map.zoomOut'),
      'NavigationControl.ResetBearing': t('access.map.resetBearing'),
      'AttributionControl.ToggleAttribution': t('access.map.toggleAttribution'),
      'AttributionControl.MapFeedback': t('access.map.feedback'),
      'LogoControl.Title': t('access.map.logo'),
      'Map.Title': t('map.label'),
      'ScaleControl.Meters': 'm',
      'ScaleControl.Kilometers': 'km',
    }),
    [t],
  );

  return (
    <main className={canReadEmergency ? 'operations with-response-times' : 'operations'} id="main" tabIndex={-1}>
      <KpiStrip kpis={props.kpis} />
      {canReadEmergency && props.onResponseReport && <ResponseTimes onReport={props.onResponseReport} />}
      <div className="workspace">
        <div className="map-area" ref={mapArea}>
          <CityMap
            key={language}
            initialView={view.current}
            onView={onView}
            controlTexts={controlTexts}
            onInView={inViewOpen ? setInView : undefined}
            enabled={enabled}
            usAqi={usAqi}
            punctuality={punctuality}
            warnings={props.warnings}
            alarms={props.alarms}
            styleUrl={props.styleUrl}
            attribution={t('map.attribution')}
            label={t('map.label')}
            flyTo={flyTo}
            onSelect={select}
            live={props.live}
            onChanges={onChanges}
            showIdleBuses={showIdleBuses}
          />
          <section className="layers-panel" aria-label={t('layers.title')}>
            <h2>
              <button
                type="button"
                className="fold"
                aria-expanded={layersOpen}
                aria-controls="layer-list"
                onClick={() => setLayersOpen(!layersOpen)}
              >
                {t('layers.title')} <span aria-hidden="true">{layersOpen ? '▾' : '▸'}</span>
              </button>
            </h2>
            <div id="layer-list" hidden={!layersOpen}>
              {layers.map((l) => (
                <label key={l.key} className="toggle">
                  <input
                    type="checkbox"
                    name={`layer-${l.key}`}
                    checked={enabled[l.key]}
                    onChange={(e) => setEnabled({ ...enabled, [l.key]: e.target.checked })}
                  />
                  {t(l.label)}
                </label>
              ))}
              <label className="toggle switch">
                <input type="checkbox" name="us-aqi" checked={usAqi} onChange={(e) => setUsAqi(e.target.checked)} />
                {t('layers.usAqi')}
              </label>
              <label className="toggle switch">
                <input
                  type="checkbox"
                  name="idle-buses"
                  checked={showIdleBuses}
                  onChange={(e) => setShowIdleBuses(e.target.checked)}
                />
                {t('layers.idleBuses')}
              </label>
              <MapLegend layers={legend} usAqi={usAqi} />
            </div>
          </section>
          <InViewList
            open={inViewOpen}
            onToggle={() => (setInViewOpen(!inViewOpen), setInView(null))}
            items={inView}
            onSelect={select}
          />
          {selection && (
            <ErrorBoundary
              resetKey={selection.id}
              fallback={(message) => (
                <aside className="inspector">
                  <p className="error">{t('common.error', { message })}</p>
                  <button type="button" onClick={() => setSelection(null)}>
                    {t('inspector.close')}
                  </button>
                </aside>
              )}
            >
              <Inspector
                key={selection.id}
                selection={selection}
                refresh={refresh}
                onClose={() => setSelection(null)}
                canReadEmergency={canReadEmergency}
              />
            </ErrorBoundary>
          )}
        </div>
        <AlarmsPanel
          alarms={props.alarms}
          warnings={props.warnings}
          canAct={props.canActOnAlarms}
          onChanged={props.onAlarmChanged}
          onShow={onShow}
          focus={props.alarmFocus ?? null}
        />
      </div>
    </main>
  );
}
