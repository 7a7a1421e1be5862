import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import type { IncidentSummary, IncidentType, Unit } from './api';
import { PRIORITY_COLOURS } from './colours';
import { clock } from './words';

/**
 * The open incidents, those waiting for units first, most urgent first (the server's order), each with its timer
 * running. Arrow keys move through them (the page listens); a click opens one.
 */
export function IncidentQueue({
  incidents,
  types,
  units,
  selected,
  onSelect,
}: {
  incidents: readonly IncidentSummary[];
  types: ReadonlyMap<string, IncidentType>;
  units: ReadonlyMap<string, Unit>;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, pick } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="incident-queue" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t('dispatch.queue')} <span className="muted">({incidents.length})</span>
      </h2>
      {incidents.length === 0 ? (
        <p className="muted small">{t('dispatch.queueEmpty')}</p>
      ) : (
        <ul role="listbox" aria-label={t('dispatch.queue')}>
          {incidents.map((i) => {
            const type = types.get(i.typeCode);
            return (
              <li
                key={i.id}
                role="option"
                aria-selected={i.id === selected}
                className={i.id === selected ? 'selected' : undefined}
                data-incident={i.number}
                data-status={i.status}
                {...(i.unitNeededAt ? { 'data-unit-needed': '' } : {})}
                onClick={() => onSelect(i.id)}
              >
                <span className="priority-badge" style={{ background: PRIORITY_COLOURS[i.priority] }}>
                  P{i.priority}
                </span>
                <span className="queue-main">
                  <span>
                    <strong>#{i.number}</strong> {type ? pick(type) : i.typeCode}
                  </span>
                  <span className="muted small queue-where">
                    {[i.address ?? i.street, i.address?.includes(i.ward ?? '') ? undefined : i.ward]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                  <span className="muted small">
                    {t('dispatch.queueCounts', { calls: i.callCount, units: i.unitIds.length })}
                    {i.unitIds.length > 0 ? ` · ${i.unitIds.map((u) => units.get(u)?.callSign ?? u).join(', ')}` : ''}
                  </span>
                </span>
                <span className="queue-side">
                  <span className="timer" data-age>
                    {clock((now - Date.parse(i.createdAt)) / 1000)}
                  </span>
                  <span className={`incident-status status-${i.status}`}>{t(`dispatch.status.${i.status}`)}</span>
                  {/* Its last unit left on its own: it needs a unit, whatever its status says. */}
                  {i.unitNeededAt && <span className="error small">{t('dispatch.unitNeeded')}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
