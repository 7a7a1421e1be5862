import type { Kpis } from '../api';
import { AQI_COLOURS, formatNumber, formatPercent, HANOI } from '../format';
import { useI18n, type MessageKey } from '../i18n';

/** The leaders' numbers, all from GET /api/v1/kpis: the page computes none of them. */
export function KpiStrip({ kpis }: { kpis: Kpis | null }) {
  const { t, locale } = useI18n();
  const services = kpis?.services;
  const none = t('kpi.none');
  const aq = kpis?.airQuality;
  // The tile counts what needs someone now; those back to normal and those shelved are in its detail.
  const active = kpis?.alarms.active;
  const activeTotal = active ? active.critical + active.high + active.medium + active.low : undefined;
  return (
    <section className="kpi-strip" aria-label={t('kpi.label')}>
      <Kpi
        id="devices"
        title={t('kpi.devices')}
        value={kpis ? `${kpis.devices.online}/${kpis.devices.total - kpis.devices.outOfService}` : none}
        detail={kpis ? devicesDetail(kpis, t) : ''}
      />
      <Kpi
        id="aqi"
        title={t('kpi.aqi')}
        value={aq?.cityAqi != null ? String(aq.cityAqi) : none}
        // How many stations the index rests on: a city figure from 2 of 42 stations must say so.
        detail={[
          aq ? t('kpi.stationsRated', { rated: aq.rated, stations: aq.stations }) : '',
          aq?.worstWard
            ? t('kpi.worstWard', { ward: aq.worstWard.name ?? aq.worstWard.code ?? '', aqi: aq.worstWard.aqi })
            : '',
        ]
          .filter(Boolean)
          .join(' · ')}
        accent={aq?.level ? t(`aqi.${aq.level}` as MessageKey) : undefined}
        colour={aq?.level ? AQI_COLOURS[aq.level - 1] : undefined}
      />
      <Kpi
        id="buses"
        title={t('kpi.buses')}
        value={kpis ? formatNumber(kpis.buses.inService, locale) : none}
        detail={kpis ? t('kpi.punctuality', { value: formatPercent(kpis.buses.punctuality, locale) }) : ''}
      />
      <Kpi
        id="parking"
        title={t('kpi.parking')}
        value={kpis ? formatPercent(kpis.parking.occupancy, locale) : none}
        detail={
          kpis
            ? t('kpi.parkingDetail', {
                occupied: kpis.parking.occupied,
                capacity: kpis.parking.capacity,
                lots: kpis.parking.lots,
              })
            : ''
        }
      />
      <Kpi
        id="emergency"
        title={t('kpi.emergency')}
        value={kpis ? formatNumber(kpis.emergency.openIncidents, locale) : none}
        detail={kpis ? emergencyDetail(kpis, t) : ''}
      />
      <Kpi
        id="alarms"
        title={t('kpi.alarms')}
        value={activeTotal !== undefined ? String(activeTotal) : none}
        detail={
          kpis
            ? [
                `${t('severity.critical')} ${active?.critical ?? 0} · ${t('severity.high')} ${active?.high ?? 0}`,
                t('kpi.alarmsWaiting', { toAcknowledge: kpis.alarms.toAcknowledge, shelved: kpis.alarms.shelved }),
                t('kpi.warnings', { count: kpis.warnings.inForce }),
              ].join(' · ')
            : ''
        }
      />
      <Kpi
        id="reports"
        title={t('kpi.reports')}
        value={kpis ? formatNumber(kpis.reports.open, locale) : none}
        detail={kpis ? reportsDetail(kpis, t, locale) : ''}
      />
      <Kpi
        id="services"
        title={t('kpi.services')}
        value={services ? formatNumber(services.open, locale) : none}
        detail={
          services
            ? t('kpi.servicesDetail', {
                late: services.late,
                dueToday: services.dueToday,
                onTime: formatPercent(services.onTimeRate, locale),
              })
            : ''
        }
      />
      {kpis && <CountedAt at={kpis.at} />}
    </section>
  );
}

// — Device health and when the figures were counted (truth) —

/**
 * Offline sensors and offline vehicles on duty, apart (a sensor outage must stand out from buses), and
 * the vehicles out of service, which are not offline.
 */
function devicesDetail(kpis: Kpis, t: ReturnType<typeof useI18n>['t']): string {
  const d = kpis.devices;
  return t('kpi.devicesHealth', {
    sensorsOffline: d.sensors.offline + d.sensors.never,
    sensors: d.sensors.total,
    vehiclesOffline: d.vehicles.offline,
    vehicles: d.vehicles.inService,
    outOfService: d.outOfService,
  });
}

/** What the emergency centre is carrying: life-at-risk incidents, those waiting for units, units free. */
function emergencyDetail(kpis: Kpis, t: ReturnType<typeof useI18n>['t']): string {
  const e = kpis.emergency;
  return t('kpi.emergencyDetail', {
    p1: e.priorityOne,
    awaiting: e.awaitingUnits,
    available: e.units.available,
    units: e.units.available + e.units.committed,
  });
}

/** Citizen reports open: those late, urgent and waiting on the reporter; how the last 30 days closed on time. */
function reportsDetail(kpis: Kpis, t: ReturnType<typeof useI18n>['t'], locale: string): string {
  const r = kpis.reports;
  return [
    t('kpi.reportsDetail', { overdue: r.overdue, urgent: r.urgent, waiting: r.waiting }),
    t('kpi.reportsOnTime', { value: formatPercent(r.onTimeRate, locale) }),
  ].join(' · ');
}

/** When the server counted the figures shown. */
function CountedAt({ at }: { at: string }) {
  const { t, locale } = useI18n();
  return (
    <p className="kpi-counted" data-counted-at={at}>
      {t('kpi.countedAt', { time: new Date(at).toLocaleTimeString(locale, { timeZone: HANOI }) })}
    </p>
  );
}

function Kpi(props: {
  id: string;
  title: string;
  value: string;
  detail: string;
  accent?: string | undefined;
  colour?: string | undefined;
}) {
  return (
    <div className="kpi" data-kpi={props.id}>
      <div className="kpi-title">{props.title}</div>
      <div className="kpi-value">
        {props.colour && <span className="swatch" style={{ background: props.colour }} />}
        {props.value}
        {props.accent && <span className="kpi-accent"> {props.accent}</span>}
      </div>
      <div className="kpi-detail" title={props.detail}>
        {props.detail}
      </div>
    </div>
  );
}
