import { useRef, useState } from 'react';
import { api, ApiError, type AlarmJson, type Warning } from '../api';
import { formatAge, formatNumber, formatTime, unitOf } from '../format';
import { hasKey, useI18n, type MessageKey, type Translate } from '../i18n';

/**
 * Open alarms, most severe and oldest first (the list the server gives), with what an operator does
 * to them: acknowledge, assign, comment, clear (an operator's own alarms; the others clear when their
 * condition ends). Below, the public warnings in force, whose areas the map draws.
 */

export interface AlarmsPanelProps {
  readonly alarms: readonly AlarmJson[];
  readonly warnings: readonly Warning[];
  readonly canAct: boolean;
  /** An operator's action changed the alarm: here it is as it is now. */
  readonly onChanged: (alarm: AlarmJson) => void;
  readonly onShow: (center: readonly [number, number]) => void;
}

export function AlarmsPanel({ alarms, warnings, canAct, onChanged, onShow }: AlarmsPanelProps) {
  const { t, pick, locale } = useI18n();
  return (
    <aside className="alarms-panel" aria-label={t('alarms.title')}>
      <h2>
        {t('alarms.title')} <span className="count">{alarms.length}</span>
      </h2>
      {!canAct && <p className="muted small">{t('alarms.readOnly')}</p>}
      {alarms.length === 0 && <p className="muted">{t('alarms.none')}</p>}
      <ul className="alarm-list">
        {alarms.map((a) => (
          <AlarmItem key={a.id} alarm={a} canAct={canAct} onChanged={onChanged} onShow={onShow} />
        ))}
      </ul>
      <h2>{t('warnings.title')}</h2>
      {warnings.length === 0 && <p className="muted">{t('warnings.none')}</p>}
      <ul className="warning-list">
        {warnings.map((w) => (
          <li key={w.identifier} className="warning">
            <strong>{pick(w.headline) || pick(w.event)}</strong>
            <div className="muted small">
              {w.area.areaDesc} · {t('warnings.expires', { time: formatTime(w.expires, locale, true) })}
            </div>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function AlarmItem({
  alarm,
  canAct,
  onChanged,
  onShow,
}: {
  alarm: AlarmJson;
  canAct: boolean;
  onChanged: (alarm: AlarmJson) => void;
  onShow: (c: readonly [number, number]) => void;
}) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<'none' | 'assign' | 'comment'>('none');
  const [journal, setJournal] = useState<AlarmJson['journal'] | null>(null);
  // Whether the journal is open now, not when an action began: one opened meanwhile is reloaded too.
  const journalOpen = useRef(false);
  const loadJournal = () => {
    journalOpen.current = true;
    return api.alarm(alarm.id).then(
      (a) => setJournal(a.journal ?? []),
      (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)),
    );
  };
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<AlarmJson>) => {
    setBusy(true);
    setError(null);
    try {
      const changed = await work();
      setMode('none');
      setText('');
      onChanged(changed);
      if (journalOpen.current) await loadJournal();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const unacknowledged = alarm.state === 'active-unacknowledged' || alarm.state === 'cleared-unacknowledged';
  const stateKey = `alarms.state.${alarm.state}`;
  return (
    <li className={`alarm severity-${alarm.severity}`} data-alarm={alarm.id} data-state={alarm.state}>
      <div className="alarm-head">
        <span className={`severity-badge ${alarm.severity}`}>{t(`severity.${alarm.severity}` as MessageKey)}</span>
        <span className="muted small">
          {hasKey(stateKey) ? t(stateKey) : alarm.state} · {t('alarms.since', { age: formatAge(alarm.raisedAt, t) })}
        </span>
      </div>
      <div className="alarm-title">{titleOf(alarm, t)}</div>
      <div className="muted small">
        {alarm.area}
        {alarm.value !== null && alarm.threshold !== null && (
          <>
            {alarm.area ? ' · ' : ''}
            {formatNumber(alarm.value, locale)} / {formatNumber(alarm.threshold, locale)}{' '}
            {unitOf(alarm.unit ?? undefined)}
          </>
        )}
      </div>
      {alarm.assignee && <div className="small">{t('alarms.assignee', { name: alarm.assignee })}</div>}
      {alarm.acknowledgedBy && (
        <div className="small muted">{t('alarms.acknowledgedBy', { name: alarm.acknowledgedBy })}</div>
      )}
      <div className="actions">
        {alarm.location && (
          <button
            type="button"
            className="link"
            onClick={() => onShow(alarm.location?.coordinates as [number, number])}
          >
            {t('alarms.showOnMap')}
          </button>
        )}
        {canAct && unacknowledged && (
          <button type="button" disabled={busy} onClick={() => void act(() => api.acknowledge(alarm.id))}>
            {t('alarms.acknowledge')}
          </button>
        )}
        {canAct && (
          <button type="button" disabled={busy} onClick={() => setMode(mode === 'assign' ? 'none' : 'assign')}>
            {t('alarms.assign')}
          </button>
        )}
        {canAct && (
          <button type="button" disabled={busy} onClick={() => setMode(mode === 'comment' ? 'none' : 'comment')}>
            {t('alarms.comment')}
          </button>
        )}
        {canAct && alarm.condition.startsWith('manual:') && alarm.state !== 'cleared-unacknowledged' && (
          <button type="button" disabled={busy} onClick={() => void act(() => api.clear(alarm.id))}>
            {t('alarms.clear')}
          </button>
        )}
      </div>
      <button
        type="button"
        className="link small"
        aria-expanded={journal !== null}
        onClick={() => (journal ? ((journalOpen.current = false), setJournal(null)) : void loadJournal())}
      >
        {journal ? t('alarms.hideJournal') : t('alarms.showJournal')}
      </button>
      {journal && (
        <ol className="journal" aria-label={t('alarms.journal')}>
          {journal.map((e, i) => (
            <li key={i}>
              <span className="muted">{formatTime(e.at, locale, true)}</span> {t(`journal.${e.kind}` as MessageKey)}
              {e.actor ? ` · ${e.actor}` : ''}
              {e.text ? `: ${e.text}` : ''}
              {e.kind === 'assigned' && e.data && typeof e.data['assignee'] === 'string'
                ? ` → ${e.data['assignee']}`
                : ''}
            </li>
          ))}
        </ol>
      )}
      {mode !== 'none' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const value = text.trim();
            if (!value) return;
            void act(() => (mode === 'assign' ? api.assign(alarm.id, value) : api.comment(alarm.id, value)));
          }}
        >
          <input
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={mode === 'assign' ? t('alarms.assignTo') : t('alarms.commentPlaceholder')}
            placeholder={mode === 'assign' ? t('alarms.assignTo') : t('alarms.commentPlaceholder')}
          />
          <button type="submit" disabled={busy}>
            {t('alarms.send')}
          </button>
        </form>
      )}
      {error && <p className="error small">{error}</p>}
    </li>
  );
}

/**
 * An alarm's title in the reader's language. The modules' conditions are known codes, so their words
 * come from the dictionaries; an operator's own alarm keeps the title it was given.
 */
export function titleOf(alarm: AlarmJson, t: Translate): string {
  const [family, what, period] = alarm.condition.split(':');
  const value = alarm.value ?? '';
  if (family === 'air' && what === 'aqi') return t('condition.aqi', { value });
  if (family === 'air' && what && period) {
    const key = `attr.${what}`;
    return t('condition.air', { pollutant: hasKey(key) ? t(key) : what.toUpperCase(), period });
  }
  if (family === 'water')
    return t(alarm.severity === 'critical' ? 'condition.water.danger' : 'condition.water.warning');
  if (family === 'noise') return t('condition.noise');
  return alarm.title;
}
