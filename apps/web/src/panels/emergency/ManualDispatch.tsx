import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { useI18n } from '../../i18n';
import type { IncidentSummary, Unit } from './api';
import { fold } from './words';

/** The statuses a unit can be sent from (the server's own rule; it refuses any other with 409). */
const SENDABLE: ReadonlySet<Unit['status']> = new Set(['available', 'returning']);
/** Statuses of a unit working an incident (the others are free or out of service). */
const COMMITTED: ReadonlySet<Unit['status']> = new Set([
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
]);
/** Suggestions shown at once: enough to choose among, few enough to read. */
const SHOWN = 8;
/** Units found that cannot be sent, each with why: the one meant is named, the free ones stay in view. */
const BUSY_SHOWN = 3;

/** A call sign as typed or said: marks, case, dashes and spaces do not matter ("a1", "115 01 a1"). */
const plain = (text: string): string => fold(text).replace(/[^a-z0-9]/g, '');

/** What a send by hand came to: sent, or not, and the unit another console took first when that was why. */
export interface HandSent {
  readonly sent: boolean;
  readonly unavailable?: string;
}

/** A unit taken to send, with what was typed to find it: given back to the box if the unit goes elsewhere. */
interface Taken {
  readonly id: string;
  readonly typed: string;
}

/**
 * Sending a unit by hand, whatever the recommendations say or whether they came at all: any unit that
 * can be sent, found by its call sign as it is typed. Enter takes the highlighted suggestion (or the only
 * one); Enter in the empty box sends the units taken. A unit found that cannot be sent is shown with why
 * (on this incident, on which other, out of service). The server checks each unit is still free; a unit
 * taken first by another console is said here, by its call sign and incident, and what was typed to find
 * it is back in the box to pick another. The run card is the dispatcher's call (a dispatch short of it is
 * escalated, not refused).
 */
export const ManualDispatch = forwardRef<
  HTMLInputElement,
  {
    readonly incidentId: string;
    readonly units: ReadonlyMap<string, Unit>;
    readonly incidents: ReadonlyMap<string, Pick<IncidentSummary, 'number'>>;
    readonly disabled: boolean;
    /** Sends the units; resolves whether they were sent, and which unit was refused as taken (409). */
    readonly onSend: (unitIds: readonly string[]) => Promise<HandSent>;
  }
>(function ManualDispatch({ incidentId, units, incidents, disabled, onSend }, ref) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => input.current as HTMLInputElement, []);
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [taken, setTaken] = useState<readonly Taken[]>([]);
  /** Units taken here that went elsewhere before they were sent: said until the dispatcher moves on. */
  const [lost, setLost] = useState<readonly string[]>([]);
  const [sending, setSending] = useState(false);
  const [refocus, setRefocus] = useState(0);
  const sendable = useMemo(
    () =>
      [...units.values()].filter((u) => SENDABLE.has(u.status)).sort((a, b) => a.callSign.localeCompare(b.callSign)),
    [units],
  );
  const free = (id: string) => sendable.some((u) => u.id === id);
  const picked = taken.filter((p) => free(p.id));
  const typed = plain(text);
  // Those starting with what was typed first, then those ending with it (a unit's own digits).
  const byTyped = (a: Unit, b: Unit) =>
    Number(!plain(a.callSign).startsWith(typed)) - Number(!plain(b.callSign).startsWith(typed)) ||
    Number(!plain(a.callSign).endsWith(typed)) - Number(!plain(b.callSign).endsWith(typed));
  const suggestions = typed
    ? sendable
        .filter((u) => !picked.some((p) => p.id === u.id) && plain(u.callSign).includes(typed))
        .sort(byTyped)
        .slice(0, SHOWN)
    : [];
  const exact = suggestions.find((u) => plain(u.callSign) === typed);
  // Found but not offered: named with why, so "no match" never hides a unit that exists.
  const busy = typed
    ? [...units.values()]
        .filter((u) => !SENDABLE.has(u.status) && plain(u.callSign).includes(typed))
        .sort((a, b) => a.callSign.localeCompare(b.callSign))
        .sort(byTyped)
        .slice(0, BUSY_SHOWN)
    : [];

  /** Where a unit that cannot be sent is: this incident, another (by number when open here), or none. */
  const whereIs = (u: Unit) => {
    if (u.incidentId === incidentId) return { kind: 'here' } as const;
    if (u.incidentId) {
      const number = incidents.get(u.incidentId)?.number;
      return number ? ({ kind: 'on', number } as const) : ({ kind: 'elsewhere' } as const);
    }
    // Committed with no incident known yet: the stream said the status before the board was read again.
    return COMMITTED.has(u.status) ? ({ kind: 'elsewhere' } as const) : ({ kind: 'off' } as const);
  };
  const why = (u: Unit) => {
    const status = t(`dispatch.unitStatus.${u.status}`);
    const where = whereIs(u);
    switch (where.kind) {
      case 'here':
        return t('dispatch.manual.busyHere', { status });
      case 'on':
        return t('dispatch.manual.busyOn', { number: where.number, status });
      case 'elsewhere':
        return t('dispatch.manual.busyElsewhere', { status });
      case 'off':
        return t('dispatch.manual.busyOff', { status });
    }
  };
  /** Why a unit taken here was not sent, in the words the recommendations use for a race lost. */
  const lostWords = (id: string): { text: string; conflict: boolean } => {
    const u = units.get(id);
    const unit = u?.callSign ?? id;
    // Refused by the server before the board has been read again: taken, where is not known yet.
    if (!u || SENDABLE.has(u.status)) {
      return { text: t('dispatch.conflict', { message: t('dispatch.manual.taken', { unit }) }), conflict: true };
    }
    const status = t(`dispatch.unitStatus.${u.status}`);
    const where = whereIs(u);
    switch (where.kind) {
      case 'here':
        return { text: t('dispatch.manual.sentHere', { unit, status }), conflict: false };
      case 'on':
        return {
          text: t('dispatch.conflict', {
            message: t('dispatch.manual.takenOn', { unit, number: where.number, status }),
          }),
          conflict: true,
        };
      case 'elsewhere':
        return { text: t('dispatch.conflict', { message: t('dispatch.manual.taken', { unit }) }), conflict: true };
      case 'off':
        return { text: t('dispatch.manual.notFree', { unit, status }), conflict: true };
    }
  };

  /** Units taken here gone elsewhere: dropped, said, and the search that found the first typed again. */
  const lose = (ids: readonly string[]) => {
    const gone = taken.filter((p) => ids.includes(p.id));
    if (gone.length === 0) return;
    setTaken(taken.filter((p) => !ids.includes(p.id)));
    setLost((l) => [...l.filter((id) => !ids.includes(id)), ...gone.map((p) => p.id)]);
    const again = gone[0]?.typed ?? '';
    // What the dispatcher is typing now is theirs: it is never replaced.
    setText((now) => now || again);
    setActive(-1);
  };
  // A unit taken here and sent meanwhile by another console (the board says so) is not dropped in silence.
  // While a send is under way the board may show this console's own dispatch: its answer says which.
  useEffect(() => {
    if (sending) return;
    const gone = taken.filter((p) => !free(p.id)).map((p) => p.id);
    if (gone.length > 0) lose(gone);
  }, [units, sending]);
  useEffect(() => {
    if (refocus > 0) input.current?.focus();
  }, [refocus]);

  const take = (u: Unit) => {
    setTaken([...picked, { id: u.id, typed: text }]);
    setLost([]);
    setText('');
    setActive(-1);
  };
  const send = async () => {
    if (disabled || sending || picked.length === 0) return;
    setSending(true);
    try {
      const result = await onSend(picked.map((p) => p.id));
      if (result.sent) {
        setTaken([]);
        setLost([]);
      } else if (result.unavailable) {
        lose([result.unavailable]);
        // The box was disabled while sending: the dispatcher is back in it to pick another.
        setRefocus((n) => n + 1);
      }
    } finally {
      setSending(false);
    }
  };
  const onKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && suggestions.length > 0) {
      e.preventDefault();
      setActive((i) => (i + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp' && suggestions.length > 0) {
      e.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (e.key === 'Escape') {
      setText('');
      setActive(-1);
      setLost([]);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = suggestions[active] ?? exact ?? (suggestions.length === 1 ? suggestions[0] : undefined);
      if (chosen) take(chosen);
      else if (!typed) void send();
    } else if (e.key === 'Backspace' && !text && picked.length > 0) {
      setTaken(picked.slice(0, -1));
    }
  };

  const callSign = (id: string) => units.get(id)?.callSign ?? id;
  const listed = suggestions.length + busy.length > 0;
  return (
    <section className="manual-dispatch" aria-labelledby="manual-title">
      <h3 id="manual-title">{t('dispatch.manual.title')}</h3>
      <p className="muted small">{t('dispatch.manual.hint')}</p>
      {lost.map((id) => {
        const said = lostWords(id);
        return (
          <p
            key={id}
            className={said.conflict ? 'error conflict small' : 'notice small'}
            role={said.conflict ? 'alert' : 'status'}
            data-manual-lost={callSign(id)}
          >
            {said.text}
          </p>
        );
      })}
      <div className="manual-search">
        <input
          ref={input}
          name="manual-unit"
          role="combobox"
          aria-label={t('dispatch.manual.search')}
          aria-autocomplete="list"
          aria-expanded={listed}
          aria-controls="manual-units"
          aria-activedescendant={suggestions[active] ? `manual-unit-${suggestions[active].id}` : undefined}
          placeholder={t('dispatch.manual.placeholder')}
          autoComplete="off"
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            setActive(-1);
          }}
          onKeyDown={onKey}
        />
        {listed && (
          <ul id="manual-units" role="listbox" className="suggestions">
            {suggestions.map((u, i) => (
              <li
                key={u.id}
                id={`manual-unit-${u.id}`}
                role="option"
                aria-selected={i === active}
                data-unit={u.callSign}
                onMouseDown={(e) => {
                  e.preventDefault();
                  take(u);
                }}
              >
                <strong>{u.callSign}</strong> <span className="muted">{t(`dispatch.unitKind.${u.kind}`)}</span>
                {u.status !== 'available' && <span className="muted"> · {t(`dispatch.unitStatus.${u.status}`)}</span>}
              </li>
            ))}
            {busy.map((u) => (
              <li
                key={u.id}
                id={`manual-unit-${u.id}`}
                role="option"
                aria-selected={false}
                aria-disabled="true"
                className="unavailable"
                data-busy-unit={u.callSign}
                onMouseDown={(e) => e.preventDefault()}
              >
                <strong>{u.callSign}</strong> <span className="muted">{t(`dispatch.unitKind.${u.kind}`)}</span>
                <span data-busy-why> · {why(u)}</span>
              </li>
            ))}
          </ul>
        )}
        {typed && !listed && (
          <p className="muted small" role="status" data-manual-none>
            {t('dispatch.manual.none', { text: text.trim() })}
          </p>
        )}
      </div>
      <div className="manual-row">
        {picked.length > 0 && (
          <ul className="manual-picked" aria-label={t('dispatch.manual.picked')}>
            {picked.map(({ id }) => (
              <li key={id} data-picked={callSign(id)}>
                <strong>{callSign(id)}</strong>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={t('dispatch.manual.drop', { unit: callSign(id) })}
                  onClick={() => setTaken(picked.filter((p) => p.id !== id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          name="manual-dispatch"
          disabled={disabled || sending || picked.length === 0}
          onClick={() => void send()}
        >
          {t('dispatch.manual.send', { n: picked.length })}
        </button>
      </div>
    </section>
  );
});
