import { forwardRef, useMemo, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useI18n } from '../../i18n';
import type { Unit } from './api';
import { fold } from './words';

/** The statuses a unit can be sent from (the server's own rule; it refuses any other with 409). */
const SENDABLE: ReadonlySet<Unit['status']> = new Set(['available', 'returning']);
/** Suggestions shown at once: enough to choose among, few enough to read. */
const SHOWN = 8;

/** A call sign as typed or said: marks, case, dashes and spaces do not matter ("a1", "115 01 a1"). */
const plain = (text: string): string => fold(text).replace(/[^a-z0-9]/g, '');

/**
 * Sending a unit by hand, whatever the recommendations say or whether they came at all: any unit that
 * can be sent, found by its call sign as it is typed. Enter takes the highlighted suggestion (or the only
 * one); Enter in the empty box sends the units taken. The server checks each unit is still free; the run
 * card is the dispatcher's call (a dispatch short of it is escalated, not refused).
 */
export const ManualDispatch = forwardRef<
  HTMLInputElement,
  {
    readonly units: ReadonlyMap<string, Unit>;
    readonly disabled: boolean;
    /** Sends the units; resolves true when they were sent. */
    readonly onSend: (unitIds: readonly string[]) => Promise<boolean>;
  }
>(function ManualDispatch({ units, disabled, onSend }, ref) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [active, setActive] = useState(-1);
  const [taken, setTaken] = useState<readonly string[]>([]);
  const sendable = useMemo(
    () =>
      [...units.values()].filter((u) => SENDABLE.has(u.status)).sort((a, b) => a.callSign.localeCompare(b.callSign)),
    [units],
  );
  // A unit taken meanwhile by another console is dropped from the picks as the board says so.
  const picked = taken.filter((id) => sendable.some((u) => u.id === id));
  const typed = plain(text);
  const suggestions = typed
    ? sendable
        .filter((u) => !picked.includes(u.id) && plain(u.callSign).includes(typed))
        // Those starting with what was typed first, then those ending with it (a unit's own digits).
        .sort(
          (a, b) =>
            Number(!plain(a.callSign).startsWith(typed)) - Number(!plain(b.callSign).startsWith(typed)) ||
            Number(!plain(a.callSign).endsWith(typed)) - Number(!plain(b.callSign).endsWith(typed)),
        )
        .slice(0, SHOWN)
    : [];
  const exact = suggestions.find((u) => plain(u.callSign) === typed);

  const take = (u: Unit) => {
    setTaken([...picked, u.id]);
    setText('');
    setActive(-1);
  };
  const send = async () => {
    if (disabled || picked.length === 0) return;
    if (await onSend(picked)) setTaken([]);
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
  return (
    <section className="manual-dispatch" aria-labelledby="manual-title">
      <h3 id="manual-title">{t('dispatch.manual.title')}</h3>
      <p className="muted small">{t('dispatch.manual.hint')}</p>
      <div className="manual-row">
        {picked.length > 0 && (
          <ul className="manual-picked" aria-label={t('dispatch.manual.picked')}>
            {picked.map((id) => (
              <li key={id} data-picked={callSign(id)}>
                <strong>{callSign(id)}</strong>{' '}
                <button
                  type="button"
                  className="link"
                  aria-label={t('dispatch.manual.drop', { unit: callSign(id) })}
                  onClick={() => setTaken(picked.filter((p) => p !== id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="manual-search">
          <input
            ref={ref}
            name="manual-unit"
            role="combobox"
            aria-label={t('dispatch.manual.search')}
            aria-autocomplete="list"
            aria-expanded={suggestions.length > 0}
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
          {suggestions.length > 0 && (
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
            </ul>
          )}
          {typed && suggestions.length === 0 && (
            <p className="muted small" role="status" data-manual-none>
              {t('dispatch.manual.none', { text: text.trim() })}
            </p>
          )}
        </div>
        <button
          type="button"
          name="manual-dispatch"
          disabled={disabled || picked.length === 0}
          onClick={() => void send()}
        >
          {t('dispatch.manual.send', { n: picked.length })}
        </button>
      </div>
    </section>
  );
});
