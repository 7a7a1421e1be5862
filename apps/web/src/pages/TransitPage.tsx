import { useEffect, useMemo, useState } from 'react';
import { transitApi, type RoutePunctuality, type RouteTimeline } from '../api';
import { formatDateTime, formatDelay, formatPercent, formatTime, HANOI } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../load';
import { DataTable, type Column } from '../panels/DataTable';
import { PUNCTUALITY, punctualityColour } from '../palette';
import { ServiceAlerts } from '../panels/ServiceAlerts';

/**
 * Buses against their timetable, for operators: per route, how many stops were served on time (1 min
 * early to 5 min late), how early or late on average, and where buses bunched or left gaps; per hour
 * for one route; and a route direction's timeline (string-line diagram): distance along the route
 * against time, each bus a line, its timetable dashed beside it.
 */

const SPANS = [1, 3, 6, 12, 24] as const;
const REFRESH_MS = 60_000;
const { onTime: ON_TIME, late: LATE, early: EARLY } = PUNCTUALITY;

/** Reloads every minute: the table follows the day. */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}

/** A route's panel is brought into view when it opens (it opens below the table). */
function scrollIntoViewOnce(el: HTMLElement | null): void {
  if (el && !el.dataset['shown']) {
    el.dataset['shown'] = 'yes';
    el.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}

export function TransitPage({ canWriteAlerts = false }: { canWriteAlerts?: boolean }) {
  const { t, locale } = useI18n();
  const [hours, setHours] = useState<number>(3);
  const tick = useTick(REFRESH_MS);
  const punctuality = useLoad(() => transitApi.punctuality(hours), [hours, tick]);
  const [chosen, setChosen] = useState<{ route: string; direction: 0 | 1 } | null>(null);
  const routes = punctuality.data?.routes ?? [];
  const route = routes.find((r) => r.routeId === chosen?.route) ?? null;
  const name = (r: RoutePunctuality) => [r.shortName ?? r.routeId, r.longName].filter(Boolean).join(' · ');
  const minutes = (s: number | null) => (s === null ? '' : formatDelay(s, locale));
  const columns: Column<RoutePunctuality>[] = [
    {
      header: t('transit.col.route'),
      csv: (r) => name(r),
      show: (r) => (
        <button
          type="button"
          className="link"
          aria-pressed={chosen?.route === r.routeId}
          onClick={() => setChosen({ route: r.routeId, direction: chosen?.route === r.routeId ? chosen.direction : 0 })}
        >
          {name(r)}
        </button>
      ),
    },
    { header: t('transit.col.served'), csv: (r) => r.stops, numeric: true },
    {
      header: t('transit.col.onTime'),
      csv: (r) => (r.onTimeShare === null ? '' : Math.round(r.onTimeShare * 1000) / 10),
      show: (r) => formatPercent(r.onTimeShare, locale),
      numeric: true,
    },
    { header: t('transit.col.early'), csv: (r) => r.early, numeric: true },
    { header: t('transit.col.late'), csv: (r) => r.late, numeric: true },
    {
      header: t('transit.col.meanDeviation'),
      csv: (r) => r.meanDeviationSeconds ?? '',
      show: (r) => (
        <span style={{ color: punctualityColour(r.meanDeviationSeconds) }}>{minutes(r.meanDeviationSeconds)}</span>
      ),
      numeric: true,
    },
    { header: t('transit.col.bunched'), csv: (r) => r.headways.bunched, numeric: true },
    { header: t('transit.col.gaps'), csv: (r) => r.headways.gaps, numeric: true },
  ];
  type Hour = RoutePunctuality['hours'][number];
  const hourColumns: Column<Hour>[] = [
    {
      header: t('transit.col.hour'),
      csv: (h) => String(h.hour),
      show: (h) => <time dateTime={String(h.hour)}>{formatTime(String(h.hour), locale)}</time>,
    },
    { header: t('transit.col.served'), csv: (h) => h.stops, numeric: true },
    {
      header: t('transit.col.onTime'),
      csv: (h) => (h.stops ? Math.round((h.onTime / h.stops) * 1000) / 10 : ''),
      show: (h) => formatPercent(h.stops ? h.onTime / h.stops : null, locale),
      numeric: true,
    },
    { header: t('transit.col.early'), csv: (h) => h.early, numeric: true },
    { header: t('transit.col.late'), csv: (h) => h.late, numeric: true },
    {
      header: t('transit.col.meanDeviation'),
      csv: (h) => h.meanDeviationSeconds ?? '',
      show: (h) => minutes(h.meanDeviationSeconds),
      numeric: true,
    },
  ];
  return (
    <main className="trends-page transit-page">
      <h1>{t('transit.title')}</h1>
      <p className="muted">{t('transit.intro')}</p>
      <div className="toolbar">
        <label>
          {t('transit.span')}{' '}
          <select name="transit-hours" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {SPANS.map((h) => (
              <option key={h} value={h}>
                {t('transit.hours', { n: h })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {punctuality.data && (
        <p className="muted small" data-window>
          {t('transit.window', {
            from: formatDateTime(String(punctuality.data.from)),
            until: formatDateTime(String(punctuality.data.until)),
          })}
        </p>
      )}
      {punctuality.error && <p className="error">{t('common.error', { message: punctuality.error })}</p>}
      <section className="trends-panel" aria-labelledby="transit-routes">
        <h2 id="transit-routes">{t('transit.routes')}</h2>
        {!punctuality.data && !punctuality.error ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <DataTable
            caption={t('transit.routesCaption')}
            columns={columns}
            rows={routes}
            rowKey={(r) => r.routeId}
            filename={`punctuality-${hours}h`}
            empty={t('transit.none')}
          />
        )}
      </section>
      {route && chosen && (
        <section key={chosen.route} className="trends-panel" aria-labelledby="transit-route" ref={scrollIntoViewOnce}>
          <h2 id="transit-route">{t('transit.route', { route: name(route) })}</h2>
          <div className="toolbar" role="group" aria-label={t('transit.direction')}>
            {([0, 1] as const).map((d) => (
              <button
                key={d}
                type="button"
                aria-pressed={chosen.direction === d}
                onClick={() => setChosen({ route: chosen.route, direction: d })}
              >
                {t(d === 0 ? 'transit.outbound' : 'transit.inbound')}
              </button>
            ))}
          </div>
          <Timeline route={chosen.route} direction={chosen.direction} hours={hours} tick={tick} />
          <DataTable
            caption={t('transit.hoursCaption')}
            columns={hourColumns}
            rows={route.hours}
            rowKey={(h) => String(h.hour)}
            filename={`punctuality-${route.routeId}-${hours}h`}
            empty={t('transit.none')}
          />
        </section>
      )}
      <ServiceAlerts canWrite={canWriteAlerts} />
      <p className="muted small">{t('transit.rule', { zone: punctuality.data?.timezone ?? HANOI })}</p>
    </main>
  );
}

const WIDTH = 900;
const HEIGHT = 380;
const PAD = { left: 150, right: 16, top: 12, bottom: 28 };

/** The string-line diagram of one route direction. */
function Timeline({ route, direction, hours, tick }: { route: string; direction: 0 | 1; hours: number; tick: number }) {
  const { t, locale } = useI18n();
  const timeline = useLoad(() => transitApi.timeline(route, direction, hours), [route, direction, hours, tick]);
  const drawn = useMemo(() => (timeline.data ? layout(timeline.data) : null), [timeline.data]);
  if (timeline.error) return <p className="error">{t('common.error', { message: timeline.error })}</p>;
  if (!timeline.data || !drawn) return <p className="muted">{t('common.loading')}</p>;
  const data = timeline.data;
  if (data.trips.length === 0) return <p className="muted">{t('transit.noTrips')}</p>;
  return (
    <figure className="string-line">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t(data.trips.length === 1 ? 'transit.timelineLabelOne' : 'transit.timelineLabel', {
          n: data.trips.length,
        })}
        data-trips={data.trips.length}
      >
        {drawn.stopTicks.map((s) => (
          <g key={s.stopId}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={s.y} y2={s.y} className="grid" />
            <text x={PAD.left - 6} y={s.y + 4} textAnchor="end" className="tick">
              <title>{s.name ?? s.stopId}</title>
              {shortName(s.name ?? s.stopId)}
            </text>
          </g>
        ))}
        {drawn.timeTicks.map((tick) => (
          <text key={tick.x} x={tick.x} y={HEIGHT - 8} textAnchor="middle" className="tick">
            {formatTime(new Date(tick.at).toISOString(), locale)}
          </text>
        ))}
        {drawn.trips.map((trip) => (
          <g key={trip.key} data-trip={trip.tripId}>
            <path d={trip.scheduled} className="scheduled" />
            <path d={trip.actual} stroke={punctualityColour(trip.deviation)} className="actual">
              <title>
                {t('transit.tripTitle', {
                  trip: trip.tripId,
                  vehicle: trip.vehicleId,
                  delay: trip.deviation === null ? '—' : formatDelay(trip.deviation, locale),
                })}
              </title>
            </path>
          </g>
        ))}
      </svg>
      <figcaption className="muted small">
        <span className="swatch" style={{ background: ON_TIME }} /> {t('transit.legend.onTime')}{' '}
        <span className="swatch" style={{ background: LATE }} /> {t('transit.legend.late')}{' '}
        <span className="swatch" style={{ background: EARLY }} /> {t('transit.legend.early')}{' '}
        <span className="swatch dashed" /> {t('transit.legend.scheduled')}
        {data.truncated && <> · {t('transit.truncated')}</>}
      </figcaption>
    </figure>
  );
}

/** A stop's name as it fits left of the diagram (the whole name is its tooltip). */
function shortName(name: string): string {
  return name.length > 24 ? `${name.slice(0, 23).trimEnd()}…` : name;
}

/** Scales and paths of a timeline: time across, distance down the route. */
function layout(data: RouteTimeline) {
  const from = Date.parse(String(data.from));
  const until = Date.parse(String(data.until));
  const longest = Math.max(1, ...data.stops.map((s) => s.distance));
  const x = (ms: number) => PAD.left + ((ms - from) / Math.max(1, until - from)) * (WIDTH - PAD.left - PAD.right);
  const y = (metres: number) => PAD.top + (metres / longest) * (HEIGHT - PAD.top - PAD.bottom);
  // Stop names where they do not overlap: at least 14 px apart.
  const stopTicks: { stopId: string; name: string | null; y: number }[] = [];
  for (const s of data.stops) {
    const at = y(s.distance);
    if (stopTicks.every((k) => Math.abs(k.y - at) >= 14)) stopTicks.push({ stopId: s.stopId, name: s.name, y: at });
  }
  const timeTicks: { at: number; x: number }[] = [];
  const step = Math.max(15, Math.ceil((until - from) / 60_000 / 8 / 15) * 15) * 60_000;
  for (let at = Math.ceil(from / step) * step; at <= until; at += step) timeTicks.push({ at, x: x(at) });
  const path = (points: { at: number; distance: number }[]) =>
    points.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p.distance).toFixed(1)}`).join('');
  const trips = data.trips.map((trip) => {
    const placed = trip.points.filter((p) => p.distance !== null);
    const actual: { at: number; distance: number }[] = [];
    const scheduled: { at: number; distance: number }[] = [];
    let deviation: number | null = null;
    for (const p of placed) {
      const distance = p.distance as number;
      scheduled.push({ at: Date.parse(String(p.scheduledArrival)), distance });
      if (p.scheduledDeparture !== p.scheduledArrival) {
        scheduled.push({ at: Date.parse(String(p.scheduledDeparture)), distance });
      }
      if (p.arrived) actual.push({ at: Date.parse(String(p.arrived)), distance });
      if (p.departed) {
        actual.push({ at: Date.parse(String(p.departed)), distance });
        deviation = (Date.parse(String(p.departed)) - Date.parse(String(p.scheduledDeparture))) / 1000;
      } else if (p.arrived) deviation = (Date.parse(String(p.arrived)) - Date.parse(String(p.scheduledArrival))) / 1000;
    }
    return {
      key: `${trip.serviceDate}-${trip.tripId}-${trip.startTime ?? ''}`,
      tripId: trip.tripId,
      vehicleId: trip.vehicleId,
      deviation,
      actual: path(actual),
      scheduled: path(scheduled),
    };
  });
  return { stopTicks, timeTicks, trips };
}
