import type { Kpis } from '../api';
import { AQI_COLOURS, formatNumber, formatPercent } from '../format';
import { useI18n, type MessageKey } from '../i18n';

/** The leaders' numbers, all from GET /api/v1/kpis: the page computes none of them. */
export function KpiStrip({ kpis }: { kpis: Kpis | null }) {
  const { t, locale } = useI18n();
  const none = t('kpi.none');
  const aq = kpis?.airQuality;
  const open = kpis?.alarms.open;
  const openTotal = open ? open.critical + open.high + open.medium + open.low : undefined;
  return (
    <section className="kpi-strip" aria-label={t('kpi.label')}>
      <Kpi
        id="devices"
        title={t('kpi.devices')}
        value={kpis ? `${kpis.devices.online}/${kpis.devices.total}` : none}
        detail={kpis ? t('kpi.devicesDetail', { offline: kpis.devices.offline, never: kpis.devices.never }) : ''}
      />
      <Kpi
        id="aqi"
        title={t('kpi.aqi')}
        value={aq?.cityAqi != null ? String(aq.cityAqi) : none}
        detail={
          aq?.worstWard
            ? t('kpi.worstWard', { ward: aq.worstWard.name ?? aq.worstWard.code ?? '', aqi: aq.worstWard.aqi })
            : ''
        }
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
        id="alarms"
        title={t('kpi.alarms')}
        value={openTotal !== undefined ? String(openTotal) : none}
        detail={
          kpis
            ? `${t('severity.critical')} ${open?.critical ?? 0} · ${t('severity.high')} ${open?.high ?? 0} · ${t('kpi.warnings', { count: kpis.warnings.inForce })}`
            : ''
        }
      />
    </section>
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
      <div className="kpi-detail">{props.detail}</div>
    </div>
  );
}
