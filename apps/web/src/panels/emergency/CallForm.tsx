import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import {
  emergencyApi,
  type DuplicateCandidate,
  type Incident,
  type IncidentType,
  type LonLat,
  type Place,
  type Priority,
  type ReversePlace,
} from './api';
import { PRIORITY_COLOURS } from './colours';
import { distance, matchTypes, parseCoordinates, wardToChoose } from './words';

/**
 * The call-taker's form, beside the map: who calls, what happened (one common list of types, searched
 * as you type), where (an address with suggestions, a click on the map, or coordinates; the ward and
 * the nearest street are looked up), in what language. Open incidents of a compatible type nearby are
 * proposed before anything is created: the call joins one of them, or makes a new incident.
 */

export interface CallFormProps {
  readonly types: readonly IncidentType[];
  readonly location: LonLat | null;
  readonly onLocation: (at: LonLat | null) => void;
  /** `duplicates`: open incidents the API found near the new one (also when the address was only typed). */
  readonly onLogged: (incident: Incident, linked: boolean, duplicates: readonly DuplicateCandidate[]) => void;
  /** Changes when F2 asks for a new call: the form empties and the phone field takes the focus. */
  readonly fresh: number;
  readonly canWrite: boolean;
}

export function CallForm(props: CallFormProps) {
  const { t, pick, language, locale } = useI18n();
  const [phone, setPhone] = useState('');
  const [callerName, setCallerName] = useState('');
  const [answeredAt, setAnsweredAt] = useState<string | null>(null);
  const [typeSearch, setTypeSearch] = useState('');
  const [typeCode, setTypeCode] = useState('');
  const [priority, setPriority] = useState<Priority | null>(null);
  const [address, setAddress] = useState('');
  const [places, setPlaces] = useState<readonly Place[]>([]);
  /** The words the listed places were found for: a list for fewer words is not taken by Enter. */
  const placesFor = useRef('');
  const [activePlace, setActivePlace] = useState(-1);
  const [coordinates, setCoordinates] = useState('');
  const [reverse, setReverse] = useState<ReversePlace | null>(null);
  const [placeError, setPlaceError] = useState<string | null>(null);
  /** Which of a street's wards: asked right under the address, above the places listed. */
  const [wardQuestion, setWardQuestion] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [callLanguage, setCallLanguage] = useState<string>(language);
  const [duplicates, setDuplicates] = useState<readonly DuplicateCandidate[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  /** Where a picked suggestion put the call: its label in the field asks for no more suggestions. */
  const placed = useRef<LonLat | null>(null);
  /** Enter was pressed before the suggestions came: the first one is taken when they do. */
  const pickFirst = useRef(false);
  const [placesLooking, setPlacesLooking] = useState(false);
  /** The check for open incidents near the place, while it runs: logging waits for it. */
  const duplicateCheck = useRef<Promise<readonly DuplicateCandidate[]> | null>(null);
  const duplicatesRef = useRef<HTMLElement>(null);
  /** Bumped when the open incidents are shown for the dispatcher to decide: they are scrolled into view. */
  const [reveal, setReveal] = useState(0);
  /** Coordinates typed and not yet taken (by Enter, leaving the field, or logging): logging takes them. */
  const coordinatesTyped = useRef(false);

  const { location, onLocation } = props;
  const matches = useMemo(() => matchTypes(props.types, typeSearch), [typeSearch, props.types]);
  const type = props.types.find((ty) => ty.code === typeCode) ?? null;
  const shownPriority: Priority | null = priority ?? type?.priority ?? null;

  // Typing a search picks its first match, unless the type chosen still matches; a search that
  // matches nothing picks nothing (a type left from an earlier prefix would be logged unseen).
  useEffect(() => {
    if (typeSearch.trim() && !matches.some((m) => m.code === typeCode)) {
      setTypeCode(matches[0]?.code ?? '');
    }
  }, [matches]);

  // F2: a new call.
  useEffect(() => {
    if (props.fresh === 0) return;
    reset();
    setAnsweredAt(new Date().toISOString());
    phoneRef.current?.focus();
  }, [props.fresh]);

  function reset() {
    setPhone('');
    setCallerName('');
    setTypeSearch('');
    setTypeCode('');
    setPriority(null);
    setAddress('');
    setPlaces([]);
    setCoordinates('');
    coordinatesTyped.current = false;
    setReverse(null);
    setPlaceError(null);
    setText('');
    setDuplicates([]);
    setError(null);
    setAnsweredAt(null);
    placed.current = null;
    pickFirst.current = false;
    placesFor.current = '';
    setWardQuestion(null);
    onLocation(null);
  }

  // Suggestions as the address is typed (a short pause first, the last answer wins).
  useEffect(() => {
    const q = address.trim();
    if (q.length < 2 || placed.current) {
      placesFor.current = '';
      setPlaces([]);
      setPlacesLooking(false);
      return;
    }
    const controller = new AbortController();
    setPlacesLooking(true);
    const timer = setTimeout(() => {
      emergencyApi.places(q, controller.signal).then(
        (r) => {
          setPlacesLooking(false);
          // Logging took a place meanwhile (Ctrl+Enter on a typed address), or asked which of these
          // (the list is already shown, its first highlighted): nothing more to do.
          if (placed.current || placesFor.current === q) return;
          const found = r.places.slice(0, 8);
          if (pickFirst.current) {
            pickFirst.current = false;
            if (!found[0]) setPlaceError(t('dispatch.call.noPlace'));
            else {
              if (!askWard(q, found)) pickPlace(found[0]);
              return;
            }
          }
          placesFor.current = q;
          setPlaces(found);
          // None highlighted: ↓ lands on the first, and Enter alone takes the first.
          setActivePlace(-1);
        },
        () => !controller.signal.aborted && setPlacesLooking(false),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [address]);

  // The ward and the nearest street of a place put on the map or typed as coordinates.
  useEffect(() => {
    // A place given since the coordinates were typed (taken, or a pin on the map) is the call's place.
    coordinatesTyped.current = false;
    if (!location) {
      setReverse(null);
      return;
    }
    const controller = new AbortController();
    setPlaceError(null);
    emergencyApi.reverse(location, controller.signal).then(
      (r) => setReverse(r),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setReverse(null);
        setPlaceError(err instanceof ApiError ? err.message : String(err));
      },
    );
    return () => controller.abort();
  }, [location]);

  // Open incidents nearby that this call may be about.
  useEffect(() => {
    if (!location || !typeCode) {
      setDuplicates([]);
      duplicateCheck.current = null;
      return;
    }
    const controller = new AbortController();
    const check = new Promise<readonly DuplicateCandidate[]>((resolve) => {
      const timer = setTimeout(() => {
        emergencyApi.duplicates(location, typeCode, controller.signal).then(
          (r) => resolve(r.incidents),
          () => resolve([]),
        );
      }, 150);
      controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve([])));
    });
    duplicateCheck.current = check;
    void check.then((found) => {
      if (controller.signal.aborted) return;
      setDuplicates(found);
      if (duplicateCheck.current === check) duplicateCheck.current = null;
    });
    return () => controller.abort();
  }, [location, typeCode]);

  // What the form asked for is given: its complaint goes.
  useEffect(() => {
    setError((e) => (e === t('dispatch.call.needType') || e === t('dispatch.call.noType') ? null : e));
  }, [typeCode]);
  useEffect(() => {
    setError((e) => (e === t('dispatch.call.needPlace') ? null : e));
  }, [location, address]);

  function pickPlace(p: Place) {
    placed.current = p.location;
    pickFirst.current = false;
    placesFor.current = '';
    setPlaceError(null);
    setWardQuestion(null);
    setAddress(p.label);
    setPlaces([]);
    setActivePlace(-1);
    onLocation(p.location);
  }

  const onAddressKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // A list found for fewer words than typed ("nguyen trai" while "… thanh xuan" is being looked up)
    // is not what Enter takes: it waits for the places of the words typed.
    if (places.length === 0 || (e.key === 'Enter' && placesFor.current !== address.trim())) {
      // Enter before the suggestions came takes the first when they come; it never logs the call.
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        if (address.trim().length >= 2 && !placed.current) pickFirst.current = true;
      }
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActivePlace((i) => (e.key === 'ArrowDown' ? (i + 1) % places.length : i <= 0 ? places.length - 1 : i - 1));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      // None chosen yet: a street in wards far apart is asked about, as when Enter beat the list.
      if (activePlace < 0 && askWard(address.trim(), places)) return;
      const p = places[Math.max(0, activePlace)];
      if (p) pickPlace(p);
    } else if (e.key === 'Escape') {
      setPlaces([]);
    }
  };

  const onTypeKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && matches.length > 0) {
      e.preventDefault();
      const at = matches.findIndex((m) => m.code === typeCode);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setTypeCode(matches[(at + step + matches.length) % matches.length]?.code ?? '');
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      // The chosen type is the one highlighted in the list (the first match unless another was picked);
      // with no match, none is chosen and the form says so.
      const chosen = matches.find((m) => m.code === typeCode) ?? matches[0];
      setTypeCode(chosen?.code ?? '');
      setError(chosen ? null : t('dispatch.call.noType'));
    }
  };

  const addressWords = () => address.trim() || [reverse?.street, reverse?.ward].filter(Boolean).join(', ') || undefined;

  /**
   * A street in several wards, the words saying neither which nor near what: the places are shown, the
   * first highlighted, and the dispatcher asked to choose (Enter takes it) rather than one taken unseen.
   */
  function askWard(q: string, found: readonly Place[]): boolean {
    const choose = wardToChoose(q, found);
    if (!choose) return false;
    placesFor.current = q;
    setPlaces(found);
    setActivePlace(0);
    setWardQuestion(t('dispatch.call.whichWard', { street: choose.street, wards: choose.wards }));
    addressRef.current?.focus();
    return true;
  }

  /** The first place an address names; null when none, when the search fails, or when the ward is asked. */
  async function firstPlace(q: string): Promise<Place | null | 'ask'> {
    pickFirst.current = false;
    setPlacesLooking(true);
    try {
      const found = (await emergencyApi.places(q)).places.slice(0, 8);
      if (askWard(q, found)) return 'ask';
      return found[0] ?? null;
    } catch {
      return null;
    } finally {
      setPlacesLooking(false);
    }
  }

  async function submit(linkTo?: string) {
    if (busy || !props.canWrite) return;
    setError(null);
    if (!typeCode) return setError(t('dispatch.call.needType'));
    // Coordinates typed and not yet taken are the call's place, taken as Enter in their field takes them.
    const typed = coordinatesTyped.current && coordinates.trim() ? parseCoordinates(coordinates) : null;
    if (coordinatesTyped.current && coordinates.trim() && !typed) {
      return setPlaceError(t('dispatch.call.badCoordinates'));
    }
    if (!location && !typed && !address.trim()) return setError(t('dispatch.call.needPlace'));
    setBusy(true);
    try {
      let where = location;
      let words = addressWords();
      let check = linkTo === undefined ? duplicateCheck.current : null;
      /** The place is new here: incidents shown for another one do not count as shown. */
      let moved = false;
      if (typed && (!location || typed[0] !== location[0] || typed[1] !== location[1])) {
        coordinatesTyped.current = false;
        onLocation(typed);
        where = typed;
        moved = true;
        // The street and ward looked up were for the place before: the server looks up this one's.
        words = address.trim() || undefined;
        check =
          linkTo === undefined
            ? emergencyApi.duplicates(typed, typeCode).then(
                (r) => r.incidents,
                () => [],
              )
            : null;
      }
      // An address typed but no suggestion taken: its place is looked up first, so the open incidents
      // there are checked before logging, as for a picked one. Found nowhere, the call is logged with
      // the words alone (a caller's place is not always on the map).
      if (!where && linkTo === undefined && !placed.current && address.trim().length >= 2) {
        const first = await firstPlace(address.trim());
        if (first === 'ask') return;
        if (first) {
          pickPlace(first);
          where = first.location;
          words = first.label;
          check = emergencyApi.duplicates(where, typeCode).then(
            (r) => r.incidents,
            () => [],
          );
        }
      }
      // Open incidents near the place are shown before a new one is made: a check still running is
      // waited for, and if it finds any not yet shown, they are shown and nothing is logged — logging
      // again (or Alt+n to link) is then the dispatcher's choice.
      if (check && (duplicates.length === 0 || moved)) {
        const found = await check;
        if (found.length > 0) {
          setDuplicates(found);
          setReveal((n) => n + 1);
          return;
        }
      }
      const { incident, duplicates: found } = await emergencyApi.logCall({
        phone: phone.trim(),
        ...(callerName.trim() ? { callerName: callerName.trim() } : {}),
        answeredAt: answeredAt ?? new Date().toISOString(),
        language: callLanguage,
        text: text.trim(),
        typeCode,
        ...(priority ? { priority } : {}),
        ...(where ? { location: [where[0], where[1]] } : {}),
        ...(words ? { address: words } : {}),
        ...(linkTo ? { linkTo } : {}),
      });
      reset();
      props.onLogged(incident, linkTo !== undefined, found);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  // The open incidents proposed are shown whole where the dispatcher looks, once drawn: on a laptop's
  // screen the form runs below the fold, and a heading alone there reads as nothing to decide.
  useEffect(() => {
    if (duplicates.length === 0) return;
    duplicatesRef.current?.scrollIntoView({ block: 'nearest' });
  }, [duplicates, reveal]);

  // While a call is taken, its keys work anywhere on the page: a pin put on the map leaves the focus
  // there. In the form, its own handler does it (once); this one listens first, so Alt+1…9 here is not
  // also taken by the incident open beside it.
  const taking =
    answeredAt !== null ||
    location !== null ||
    [phone, callerName, typeSearch, typeCode, address, coordinates, text].some((v) => v.trim() !== '');
  const pageKeys = useRef({ taking, submit, duplicates });
  pageKeys.current = { taking, submit, duplicates };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const keys = pageKeys.current;
      if (!keys.taking || e.defaultPrevented) return;
      if (e.target instanceof Node && formRef.current?.contains(e.target)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void keys.submit();
      } else if (e.altKey && /^[1-9]$/.test(e.key)) {
        const d = keys.duplicates[Number(e.key) - 1];
        if (!d) return;
        e.preventDefault();
        void keys.submit(d.incident.id);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const onFormKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented && e.target instanceof HTMLElement) {
      // Out of the field: the page's keys (queue, 1–9, D) work again.
      e.target.blur();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      // Enter in a field never logs the call by itself (the browser's implicit submission): Ctrl+Enter does.
      e.preventDefault();
    } else if (e.altKey && /^[1-9]$/.test(e.key)) {
      const d = duplicates[Number(e.key) - 1];
      if (d) {
        e.preventDefault();
        void submit(d.incident.id);
      }
    }
  };

  return (
    <form
      ref={formRef}
      className="call-form"
      aria-labelledby="call-form-title"
      onSubmit={(e: FormEvent) => (e.preventDefault(), void submit())}
      onKeyDown={onFormKey}
    >
      <h2 id="call-form-title">{t('dispatch.call.title')}</h2>
      <div className="call-row">
        <label>
          {t('dispatch.call.phone')}
          <input
            ref={phoneRef}
            name="phone"
            type="tel"
            autoComplete="off"
            value={phone}
            onChange={(e) => {
              if (!answeredAt) setAnsweredAt(new Date().toISOString());
              setPhone(e.target.value);
            }}
          />
        </label>
        <label>
          {t('dispatch.call.callerName')}
          <input
            name="caller-name"
            autoComplete="off"
            value={callerName}
            onChange={(e) => setCallerName(e.target.value)}
          />
        </label>
      </div>
      <label>
        {t('dispatch.call.type')}
        <input
          name="type-search"
          role="combobox"
          aria-expanded="true"
          aria-controls="call-type-list"
          autoComplete="off"
          placeholder={t('dispatch.call.typeSearch')}
          value={typeSearch}
          onChange={(e) => setTypeSearch(e.target.value)}
          onKeyDown={onTypeKey}
        />
      </label>
      <div className="call-type-pick">
        <select
          id="call-type-list"
          name="type"
          size={4}
          aria-label={t('dispatch.call.type')}
          value={typeCode}
          onChange={(e) => setTypeCode(e.target.value)}
        >
          {/* None chosen shows none chosen (a listbox otherwise shows its first type as if picked). */}
          <option value="" hidden />
          {matches.length === 0 && <option disabled>{t('dispatch.call.noType')}</option>}
          {matches.map((ty) => (
            <option key={ty.code} value={ty.code}>
              {ty.code} · {pick(ty)} · P{ty.priority}
            </option>
          ))}
        </select>
        <label className="call-priority">
          {t('dispatch.priority')}
          <select
            name="priority"
            value={shownPriority ?? ''}
            onChange={(e) => setPriority(e.target.value ? (Number(e.target.value) as Priority) : null)}
            style={shownPriority ? { borderColor: PRIORITY_COLOURS[shownPriority], borderWidth: 3 } : undefined}
          >
            <option value="">—</option>
            {([1, 2, 3, 4] as const).map((p) => (
              <option key={p} value={p}>
                {t(`dispatch.priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {type && (
        <p className="muted small" data-type-agencies>
          {type.agencies.map((a) => t(`dispatch.agency.${a}`)).join(' · ')}
        </p>
      )}
      <div className="call-address">
        <label>
          {t('dispatch.call.address')}
          <input
            ref={addressRef}
            name="address"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={places.length > 0}
            aria-controls="call-places"
            aria-activedescendant={activePlace >= 0 ? `call-place-${activePlace}` : undefined}
            autoComplete="off"
            value={address}
            onChange={(e) => {
              placed.current = null;
              setWardQuestion(null);
              setAddress(e.target.value);
            }}
            onKeyDown={onAddressKey}
          />
        </label>
        {wardQuestion && (
          <p className="error small" role="alert">
            {wardQuestion}
          </p>
        )}
        {places.length > 0 && (
          <ul id="call-places" role="listbox" className="suggestions" aria-label={t('dispatch.call.suggestions')}>
            {places.map((p, i) => (
              <li
                key={`${p.label}-${i}`}
                id={`call-place-${i}`}
                role="option"
                aria-selected={i === activePlace}
                className={i === activePlace ? 'active' : undefined}
                onMouseDown={(e) => (e.preventDefault(), pickPlace(p))}
              >
                {p.label}
                {p.ward && !p.label.includes(p.ward) ? <span className="muted"> · {p.ward}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <label>
        {t('dispatch.call.coordinates')}
        <input
          name="coordinates"
          autoComplete="off"
          placeholder="21.0285, 105.8542"
          value={coordinates}
          onChange={(e) => {
            coordinatesTyped.current = true;
            setCoordinates(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
            e.preventDefault();
            const at = parseCoordinates(coordinates);
            if (at) {
              coordinatesTyped.current = false;
              onLocation(at);
            } else setPlaceError(t('dispatch.call.badCoordinates'));
          }}
          onBlur={() => {
            const at = parseCoordinates(coordinates);
            if (at && (!location || at[0] !== location[0] || at[1] !== location[1])) {
              coordinatesTyped.current = false;
              onLocation(at);
            }
          }}
        />
      </label>
      <p className="muted small" data-place aria-live="polite">
        {!location && placesLooking
          ? t('dispatch.call.placesLooking')
          : location
            ? reverse
              ? // A nearest road with no name is not said as "—" with a distance to it: the ward alone.
                reverse.street
                ? t('dispatch.call.placeFound', {
                    street: reverse.street,
                    ward: reverse.ward ?? '—',
                    distance: distance(reverse.distanceM, locale),
                  })
                : t('dispatch.call.placeWard', { ward: reverse.ward ?? '—' })
              : placeError
                ? null
                : t('dispatch.call.placeLooking')
            : t('dispatch.call.placeHint')}
      </p>
      {placeError && <p className="error small">{placeError}</p>}
      <label>
        {t('dispatch.call.text')}
        <textarea name="call-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="call-language">
        {t('dispatch.call.language')}
        <select name="call-language" value={callLanguage} onChange={(e) => setCallLanguage(e.target.value)}>
          {(['vi', 'en', 'zh', 'ko', 'ja', 'fr'] as const).map((l) => (
            <option key={l} value={l}>
              {t(`dispatch.language.${l}`)}
            </option>
          ))}
        </select>
      </label>
      {duplicates.length > 0 && (
        <section ref={duplicatesRef} className="duplicates" role="alert" aria-label={t('dispatch.duplicates.title')}>
          <h3>{t('dispatch.duplicates.title')}</h3>
          <ul>
            {duplicates.map((d, i) => (
              <li key={d.incident.id} data-duplicate={d.incident.number}>
                <span>
                  <strong>#{d.incident.number}</strong> {d.incident.typeCode} ·{' '}
                  {t('dispatch.duplicates.near', {
                    distance: distance(d.distanceM, locale),
                    minutes: Math.round(d.minutesAgo),
                  })}
                  {d.incident.address ? ` · ${d.incident.address}` : ''}
                </span>
                <button type="button" disabled={busy || !props.canWrite} onClick={() => void submit(d.incident.id)}>
                  {t('dispatch.duplicates.link', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* Said once: a place outside the city is refused by the look-up beside the field and by the log. */}
      {error && error !== placeError && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="call-actions">
        <button type="submit" className="primary" disabled={busy || !props.canWrite} name="log-call">
          {duplicates.length > 0 ? t('dispatch.call.logNew') : t('dispatch.call.log')}
          <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={reset}>
          {t('dispatch.call.clear')}
        </button>
      </div>
    </form>
  );
}
