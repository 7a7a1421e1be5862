import { useEffect, useState } from 'react';
import { api, entity as fetchEntity, history, type Series, type Station } from '../api';
import { aqiColour, formatAge, formatDelay, formatNumber, formatTime, unitOf } from '../format';
import { hasKey, useI18n, type MessageKey } from '../i18n';
import type { Selection } from '../map/CityMap';
import { Chart } from './Chart';

/**
 * What the operator clicked, in plain words: the latest state with units and times, then a history
 * chart from the temporal API. A station shows what Decision 1459 Table 3 asks a public display to
 * show: every parameter with the dominant one marked, the category, the health advice, the source.
 */

/** The attributes shown per type, in order; the first numeric ones can be charted. */
const SHOWN: Record<string, { attrs: readonly string[]; chart: readonly string[] }> = {
  AirQualityObserved: {
    attrs: ['areaServed', 'siting', 'temperature', 'relativeHumidity'],
    chart: ['pm25', 'pm10', 'no2', 'o3', 'so2', 'co', 'airQualityIndex'],
  },
  NoiseLevelObserved: {
    attrs: ['LAeq', 'LAmax', 'noiseLimitDay', 'noiseLimitNight', 'areaServed'],
    chart: ['LAeq', 'LAmax'],
  },
  WaterLevelObserved: {
    attrs: ['waterLevel', 'warningLevel', 'dangerLevel', 'river', 'areaServed'],
    chart: ['waterLevel'],
  },
  OffStreetParking: {
    attrs: ['availableSpotNumber', 'totalSpotNumber', 'occupancy', 'street', 'areaServed'],
    chart: ['occupancy', 'availableSpotNumber'],
  },
  OnStreetParking: {
    attrs: ['availableSpotNumber', 'totalSpotNumber', 'occupancy', 'street', 'areaServed'],
    chart: ['occupancy', 'availableSpotNumber'],
  },
  TrafficFlowObserved: {
    attrs: ['intensity', 'averageVehicleSpeed', 'congested', 'streets', 'areaServed'],
    chart: ['intensity', 'averageVehicleSpeed'],
  },
  Vehicle: { attrs: ['routeCode', 'tripId', 'speed', 'heading', 'delay'], chart: ['speed', 'delay'] },
  Alarm: { attrs: ['title', 'severity', 'alarmState', 'value', 'threshold', 'area', 'assignee'], chart: [] },
};

const RANGES = [6, 24, 168, 720] as const;

interface Attr {
  readonly value: unknown;
  readonly unitCode?: string;
  readonly observedAt?: string;
}

function attributesOf(raw: Record<string, unknown>): Record<string, Attr> {
  const out: Record<string, Attr> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
    const a = v as {
      type?: string;
      value?: unknown;
      object?: unknown;
      unitCode?: string;
      observedAt?: string;
      languageMap?: Record<string, string>;
    };
    out[k] = { value: a.value ?? a.object ?? a.languageMap, unitCode: a.unitCode, observedAt: a.observedAt };
  }
  return out;
}

export function Inspector({
  selection,
  refresh,
  onClose,
}: {
  selection: Selection;
  refresh: number;
  onClose: () => void;
}) {
  const { t, locale, pick } = useI18n();
  const [attrs, setAttrs] = useState<Record<string, Attr> | null>(null);
  const [station, setStation] = useState<Station | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = SHOWN[selection.type] ?? { attrs: [], chart: [] };
  const [chartAttr, setChartAttr] = useState<string | undefined>(shown.chart[0]);
  const [range, setRange] = useState<(typeof RANGES)[number]>(6);
  const [series, setSeries] = useState<Series | null>(null);

  useEffect(() => {
    setChartAttr(SHOWN[selection.type]?.chart[0]);
    setAttrs(null);
    setStation(null);
    setSeries(null);
  }, [selection.id, selection.type]);

  useEffect(() => {
    let live = true;
    fetchEntity(selection.id)
      .then((e) => live && (setAttrs(attributesOf(e)), setError(null)))
      .catch((err: Error) => live && setError(err.message));
    if (selection.type === 'AirQualityObserved') {
      api.station(selection.id).then(
        (s) => live && setStation(s),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [selection.id, selection.type, refresh]);

  // The chart ends at the attribute's newest reading (now, for a live sensor).
  const until = chartAttr && attrs?.[chartAttr]?.observedAt;
  useEffect(() => {
    if (!chartAttr || !attrs) return;
    let live = true;
    const end = until ? new Date(until) : new Date();
    history(selection.id, chartAttr, range, end)
      .then((s) => live && setSeries(s))
      .catch(() => live && setSeries({ attribute: chartAttr, points: [], method: 'raw' }));
    return () => {
      live = false;
    };
  }, [selection.id, chartAttr, range, until, attrs === null]);

  const label = (name: string) => {
    const key = `attr.${name}`;
    return hasKey(key) ? t(key) : name;
  };
  const show = (name: string, a: Attr): string => {
    if (typeof a.value === 'boolean') return a.value ? t('value.yes') : t('value.no');
    if (typeof a.value === 'number') {
      if (name === 'delay') return formatDelay(a.value, locale);
      return `${formatNumber(a.value, locale)} ${unitOf(a.unitCode)}`.trim();
    }
    if (a.value && typeof a.value === 'object')
      return pick(a.value as { vi: string; en: string }) || JSON.stringify(a.value);
    if (name === 'severity')
      return hasKey(`severity.${String(a.value)}`) ? t(`severity.${String(a.value)}` as MessageKey) : String(a.value);
    if (name === 'alarmState') {
      const key = `alarms.state.${String(a.value)}`;
      return hasKey(key) ? t(key) : String(a.value);
    }
    return typeof a.value === 'string'
      ? a.value
      : a.value === undefined || a.value === null
        ? ''
        : JSON.stringify(a.value);
  };

  const typeKey = `type.${selection.type}`;
  const name =
    (attrs?.['name']?.value as string | undefined) ??
    (attrs?.['title']?.value as string | undefined) ??
    selection.id.split(':').pop();
  const newest = Object.values(attrs ?? {})
    .map((a) => a.observedAt)
    .filter((x): x is string => !!x)
    .sort()
    .pop();

  return (
    <aside className="inspector" aria-label={name ?? selection.id} data-entity={selection.id}>
      <header className="inspector-head">
        <div>
          <div className="inspector-type">{hasKey(typeKey) ? t(typeKey) : selection.type}</div>
          <h2>{name}</h2>
          {newest && (
            <div className="muted">
              {t('inspector.updated', { time: `${formatTime(newest, locale, true)} (${formatAge(newest, t)})` })}
            </div>
          )}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('inspector.close')}>
          ×
        </button>
      </header>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {!attrs && !error && <p className="muted">{t('inspector.loading')}</p>}
      {station && <StationView station={station} />}
      {attrs && (
        <dl className="facts">
          {shown.attrs
            .filter((n) => attrs[n] !== undefined)
            .map((n) => (
              <div key={n}>
                <dt>{label(n)}</dt>
                <dd>{show(n, attrs[n] as Attr)}</dd>
              </div>
            ))}
        </dl>
      )}
      {shown.chart.length > 0 && attrs && (
        <section className="history" aria-label={t('inspector.history')}>
          <h3>{t('inspector.history')}</h3>
          <div className="chips" role="group">
            {shown.chart
              .filter((n) => attrs[n] !== undefined)
              .map((n) => (
                <button
                  key={n}
                  type="button"
                  className={n === chartAttr ? 'chip on' : 'chip'}
                  aria-pressed={n === chartAttr}
                  onClick={() => setChartAttr(n)}
                >
                  {label(n)}
                </button>
              ))}
          </div>
          <div className="chips" role="group">
            {RANGES.map((r) => (
              <button
                key={r}
                type="button"
                className={r === range ? 'chip on' : 'chip'}
                aria-pressed={r === range}
                onClick={() => setRange(r)}
              >
                {t(`inspector.range.${r}` as MessageKey)}
              </button>
            ))}
          </div>
          {!series && <p className="muted">{t('inspector.loading')}</p>}
          {series && series.points.length === 0 && <p className="muted">{t('inspector.noHistory')}</p>}
          {series && series.points.length > 0 && chartAttr && (
            <>
              <Chart
                series={series}
                locale={locale}
                unit={unitOf(attrs[chartAttr]?.unitCode)}
                label={label(chartAttr)}
              />
              <div className="muted small">
                {label(chartAttr)} ·{' '}
                {series.method === 'raw'
                  ? t('inspector.method.raw')
                  : t('inspector.method.avg', { period: range <= 24 ? '15 min' : range <= 168 ? '1 h' : '6 h' })}
              </div>
            </>
          )}
        </section>
      )}
    </aside>
  );
}

function StationView({ station }: { station: Station }) {
  const { t, locale, pick } = useI18n();
  const aqi = station.vnAqi;
  return (
    <section className="station" aria-label="VN_AQI">
      {aqi ? (
        <>
          <div
            className="aqi-badge"
            style={{ background: aqi.category.colour, color: aqi.category.level >= 4 ? '#fff' : '#1c2733' }}
          >
            <span className="aqi-value">{aqi.value}</span>
            <span>
              <strong>VN_AQI · {pick(aqi.category.name)}</strong>
              <br />
              <small>{t('inspector.scale')}</small>
            </span>
          </div>
          {station.usAqi && (
            <div className="muted small">
              <span className="swatch" style={{ background: aqiColour(station.usAqi.value) }} /> {station.usAqi.scale}:{' '}
              {station.usAqi.value} ({pick(station.usAqi.category)})
            </div>
          )}
          <h3>{t('inspector.pollutants')}</h3>
          <table className="pollutants">
            <tbody>
              {Object.entries(station.readings).map(([p, r]) => {
                const dominant = aqi.dominantPollutant === p;
                return (
                  <tr key={p} className={dominant ? 'dominant' : ''}>
                    <th scope="row">{hasKey(`attr.${p}`) ? t(`attr.${p}` as MessageKey) : p}</th>
                    <td>
                      {formatNumber(r.value, locale)} {unitOf(r.unitCode)}
                    </td>
                    <td>
                      {aqi.subIndices?.[p] !== undefined && (
                        <>
                          {t('inspector.subIndex')} {aqi.subIndices[p]}
                        </>
                      )}
                    </td>
                    <td>{dominant && <span className="tag">{t('inspector.dominant')}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <dl className="facts">
            <div>
              <dt>{t('inspector.healthEffect')}</dt>
              <dd>{pick(aqi.category.healthEffect)}</dd>
            </div>
            <div>
              <dt>{t('inspector.adviceGeneral')}</dt>
              <dd>{pick(aqi.category.advice.general)}</dd>
            </div>
            <div>
              <dt>{t('inspector.adviceSensitive')}</dt>
              <dd>{pick(aqi.category.advice.sensitive)}</dd>
            </div>
            <div>
              <dt>{t('inspector.source')}</dt>
              <dd>{station.source}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="muted">{t('inspector.notRated')}</p>
      )}
    </section>
  );
}
