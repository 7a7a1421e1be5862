import { useEffect, useState } from 'react';
import { formatTime } from '../../format';
import { useI18n } from '../../i18n';
import { UNIT_STATUSES, type IncidentSummary, type Unit, type UnitStatus } from './api';
import { STATUS_COLOURS } from './colours';
import { lateTurnout } from './words';

/**
 * The part of an incident number that tells it apart on a narrow card: its sequence (2026-000123 →
 * 000123); the year is this year's for nearly every open incident, and cut the number to "#2026-…".
 */
const ownPart = (number: string): string => number.split('-').pop() ?? number;

/** Every unit by status, one column each with its count, with the incident a committed unit works on. */
export function UnitBoard({
  units,
  incidents,
  onSelectIncident,
}: {
  units: readonly Unit[];
  incidents: ReadonlyMap<string, IncidentSummary>;
  onSelectIncident: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  // A unit becomes late by the clock alone: the board looks again every second.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const by = new Map<UnitStatus, Unit[]>(UNIT_STATUSES.map((s) => [s, []]));
  for (const u of units) by.get(u.status)?.push(u);
  return (
    <section className="unit-board" aria-labelledby="board-title">
      <h2 id="board-title">
        {t('dispatch.board')} <span className="muted">({units.length})</span>
      </h2>
      <div className="board-columns">
        {UNIT_STATUSES.map((s) => (
          <div key={s} className="board-column" data-board-status={s}>
            <h3 style={{ borderColor: STATUS_COLOURS[s] }} title={t(`dispatch.unitStatus.${s}`)}>
              <span className="board-status">{t(`dispatch.unitStatus.${s}`)}</span>{' '}
              <span className="muted board-count">{by.get(s)?.length ?? 0}</span>
            </h3>
            <ul>
              {(by.get(s) ?? []).map((u) => {
                const incident = u.incidentId ? incidents.get(u.incidentId) : undefined;
                const late = lateTurnout(u, now);
                return (
                  <li
                    key={u.id}
                    data-unit={u.callSign}
                    data-unit-status={u.status}
                    {...(late ? { 'data-turnout-late': '', className: 'late' } : {})}
                    title={
                      late
                        ? t('dispatch.turnoutLateTitle', { time: formatTime(u.statusAt, locale) })
                        : t(`dispatch.unitKind.${u.kind}`)
                    }
                  >
                    <span className="status-dot" style={{ background: STATUS_COLOURS[u.status] }} aria-hidden="true" />
                    {u.callSign}
                    {late && <span className="badge late">{t('dispatch.turnoutLate')}</span>}
                    {incident && (
                      <button
                        type="button"
                        className="link small"
                        title={`#${incident.number}`}
                        aria-label={`#${incident.number}`}
                        data-incident-number={incident.number}
                        onClick={() => onSelectIncident(incident.id)}
                      >
                        #{ownPart(incident.number)}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
