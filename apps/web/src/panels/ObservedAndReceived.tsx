import { useEffect, useState } from 'react';
import { arrivedAt } from '../api';
import { formatAge, formatTime } from '../format';
import { useI18n } from '../i18n';

/** Observation and arrival this far apart are told apart (a late upload, a catch-up, a replay). */
const APART_MS = 2 * 60_000;

/**
 * When the entity's newest reading was observed and when it arrived. A reading that arrived late (a
 * logger's upload, a simulated clock catching up) shows both, so a sensor that reports live never reads
 * "updated 2 h ago" because its data describe two hours ago.
 */
export function ObservedAndReceived({
  entityId,
  observedAt,
  refresh,
}: {
  entityId: string;
  observedAt: string;
  refresh: number;
}) {
  const { t, locale } = useI18n();
  const [received, setReceived] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    arrivedAt(entityId).then(
      (at) => live && setReceived(at),
      () => live && setReceived(null),
    );
    return () => {
      live = false;
    };
  }, [entityId, refresh]);
  const lag = received ? Date.parse(received) - Date.parse(observedAt) : 0;
  if (!received || Math.abs(lag) < APART_MS) {
    return (
      <div className="muted" data-observed-at={observedAt}>
        {t('inspector.updated', { time: `${formatTime(observedAt, locale, true)} (${formatAge(observedAt, t)})` })}
      </div>
    );
  }
  return (
    <dl className="muted observed-received" data-observed-at={observedAt} data-received-at={received}>
      <div>
        <dt>{t('inspector.observedAt')}</dt>
        <dd>{formatTime(observedAt, locale, true)}</dd>
      </div>
      <div>
        <dt>{t('inspector.arrivedAt')}</dt>
        <dd>
          {formatTime(received, locale, true)} ({formatAge(received, t)}) ·{' '}
          {t('inspector.lateBy', {
            delay:
              lag < 3600_000
                ? t('inspector.lagMinutes', { n: Math.round(lag / 60_000) })
                : t('inspector.lagHours', { n: Math.round(lag / 3600_000) }),
          })}
        </dd>
      </div>
    </dl>
  );
}
