import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AlarmJson, Kpis, Warning } from '../api';
import { useI18n } from '../i18n';
import { CityMap, type FlyTarget, type Selection } from '../map/CityMap';
import { LAYERS, type LayerKey } from '../map/layers';
import { ErrorBoundary } from '../ErrorBoundary';
import { AlarmsPanel } from '../panels/AlarmsPanel';
import { Inspector } from '../panels/Inspector';
import { KpiStrip } from '../panels/KpiStrip';
import type { Change, LiveStream } from '../live';

export interface OperationsPageProps {
  readonly kpis: Kpis | null;
  readonly alarms: readonly AlarmJson[];
  readonly warnings: readonly Warning[];
  readonly canActOnAlarms: boolean;
  readonly styleUrl: string | null;
  readonly onAlarmChanged: (alarm: AlarmJson) => void;
  /** The page's live stream: the map follows its view on it. */
  readonly live: LiveStream;
}

const ALL_ON = Object.fromEntries(LAYERS.map((l) => [l.key, true])) as Record<LayerKey, boolean>;

/** The operations view: KPIs on top, the live map, layers and legend, the inspector, alarms. */
export function OperationsPage(props: OperationsPageProps) {
  const { t } = useI18n();
  const [enabled, setEnabled] = useState<Record<LayerKey, boolean>>(ALL_ON);
  const [usAqi, setUsAqi] = useState(false);
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

  const legend = useMemo(() => LAYERS.filter((l) => enabled[l.key]), [enabled]);

  return (
    <main className="operations">
      <KpiStrip kpis={props.kpis} />
      <div className="workspace">
        <div className="map-area">
          <CityMap
            enabled={enabled}
            usAqi={usAqi}
            warnings={props.warnings}
            styleUrl={props.styleUrl}
            attribution={t('map.attribution')}
            label={t('map.label')}
            flyTo={flyTo}
            onSelect={setSelection}
            live={props.live}
            onChanges={onChanges}
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
              {LAYERS.map((l) => (
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
              <div className="legend">
                {legend.map((l) => (
                  <div key={l.key} className="legend-group">
                    <div className="legend-title">{t(l.label)}</div>
                    {l.legend.map((item, i) => (
                      <div key={i} className="legend-item">
                        <span className="swatch" style={{ background: item.colour }} />
                        {l.key === 'air' && usAqi ? t(`usaqi.${i + 1}` as Parameters<typeof t>[0]) : t(item.label)}
                      </div>
                    ))}
                  </div>
                ))}
              </div>
            </div>
          </section>
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
              <Inspector selection={selection} refresh={refresh} onClose={() => setSelection(null)} />
            </ErrorBoundary>
          )}
        </div>
        <AlarmsPanel
          alarms={props.alarms}
          warnings={props.warnings}
          canAct={props.canActOnAlarms}
          onChanged={props.onAlarmChanged}
          onShow={onShow}
        />
      </div>
    </main>
  );
}
