import { useEffect, useMemo, useRef, useState } from 'react';
import {
  alarmCounts,
  alarmsCsv,
  isShelved,
  shownAlarms,
  titleOf,
  typeOf,
  type AlarmFilter,
  type AlarmSort,
  type AlarmView,
} from '../alarm-list';
import { isAlarmSoundMuted, setAlarmSoundMuted } from '../alarm-sound';
import { api, ApiError, type AlarmJson, type Severity, type Warning } from '../api';
import { formatAge, formatNumber, formatTime, unitOf } from '../format';
import { hasKey, useI18n, type MessageKey, type Translate } from '../i18n';
import { journalLine } from '../journal';

export { titleOf } from '../alarm-list';

/**
 * The alarm console: the open alarms (what is in alarm now first), filtered by state, severity, type
 * and area, sorted, acknowledged one by one or several at once, shelved for a while with a reason,
 * assigned to someone from a list, commented; the closed ones page by page; the list as CSV. Below,
 * the public warnings in force, whose areas the map draws.
 */

export interface AlarmsPanelProps {
  readonly alarms: readonly AlarmJson[];
  readonly warnings: readonly Warning[];
  readonly canAct: boolean;
  /** An operator's action changed the alarm: here it is as it is now. */
  readonly onChanged: (alarm: AlarmJson) => void;
  readonly onShow: (center: readonly [number, number]) => void;
  /** An alarm to bring into view (the new-critical banner's "show"). */
  readonly focus?: { readonly id: string; readonly nonce: number } | null;
}

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const VIEWS: readonly AlarmView[] = ['active', 'toAcknowledge', 'shelved', 'open', 'closed'];
const KNOWN_TYPES = ['air', 'water', 'noise', 'manual'];
const SHELVE_CHOICES = [15, 30, 60, 120, 240, 480, 720];
const MAX_COMMENT = 2000;
const HISTORY_PAGE = 50;
const NONE: AlarmFilter = { view: 'active', severity: '', type: '', area: '', sort: 'priority' };

const typeLabel = (type: string, t: Translate): string => {
  const key = `alarms.type.${type}`;
  return hasKey(key) ? t(key) : type;
};

export function AlarmsPanel({ alarms, warnings, canAct, onChanged, onShow, focus }: AlarmsPanelProps) {
  const { t, pick, locale } = useI18n();
  const [filter, setFilter] = useState<AlarmFilter>(NONE);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [expanded, setExpanded] = useState<string | null>(null);
  const [bulk, setBulk] = useState<{ text: string; failed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [muted, setMuted] = useState(isAlarmSoundMuted);
  const [history, setHistory] = useState<{ alarms: readonly AlarmJson[]; count: number; offset: number } | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [assignees, setAssignees] = useState<readonly string[] | null>(null);
  // Shelves run out by the clock: the lists are worked out again every half minute.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const counts = useMemo(() => alarmCounts(alarms, now), [alarms, now]);
  const closed = filter.view === 'closed';
  const shown = useMemo(
    () => (closed ? (history?.alarms ?? []) : shownAlarms(alarms, filter, now)),
    [alarms, filter, now, closed, history],
  );
  const areas = useMemo(
    () => [...new Set([...alarms, ...(history?.alarms ?? [])].map((a) => a.area).filter((a) => a !== null))].sort(),
    [alarms, history],
  );
  const types = useMemo(() => [...new Set([...KNOWN_TYPES, ...alarms.map(typeOf)])], [alarms]);

  // The closed history comes from the server, a page at a time, with the same filters.
  const historyOffset = history?.offset ?? 0;
  const loadHistory = (offset: number) => {
    setHistoryError(null);
    api
      .closedAlarms({
        severity: filter.severity || undefined,
        type: filter.type || undefined,
        area: filter.area || undefined,
        limit: HISTORY_PAGE,
        offset,
      })
      .then(
        (page) => setHistory({ alarms: page.alarms, count: page.count, offset }),
        (err: unknown) => setHistoryError(err instanceof ApiError ? err.message : String(err)),
      );
  };
  useEffect(() => {
    if (closed) loadHistory(0);
    else setHistory(null);
    // Reloaded when the filter changes, not when the loader does.
  }, [closed, filter.severity, filter.type, filter.area]);

  useEffect(() => {
    if (!canAct) return;
    api.assignees().then(
      (a) => setAssignees(a.users.map((u) => u.username)),
      () => setAssignees([]),
    );
  }, [canAct]);

  // The banner's "show": into a view that holds the alarm, opened, scrolled to and focused once drawn.
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  useEffect(() => {
    if (!focus) return;
    const alarm = alarms.find((a) => a.id === focus.id);
    if (alarm && !shownAlarms(alarms, filter, Date.now()).some((a) => a.id === focus.id)) {
      setFilter(
        shownAlarms(alarms, NONE, Date.now()).some((a) => a.id === focus.id) ? NONE : { ...NONE, view: 'open' },
      );
    }
    setExpanded(focus.id);
    setPendingFocus(focus.id);
    if (alarm?.location) onShow(alarm.location.coordinates);
    // Only when asked again (a new nonce).
  }, [focus?.nonce]);
  useEffect(() => {
    if (pendingFocus === null) return;
    const item = document.querySelector<HTMLElement>(`li[data-alarm="${pendingFocus}"]`);
    if (!item) return;
    item.scrollIntoView({ block: 'nearest' });
    item.focus();
    setPendingFocus(null);
  }, [pendingFocus, shown]);

  // What is selected but no longer shown is not acted on.
  const shownIds = new Set(shown.map((a) => a.id));
  const chosen = [...selected].filter((id) => shownIds.has(id));
  const ackable = shown.filter((a) => a.state === 'active-unacknowledged' || a.state === 'cleared-unacknowledged');
  const allChosen = ackable.length > 0 && ackable.every((a) => selected.has(a.id));

  const acknowledgeChosen = async () => {
    setBusy(true);
    setBulk(null);
    try {
      const answer = await api.acknowledgeMany(chosen);
      for (const r of answer.results) if (r.ok && r.alarm) onChanged(r.alarm);
      const failures = answer.results.filter((r) => !r.ok);
      setBulk({
        failed: failures.length > 0,
        text: [
          t('alarms.bulk.done', { n: answer.acknowledged }),
          ...failures.map((f) => t('alarms.bulk.failed', { id: f.id.slice(0, 8), detail: f.detail ?? f.code ?? '' })),
        ].join(' '),
      });
      setSelected(new Set(failures.map((f) => f.id)));
    } catch (err) {
      setBulk({ failed: true, text: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const exportCsv = () => {
    const blob = new Blob(['\ufeff', alarmsCsv(shown)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `alarms-${filter.view}-${new Date().toISOString().slice(0, 16).replace(':', '')}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const viewCount = (v: AlarmView): string => {
    const n =
      v === 'active'
        ? counts.active
        : v === 'toAcknowledge'
          ? counts.toAcknowledge
          : v === 'shelved'
            ? counts.shelved
            : v === 'open'
              ? alarms.length
              : null;
    return n === null ? t(`alarms.view.${v}`) : `${t(`alarms.view.${v}`)} (${n})`;
  };
  const set = (change: Partial<AlarmFilter>) => {
    setFilter({ ...filter, ...change });
    setBulk(null);
    setExpanded(null);
  };

  return (
    <aside className="alarms-panel alarm-console" aria-label={t('alarms.title')}>
      <h2>
        {t('alarms.title')} <span className="count">{shown.length}</span>
      </h2>
      {!canAct && <p className="muted small">{t('alarms.readOnly')}</p>}
      <div className="alarm-filters">
        <label>
          <span className="sr-only">{t('alarms.filter.view')}</span>
          <select name="alarm-view" value={filter.view} onChange={(e) => set({ view: e.target.value as AlarmView })}>
            {VIEWS.map((v) => (
              <option key={v} value={v}>
                {viewCount(v)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('alarms.filter.severity')}</span>
          <select
            name="alarm-severity"
            value={filter.severity}
            onChange={(e) => set({ severity: e.target.value as Severity | '' })}
          >
            <option value="">{t('alarms.filter.allSeverities')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('alarms.filter.type')}</span>
          <select name="alarm-type" value={filter.type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">{t('alarms.filter.allTypes')}</option>
            {types.map((x) => (
              <option key={x} value={x}>
                {typeLabel(x, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('alarms.filter.area')}</span>
          <select name="alarm-area" value={filter.area} onChange={(e) => set({ area: e.target.value })}>
            <option value="">{t('alarms.filter.allAreas')}</option>
            {areas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {!closed && (
          <label>
            <span className="sr-only">{t('alarms.filter.sort')}</span>
            <select name="alarm-sort" value={filter.sort} onChange={(e) => set({ sort: e.target.value as AlarmSort })}>
              <option value="priority">{t('alarms.sort.priority')}</option>
              <option value="newest">{t('alarms.sort.newest')}</option>
              <option value="oldest">{t('alarms.sort.oldest')}</option>
            </select>
          </label>
        )}
      </div>
      <div className="alarm-bulk">
        {canAct && !closed && (
          <>
            <label className="small">
              <input
                type="checkbox"
                name="alarm-select-all"
                checked={allChosen}
                disabled={ackable.length === 0}
                onChange={() => setSelected(allChosen ? new Set() : new Set(ackable.map((a) => a.id)))}
              />
              {t('alarms.bulk.selectAll')}
            </label>
            <button type="button" disabled={busy || chosen.length === 0} onClick={() => void acknowledgeChosen()}>
              {t('alarms.bulk.acknowledge', { n: chosen.length })}
            </button>
          </>
        )}
        <button type="button" className="link small" onClick={exportCsv} disabled={shown.length === 0}>
          {t('alarms.exportCsv')}
        </button>
        <button
          type="button"
          className="link small"
          aria-pressed={!muted}
          onClick={() => {
            setAlarmSoundMuted(!muted);
            setMuted(!muted);
          }}
        >
          {muted ? t('alarms.sound.off') : t('alarms.sound.on')}
        </button>
      </div>
      <p className={`small ${bulk?.failed ? 'error' : 'muted'}`} role="status">
        {bulk?.text ?? ''}
      </p>
      {shown.length === 0 && <p className="muted">{closed ? t('alarms.noneClosed') : t('alarms.none')}</p>}
      {historyError && <p className="error small">{historyError}</p>}
      <ul className="alarm-list">
        {shown.map((a) => (
          <AlarmItem
            key={a.id}
            alarm={a}
            canAct={canAct && !closed}
            selected={selected.has(a.id)}
            onSelect={(on) => {
              const next = new Set(selected);
              if (on) next.add(a.id);
              else next.delete(a.id);
              setSelected(next);
            }}
            expanded={expanded === a.id}
            onExpand={(on) => setExpanded(on ? a.id : null)}
            assignees={assignees}
            now={now}
            onChanged={onChanged}
            onShow={onShow}
          />
        ))}
      </ul>
      {closed && history && history.count > HISTORY_PAGE && (
        <nav className="pager small" aria-label={t('alarms.history.pages')}>
          <button
            type="button"
            disabled={historyOffset === 0}
            onClick={() => loadHistory(historyOffset - HISTORY_PAGE)}
          >
            {t('alarms.history.previous')}
          </button>
          <span>
            {t('alarms.history.range', {
              from: historyOffset + 1,
              to: Math.min(historyOffset + HISTORY_PAGE, history.count),
              count: history.count,
            })}
          </span>
          <button
            type="button"
            disabled={historyOffset + HISTORY_PAGE >= history.count}
            onClick={() => loadHistory(historyOffset + HISTORY_PAGE)}
          >
            {t('alarms.history.next')}
          </button>
        </nav>
      )}
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
  selected,
  onSelect,
  expanded,
  onExpand,
  assignees,
  now,
  onChanged,
  onShow,
}: {
  alarm: AlarmJson;
  canAct: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  expanded: boolean;
  onExpand: (on: boolean) => void;
  assignees: readonly string[] | null;
  now: number;
  onChanged: (alarm: AlarmJson) => void;
  onShow: (c: readonly [number, number]) => void;
}) {
  const { t, locale } = useI18n();
  const [mode, setMode] = useState<'none' | 'assign' | 'comment' | 'shelve'>('none');
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
  const [assignee, setAssignee] = useState('');
  const [minutes, setMinutes] = useState(60);
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
  const shelved = isShelved(alarm, now);
  const stateKey = `alarms.state.${alarm.state}`;
  const title = titleOf(alarm, t);
  // The condition's time (as the journal has it), and when it arrived where that is later.
  const arrivedLate = Date.parse(alarm.receivedAt) - Date.parse(alarm.raisedAt) >= 60_000;
  const sinceText = t('alarms.sinceAt', {
    time: formatTime(alarm.raisedAt, locale, true),
    age: formatAge(alarm.raisedAt, t, now),
  });
  const value =
    alarm.value !== null && alarm.threshold !== null
      ? `${formatNumber(alarm.value, locale)} / ${formatNumber(alarm.threshold, locale)} ${unitOf(alarm.unit ?? undefined)}`
      : null;
  return (
    <li
      className={`alarm compact severity-${alarm.severity}${alarm.state.startsWith('active-') ? ' is-active' : ' is-cleared'}`}
      data-alarm={alarm.id}
      data-state={alarm.state}
      data-shelved={shelved ? 'true' : undefined}
      tabIndex={-1}
    >
      <div className="alarm-row">
        {canAct && (
          <input
            type="checkbox"
            className="alarm-select"
            checked={selected}
            disabled={!unacknowledged}
            aria-label={t('alarms.select', { title })}
            onChange={(e) => onSelect(e.target.checked)}
          />
        )}
        <span className={`severity-badge ${alarm.severity}`}>{t(`severity.${alarm.severity}` as MessageKey)}</span>
        <span className="alarm-title" title={title}>
          {title}
        </span>
      </div>
      <div className="alarm-row">
        <span className="alarm-meta muted small">
          <span className="alarm-state">{hasKey(stateKey) ? t(stateKey) : alarm.state}</span>
          {shelved && <> · {t('alarms.shelvedShort')}</>}
          {alarm.area && <> · {alarm.area}</>}
          {value && <> · {value}</>} · <span className="alarm-since">{sinceText}</span>
          {arrivedLate && (
            <>
              {' '}
              ·{' '}
              <span className="alarm-arrived">
                {t('alarms.arrived', { time: formatTime(alarm.receivedAt, locale, true) })}
              </span>
            </>
          )}
        </span>
        <span className="alarm-quick">
          {alarm.location && (
            <button
              type="button"
              className="icon"
              aria-label={t('alarms.showOnMap')}
              title={t('alarms.showOnMap')}
              onClick={() => onShow(alarm.location?.coordinates as [number, number])}
            >
              <span aria-hidden="true">◎</span>
            </button>
          )}
          {canAct && unacknowledged && (
            <button type="button" disabled={busy} onClick={() => void act(() => api.acknowledge(alarm.id))}>
              {t('alarms.acknowledge')}
            </button>
          )}
          <button
            type="button"
            className="icon"
            aria-expanded={expanded}
            aria-label={t('alarms.more')}
            title={t('alarms.more')}
            onClick={() => onExpand(!expanded)}
          >
            <span aria-hidden="true">{expanded ? '▴' : '⋯'}</span>
          </button>
        </span>
      </div>
      {expanded && (
        <div className="alarm-more">
          {alarm.assignee && <div className="small">{t('alarms.assignee', { name: alarm.assignee })}</div>}
          {alarm.acknowledgedBy && (
            <div className="small muted">{t('alarms.acknowledgedBy', { name: alarm.acknowledgedBy })}</div>
          )}
          {shelved && alarm.shelvedUntil && (
            <div className="small">
              {t('alarms.shelvedUntil', {
                time: formatTime(alarm.shelvedUntil, locale, true),
                name: alarm.shelvedBy ?? '',
                reason: alarm.shelveReason ?? '',
              })}
            </div>
          )}
          {alarm.escalatedAt && (
            <div className="small">
              {t('alarms.escalatedAt', { time: formatTime(alarm.escalatedAt, locale, true) })}
            </div>
          )}
          <div className="actions">
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
            {canAct && !shelved && (
              <button type="button" disabled={busy} onClick={() => setMode(mode === 'shelve' ? 'none' : 'shelve')}>
                {t('alarms.shelve')}
              </button>
            )}
            {canAct && shelved && (
              <button type="button" disabled={busy} onClick={() => void act(() => api.unshelve(alarm.id))}>
                {t('alarms.unshelve')}
              </button>
            )}
            {canAct && alarm.condition.startsWith('manual:') && alarm.state.startsWith('active-') && (
              <button type="button" disabled={busy} onClick={() => void act(() => api.clear(alarm.id))}>
                {t('alarms.clear')}
              </button>
            )}
            <button
              type="button"
              aria-expanded={journal !== null}
              onClick={() => (journal ? ((journalOpen.current = false), setJournal(null)) : void loadJournal())}
            >
              {journal ? t('alarms.hideJournal') : t('alarms.showJournal')}
            </button>
          </div>
          {mode === 'assign' && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!assignee) return;
                void act(() => api.assign(alarm.id, assignee === '-' ? null : assignee));
              }}
            >
              <select
                autoFocus
                name="assignee"
                aria-label={t('alarms.assignTo.list')}
                value={assignee}
                onChange={(e) => setAssignee(e.target.value)}
              >
                <option value="">{t('alarms.assignChoose')}</option>
                {alarm.assignee && <option value="-">{t('alarms.assignNobody')}</option>}
                {(assignees ?? []).map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={busy || !assignee}>
                {t('alarms.send')}
              </button>
            </form>
          )}
          {mode === 'comment' && (
            <form
              className="inline-form stacked"
              onSubmit={(e) => {
                e.preventDefault();
                const value = text.trim();
                if (!value) return;
                void act(() => api.comment(alarm.id, value));
              }}
            >
              <textarea
                autoFocus
                rows={2}
                maxLength={MAX_COMMENT}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-label={t('alarms.commentPlaceholder')}
                aria-describedby={`count-${alarm.id}`}
                placeholder={t('alarms.commentPlaceholder')}
              />
              <span className="form-foot">
                <span id={`count-${alarm.id}`} className="muted small">
                  {t('alarms.commentCount', { n: text.length, max: MAX_COMMENT })}
                </span>
                <button type="submit" disabled={busy || text.trim() === ''}>
                  {t('alarms.send')}
                </button>
              </span>
            </form>
          )}
          {mode === 'shelve' && (
            <form
              className="inline-form stacked"
              onSubmit={(e) => {
                e.preventDefault();
                const reason = text.trim();
                if (!reason) return;
                void act(() => api.shelve(alarm.id, minutes, reason));
              }}
            >
              <select
                name="shelve-minutes"
                aria-label={t('alarms.shelveFor')}
                value={minutes}
                onChange={(e) => setMinutes(Number(e.target.value))}
              >
                {SHELVE_CHOICES.map((m) => (
                  <option key={m} value={m}>
                    {m < 60 ? t('alarms.minutes', { n: m }) : t('alarms.hours', { n: m / 60 })}
                  </option>
                ))}
              </select>
              <input
                autoFocus
                name="shelve-reason"
                maxLength={500}
                value={text}
                onChange={(e) => setText(e.target.value)}
                aria-label={t('alarms.shelveReason')}
                placeholder={t('alarms.shelveReason')}
              />
              <button type="submit" disabled={busy || text.trim() === ''}>
                {t('alarms.shelveNow')}
              </button>
            </form>
          )}
          {journal && (
            <ol className="journal" aria-label={t('alarms.journal')}>
              {journal.map((e, i) => (
                <li key={i}>
                  <span className="muted">{formatTime(e.at, locale, true)}</span> {journalLine(e, title, t, locale)}
                  {e.data && typeof e.data['arrivedAt'] === 'string'
                    ? ` (${t('alarms.arrived', { time: formatTime(e.data['arrivedAt'], locale, true) })})`
                    : ''}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      {error && <p className="error small">{error}</p>}
    </li>
  );
}
