import { useEffect, useRef, useState } from 'react';
import {
  api,
  busTrip,
  chartLimits,
  entity as fetchEntity,
  history,
  type BusTrip,
  type ChartLimits,
  type Series,
  type Station,
} from '../api';
import { aqiColour, formatDelay, formatNumber, HANOI, unitOf } from '../format';
import { hasKey, useI18n, type MessageKey } from '../i18n';
import type { Selection } from '../map/CityMap';
import { Chart } from './Chart';
import { airLimitLines, categoryLines, compassPoint, delayWords, riverState, type LimitLine } from './inspector-words';
import { aqiInk } from '../palette';
import { ObservedAndReceived } from './ObservedAndReceived';
import { EmergencyView } from './EmergencyView';

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
  // A bus is shown by its trip in words (BusView), not by its codes.
  Vehicle: { attrs: [], chart: ['speed', 'delay'] },
  Alarm: { attrs: ['title', 'severity', 'alarmState', 'value', 'threshold', 'area', 'assignee'], chart: [] },
  // A citizen's report as the operations centre sees it: no contact, no text (they are the module's).
  ServiceRequest: {
    attrs: ['category', 'status', 'level', 'overdue', 'department', 'ward', 'requestedAt', 'expectedAt'],
    chart: [],
  },
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
  canReadEmergency = false,
}: {
  selection: Selection;
  refresh: number;
  onClose: () => void;
  /** The viewer may read the emergency centre (emergency:read): an incident links into its console. */
  canReadEmergency?: boolean;
}) {
  const { t, locale, pick } = useI18n();
  const [attrs, setAttrs] = useState<Record<string, Attr> | null>(null);
  const [station, setStation] = useState<Station | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = SHOWN[selection.type] ?? { attrs: [], chart: [] };
  const [chartAttr, setChartAttr] = useState<string | undefined>(shown.chart[0]);
  const [range, setRange] = useState<(typeof RANGES)[number]>(6);
  const [series, setSeries] = useState<Series | null>(null);
  const [limits, setLimits] = useState<ChartLimits | null>(null);

  // The limits in force on the chart's last day (QCVN 05:2023 changed its PM2.5 limit on 1/1/2026).
  const airChart = selection.type === 'AirQualityObserved';
  useEffect(() => {
    if (!airChart) return;
    let live = true;
    chartLimits(new Date()).then(
      (l) => live && setLimits(l),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [airChart]);

  useEffect(() => {
    let live = true;
    fetchEntity(selection.id)
      .then((e) => {
        if (!live) return;
        const found = attributesOf(e);
        setAttrs(found);
        setError(null);
        // Chart what the entity has: a parking spot that has not yet reported its occupancy has no history of it.
        setChartAttr((c) =>
          c && found[c] !== undefined ? c : SHOWN[selection.type]?.chart.find((n) => found[n] !== undefined),
        );
      })
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
  const charted = chartAttr !== undefined && attrs?.[chartAttr] !== undefined;
  useEffect(() => {
    if (!chartAttr || !charted) return;
    let live = true;
    const end = until ? new Date(until) : new Date();
    history(selection.id, chartAttr, range, end)
      .then((s) => live && setSeries(s))
      .catch(() => live && setSeries({ attribute: chartAttr, points: [], method: 'raw' }));
    return () => {
      live = false;
    };
  }, [selection.id, chartAttr, range, until, charted]);

  const label = (name: string) => {
    const key = `attr.${name}`;
    return hasKey(key) ? t(key) : name;
  };
  const show = (name: string, a: Attr): string => {
    if (typeof a.value === 'boolean') return a.value ? t('value.yes') : t('value.no');
    if (typeof a.value === 'number') {
      if (name === 'delay') return formatDelay(a.value, locale);
      if (name === 'waterLevel') return `${formatNumber(a.value, locale, 2)} ${unitOf(a.unitCode)}`.trim();
      // A gauge's levels are in the unit of its readings.
      if (name === 'warningLevel' || name === 'dangerLevel')
        return `${formatNumber(a.value, locale, 2)} ${unitOf(attrs?.['waterLevel']?.unitCode ?? 'MTR')}`;
      return `${formatNumber(a.value, locale)} ${unitOf(a.unitCode)}`.trim();
    }
    if (a.value && typeof a.value === 'object')
      return pick(a.value as { vi: string; en: string }) || JSON.stringify(a.value);
    if (name === 'severity')
      return hasKey(`severity.${String(a.value)}`) ? t(`severity.${String(a.value)}` as MessageKey) : String(a.value);
    if (name === 'siting' && hasKey(`access.siting.${String(a.value)}`))
      return t(`access.siting.${String(a.value)}` as MessageKey);
    // A citizen report's state and level in words, its times in Hà Nội's time.
    if (selection.type === 'ServiceRequest') {
      const key = `legend.reports.${name === 'status' ? 'state' : name}.${String(a.value)}`;
      if ((name === 'status' || name === 'level') && hasKey(key)) return t(key);
      if ((name === 'requestedAt' || name === 'expectedAt') && typeof a.value === 'string')
        return new Date(a.value).toLocaleString(locale, { timeZone: HANOI, dateStyle: 'short', timeStyle: 'short' });
    }
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
  const bus = selection.type === 'Vehicle' && attrs ? busOf(attrs) : null;
  const trip = useBusTrip(bus);
  const name =
    (bus && trip && trip.trip === bus.trip
      ? t('bus.title', { route: trip.route.shortName, headsign: trip.direction.headsign, departure: trip.departure })
      : bus?.route
        ? t('bus.routeOnly', { route: bus.route })
        : undefined) ??
    (attrs?.['name']?.value as string | undefined) ??
    (attrs?.['title']?.value as string | undefined) ??
    (attrs?.['incidentNumber']?.value as string | undefined) ??
    (attrs?.['callSign']?.value as string | undefined) ??
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
          {newest && <ObservedAndReceived entityId={selection.id} observedAt={newest} refresh={refresh} />}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('inspector.close')}>
          ×
        </button>
      </header>
      {error && <p className="error">{t('common.error', { message: error })}</p>}
      {!attrs && !error && <p className="muted">{t('inspector.loading')}</p>}
      {station && <StationView station={station} />}
      {bus && <BusView bus={bus} trip={trip} deviceId={selection.id.split(':').pop() ?? selection.id} />}
      {selection.type === 'WaterLevelObserved' && attrs && <RiverView attrs={attrs} />}
      {(selection.type === 'EmergencyIncident' || selection.type === 'EmergencyUnit') && attrs && (
        <EmergencyView
          type={selection.type}
          id={selection.id}
          values={Object.fromEntries(Object.entries(attrs).map(([k, a]) => [k, a.value]))}
          canReadEmergency={canReadEmergency}
        />
      )}
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
                limits={limitLines(chartAttr, attrs, limits, series, t, locale, pick)}
              />
              <div className="muted small">
                {label(chartAttr)} ·{' '}
                {series.method === 'raw'
                  ? t('inspector.method.raw')
                  : t('inspector.method.avg', {
                      period: (range <= 24 ? 15 : range <= 168 ? 1 : 6).toLocaleString(locale, {
                        style: 'unit',
                        unit: range <= 24 ? 'minute' : 'hour',
                        unitDisplay: 'short',
                      }),
                    })}
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
          <div className="aqi-badge" style={{ background: aqi.category.colour, color: aqiInk(aqi.category.level) }}>
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

// ---- The inspector's words for buses, rivers and the limit lines of its charts ----

interface Bus {
  readonly route?: string;
  readonly trip?: string;
  readonly heading?: number;
  readonly speed?: number;
  readonly speedUnit?: string;
  readonly delay?: number;
  readonly location?: { readonly lon: number; readonly lat: number };
}

function busOf(attrs: Record<string, Attr>): Bus {
  const text = (n: string) => (typeof attrs[n]?.value === 'string' ? attrs[n]?.value : undefined);
  const num = (n: string) => (typeof attrs[n]?.value === 'number' ? attrs[n]?.value : undefined);
  const point = attrs['location']?.value as { type?: string; coordinates?: unknown } | undefined;
  const c = point?.type === 'Point' && Array.isArray(point.coordinates) ? (point.coordinates as number[]) : undefined;
  return {
    route: text('routeCode'),
    trip: text('tripId'),
    heading: num('heading'),
    speed: num('speed'),
    speedUnit: attrs['speed']?.unitCode,
    delay: num('delay'),
    location: c && typeof c[0] === 'number' && typeof c[1] === 'number' ? { lon: c[0], lat: c[1] } : undefined,
  };
}

/**
 * The bus's trip in words, asked again as the bus moves (its position names the next stop). One question at a
 * time, and an answer is kept even if the bus moved meanwhile: on a slow server a bus reporting faster than
 * the answer comes would otherwise never be named. The newest position is asked next.
 */
function useBusTrip(bus: Bus | null): BusTrip | null | undefined {
  const [trip, setTrip] = useState<BusTrip | null | undefined>(undefined);
  const code = bus?.trip;
  const lon = bus?.location?.lon;
  const lat = bus?.location?.lat;
  const heading = bus?.heading;
  const shownCode = useRef(code);
  shownCode.current = code;
  const asking = useRef(false);
  const wanted = useRef<{ code: string; at?: { lon: number; lat: number; heading?: number } } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (!code) {
      wanted.current = null;
      setTrip(undefined);
      return;
    }
    wanted.current = { code, ...(lon !== undefined && lat !== undefined ? { at: { lon, lat, heading } } : {}) };
    if (asking.current) return;
    const ask = () => {
      const next = wanted.current;
      wanted.current = null;
      if (!next || !mounted.current) return;
      asking.current = true;
      busTrip(next.code, next.at)
        .then(
          (t) => shownCode.current === next.code && setTrip(t),
          // A failed re-read keeps the trip already named; a first one says it is not known.
          () => shownCode.current === next.code && setTrip((shown) => (shown?.trip === next.code ? shown : null)),
        )
        .finally(() => {
          asking.current = false;
          ask();
        });
    };
    ask();
  }, [code, lon, lat, heading]);
  return trip;
}

function formatDistance(metres: number, locale: string): string {
  return metres < 1000
    ? `${formatNumber(Math.round(metres / 10) * 10, locale, 0)} m`
    : `${formatNumber(metres / 1000, locale, 1)} km`;
}

function BusView({ bus, trip, deviceId }: { bus: Bus; trip: BusTrip | null | undefined; deviceId: string }) {
  const { t, locale } = useI18n();
  const known = trip && trip.trip === bus.trip ? trip : null;
  const place = known?.position;
  const stopName = (i: number | null | undefined) =>
    i === null || i === undefined ? undefined : known?.stops[i]?.name;
  const delay = bus.delay === undefined ? undefined : delayWords(bus.delay);
  const following = place?.nextStop != null ? (known?.stops.slice(place.nextStop + 1, place.nextStop + 3) ?? []) : [];
  return (
    <section className="bus" aria-label={t('bus.trip')}>
      <p className="muted small bus-device">{t('bus.device', { id: deviceId, trip: bus.trip ?? '—' })}</p>
      {trip === null && bus.trip && <p className="muted">{t('bus.unknownTrip', { trip: bus.trip })}</p>}
      <dl className="facts">
        {(known || bus.route) && (
          <div>
            <dt>{t('bus.route')}</dt>
            <dd>{known ? `${known.route.shortName} · ${known.route.longName}` : bus.route}</dd>
          </div>
        )}
        {known && (
          <div>
            <dt>{t('bus.trip')}</dt>
            <dd>{t('bus.tripWords', { headsign: known.direction.headsign, departure: known.departure })}</dd>
          </div>
        )}
        {bus.heading !== undefined && (
          <div>
            <dt>{t('bus.direction')}</dt>
            <dd>{t(`bus.heading.${compassPoint(bus.heading)}` as MessageKey)}</dd>
          </div>
        )}
        {bus.speed !== undefined && (
          <div>
            <dt>{t('bus.speed')}</dt>
            <dd>
              {bus.speed === 0
                ? t('bus.stopped')
                : `${formatNumber(bus.speed, locale, 0)} ${unitOf(bus.speedUnit ?? 'KMH')}`}
            </dd>
          </div>
        )}
        {delay && (
          <div>
            <dt>{t('bus.delay')}</dt>
            <dd>{delay.kind === 'onTime' ? t('bus.onTime') : t(`bus.${delay.kind}`, { n: delay.minutes })}</dd>
          </div>
        )}
        {place?.atStop != null && (
          <div>
            <dt>{t('bus.atStop')}</dt>
            <dd>{stopName(place.atStop)}</dd>
          </div>
        )}
        {place && (
          <div className="bus-next-stop">
            <dt>{t('bus.nextStop')}</dt>
            <dd>
              {place.nextStop === null
                ? t('bus.terminus')
                : place.metresToNext !== null
                  ? t('bus.nextStopIn', {
                      stop: stopName(place.nextStop) ?? '',
                      distance: formatDistance(place.metresToNext, locale),
                    })
                  : stopName(place.nextStop)}
              {place.offRouteMetres > 150 && (
                <>
                  <br />
                  <small>{t('bus.offRoute', { distance: formatDistance(place.offRouteMetres, locale) })}</small>
                </>
              )}
            </dd>
          </div>
        )}
        {following.length > 0 && (
          <div>
            <dt>{t('bus.then')}</dt>
            <dd>{following.map((s) => s.name).join(' → ')}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function RiverView({ attrs }: { attrs: Record<string, Attr> }) {
  const { t } = useI18n();
  const level = attrs['waterLevel']?.value;
  if (typeof level !== 'number') return null;
  const num = (n: string) => (typeof attrs[n]?.value === 'number' ? attrs[n]?.value : undefined);
  const state = riverState(level, num('warningLevel'), num('dangerLevel'));
  return (
    <p className={`river-state river-${state}`}>
      <strong>{t('river.state')}:</strong> {t(`river.${state}`)}
    </p>
  );
}

/** The lines a chart draws: a gauge's warning and danger levels, a noise limit, an air limit, AQI categories. */
function limitLines(
  attribute: string,
  attrs: Record<string, Attr>,
  limits: ChartLimits | null,
  series: Series,
  t: ReturnType<typeof useI18n>['t'],
  locale: string,
  pick: ReturnType<typeof useI18n>['pick'],
): LimitLine[] {
  const unit = unitOf(attrs[attribute]?.unitCode);
  const valued = (v: number) => `${formatNumber(v, locale, 2)} ${unit}`.trim();
  const num = (n: string) => (typeof attrs[n]?.value === 'number' ? attrs[n]?.value : undefined);
  const lines: LimitLine[] = [];
  if (attribute === 'waterLevel') {
    const warning = num('warningLevel');
    const danger = num('dangerLevel');
    if (warning !== undefined)
      lines.push({ value: warning, label: t('limit.warning', { value: valued(warning) }), kind: 'warning' });
    if (danger !== undefined)
      lines.push({ value: danger, label: t('limit.danger', { value: valued(danger) }), kind: 'danger' });
  }
  if (attribute === 'LAeq') {
    const day = num('noiseLimitDay');
    const night = num('noiseLimitNight');
    if (day !== undefined)
      lines.push({ value: day, label: t('limit.noiseDay', { value: valued(day) }), kind: 'limit' });
    if (night !== undefined && night !== day)
      lines.push({ value: night, label: t('limit.noiseNight', { value: valued(night) }), kind: 'limit' });
  }
  if (limits?.air && attribute in limits.air.limits) {
    const regulation = limits.air.regulation.split(' (')[0] ?? limits.air.regulation;
    lines.push(
      ...airLimitLines(limits.air.limits[attribute], (averaging, value) =>
        t('limit.air', { regulation, averaging: t(`limit.avg.${averaging}`), value: valued(value) }),
      ),
    );
  }
  if (attribute === 'airQualityIndex' && limits) {
    const highest = Math.max(...series.points.map((p) => p.value));
    const named = limits.vnAqi.map((c) => ({ to: c.to, name: pick(c.name) }));
    lines.push(
      ...categoryLines(named, highest).map((l) => ({
        ...l,
        label: t('limit.category', { value: l.value, name: l.label }),
      })),
    );
  }
  return lines;
}
