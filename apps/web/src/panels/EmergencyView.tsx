import { useEffect, useState } from 'react';
import { entity as fetchEntity } from '../api';
import { hasKey, useI18n } from '../i18n';
import { emergencyApi, type IncidentType } from './emergency/api';

/**
 * An emergency incident or unit in the inspector, in the dispatcher's words: what its entity holds
 * (never a caller's name, number or words: those stay in the emergency centre). Those who may read
 * the centre get the incident type's name and a link into the dispatcher console.
 */

const NULL_OBJECT = 'urn:ngsi-ld:null';
const lastPart = (id: string) => id.split(':').pop() ?? id;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The incident types, read once for the page (they change with a release, not during a shift). */
let typesOnce: Promise<readonly IncidentType[]> | undefined;
const incidentTypes = () =>
  (typesOnce ??= emergencyApi.types().then(
    (r) => r.types,
    () => ((typesOnce = undefined), []),
  ));

/** Now, moving on every `ms`: an incident's age grows while the inspector is open. */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function EmergencyView(props: {
  readonly type: 'EmergencyIncident' | 'EmergencyUnit';
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly canReadEmergency: boolean;
}) {
  return props.type === 'EmergencyIncident' ? <IncidentFacts {...props} /> : <UnitFacts {...props} />;
}

/** A code in the dispatcher's words (priority, status, kind), or as sent when the words lack it. */
function word(t: ReturnType<typeof useI18n>['t'], prefix: string, value: unknown): string {
  const code = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const key = `${prefix}.${code}`;
  return hasKey(key) ? t(key) : code;
}

function IncidentFacts({ id, values, canReadEmergency }: Parameters<typeof EmergencyView>[0]) {
  const { t, pick } = useI18n();
  const now = useNow(30_000);
  const [types, setTypes] = useState<readonly IncidentType[]>([]);
  useEffect(() => {
    if (!canReadEmergency) return;
    let live = true;
    void incidentTypes().then((list) => live && setTypes(list));
    return () => {
      live = false;
    };
  }, [canReadEmergency]);
  const code = text(values['category']) ?? '';
  const type = types.find((ty) => ty.code === code);
  const created = Date.parse(text(values['dateCreated']) ?? '');
  const minutes = Number.isNaN(created) ? undefined : Math.max(0, Math.floor((now - created) / 60_000));
  const assigned = values['assignedUnits'];
  const units = (Array.isArray(assigned) ? assigned : assigned ? [assigned] : [])
    .map(String)
    .filter((u) => u !== NULL_OBJECT)
    .map(lastPart);
  const incidentId = lastPart(id);
  return (
    <section className="emergency-facts" aria-label={t('type.EmergencyIncident')}>
      <dl className="facts">
        <div data-fact="type">
          <dt>{t('emergencyView.type')}</dt>
          <dd>{type ? `${code} · ${pick(type)}` : code}</dd>
        </div>
        <div data-fact="priority">
          <dt>{t('dispatch.priority')}</dt>
          <dd>{word(t, 'dispatch.priority', values['priority'])}</dd>
        </div>
        <div data-fact="status">
          <dt>{t('attr.status')}</dt>
          <dd>{word(t, 'dispatch.status', values['status'])}</dd>
        </div>
        {minutes !== undefined && (
          <div data-fact="age">
            <dt>{t('emergencyView.age')}</dt>
            <dd>
              {minutes < 60
                ? t('emergencyView.minutes', { n: minutes })
                : t('emergencyView.hours', { h: Math.floor(minutes / 60), m: minutes % 60 })}
            </dd>
          </div>
        )}
        {text(values['address']) && (
          <div data-fact="address">
            <dt>{t('emergencyView.address')}</dt>
            <dd>{text(values['address'])}</dd>
          </div>
        )}
        <div data-fact="units">
          <dt>{t('emergencyView.units')}</dt>
          <dd>{units.length > 0 ? units.join(', ') : t('emergencyView.noUnits')}</dd>
        </div>
      </dl>
      {canReadEmergency && (
        <a className="emergency-open" href={`/dispatch?incident=${encodeURIComponent(incidentId)}`}>
          {t('emergencyView.open')}
        </a>
      )}
    </section>
  );
}

function UnitFacts({ values }: Parameters<typeof EmergencyView>[0]) {
  const { t } = useI18n();
  const ref = text(values['refIncident']);
  const incidentRef = ref && ref !== NULL_OBJECT ? ref : undefined;
  // The incident's number, as the dispatchers say it, from its own entity.
  const [number, setNumber] = useState<string | undefined>();
  useEffect(() => {
    if (!incidentRef) return;
    let live = true;
    fetchEntity(incidentRef).then(
      (e) => {
        const n = (e['incidentNumber'] as { value?: unknown } | undefined)?.value;
        if (live && typeof n === 'string') setNumber(n);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [incidentRef]);
  return (
    <section className="emergency-facts" aria-label={t('type.EmergencyUnit')}>
      <dl className="facts">
        <div data-fact="callSign">
          <dt>{t('emergencyView.callSign')}</dt>
          <dd>{text(values['callSign']) ?? ''}</dd>
        </div>
        <div data-fact="kind">
          <dt>{t('emergencyView.kind')}</dt>
          <dd>{word(t, 'dispatch.unitKind', values['unitKind'])}</dd>
        </div>
        <div data-fact="status">
          <dt>{t('attr.status')}</dt>
          <dd>{word(t, 'dispatch.unitStatus', values['status'])}</dd>
        </div>
        <div data-fact="incident">
          <dt>{t('emergencyView.incident')}</dt>
          <dd>{incidentRef ? (number ?? lastPart(incidentRef)) : t('emergencyView.noIncident')}</dd>
        </div>
      </dl>
    </section>
  );
}
