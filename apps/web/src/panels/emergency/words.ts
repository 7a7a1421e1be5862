/** How the dispatcher console reads what a call-taker types, and words its timers and distances. */

/** Seconds as a dispatcher reads a timer: 4:05, 1:02:30. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A travel time in whole minutes (at least 1), as an ETA is said. */
export const etaMinutes = (seconds: number): number => Math.max(1, Math.round(seconds / 60));

/** Metres as km with one decimal, or metres under a kilometre. */
export function distance(metres: number, locale: string): string {
  return metres < 1000
    ? `${Math.round(metres)} m`
    : `${(metres / 1000).toLocaleString(locale, { maximumFractionDigits: 1 })} km`;
}

/** Whether a key press came from somewhere text is typed (shortcuts stay out of the way there). */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** "21.03, 105.85" (latitude first, as people read it out) or "105.85 21.03" when the first number cannot be a latitude. */
export function parseCoordinates(text: string): readonly [number, number] | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (Math.abs(a) <= 90 && Math.abs(b) <= 180 && Math.abs(b) > 90) return [b, a];
  if (Math.abs(b) <= 90 && Math.abs(a) <= 180 && Math.abs(a) > 90) return [a, b];
  if (Math.abs(a) <= 90 && Math.abs(b) <= 180) return [b, a];
  return null;
}

/** Letters without their Vietnamese marks, lower case: "Cháy" and "chay" match. */
export const fold = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();

/** A dispatched unit past its turnout time (the server says when it is due): late until it moves. */
export const lateTurnout = (u: { status: string; turnoutDueAt?: string }, now: number): boolean =>
  u.status === 'dispatched' && u.turnoutDueAt !== undefined && now >= Date.parse(u.turnoutDueAt);

/** What the type search reads of a type: its code, names and the other words callers use for it. */
interface Searchable {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly keywords?: readonly string[];
}

/**
 * The types a search finds: every word typed (in any order, marks ignored) starts a word of the type's
 * code, names or keywords. "tai nan co nguoi" finds the crash with injury and not the one without.
 */
export function matchTypes<T extends Searchable>(types: readonly T[], search: string): readonly T[] {
  const words = fold(search)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return types;
  return types.filter((ty) => {
    const own = fold([ty.code, ty.vi, ty.en, ...(ty.keywords ?? [])].join(' '))
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return words.every((w) => own.some((o) => o.startsWith(w)));
  });
}
