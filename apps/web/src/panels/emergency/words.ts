/** How the dispatcher console reads what a call-taker types, and words its timers and distances. */

/** Seconds as a dispatcher reads a timer: 4:05, 1:02:30. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A moment to the second, in Hanoi time: 14:05:09. */
export const wallClock = (ms: number): string =>
  new Date(ms).toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hourCycle: 'h23' });

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

/** What the type search reads of a type: its code, names, the other words callers use for it, its priority. */
interface Searchable {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly keywords?: readonly string[];
  readonly priority?: number;
}

/** Words lower case with their marks (NFC), and folded: "Ngã" → ["ngã"], ["nga"]. */
const markedWordsOf = (text: string): { marked: string; folded: string }[] =>
  text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .map((marked) => ({ marked, folded: fold(marked) }));

/**
 * How well a typed word matches a type's words: 4 the same word with the same marks ("ngã" is "Ngã"),
 * 3 the same letters ("nga" is "Ngã"), 2 the start of a word with its marks, 1 the start of one's
 * letters ("nga" starts "Ngập"), 0 none.
 */
function closeness(typed: { marked: string; folded: string }, own: readonly { marked: string; folded: string }[]) {
  let best = 0;
  for (const o of own) {
    const q =
      o.marked === typed.marked
        ? 4
        : o.folded === typed.folded
          ? 3
          : o.marked.startsWith(typed.marked)
            ? 2
            : o.folded.startsWith(typed.folded)
              ? 1
              : 0;
    if (q > best) best = q;
  }
  return best;
}

/**
 * The types a search finds: every word typed (in any order, marks ignored) starts a word of the type's
 * code, names or keywords. "tai nan co nguoi" finds the crash with injury and not the one without.
 * Whole words come before beginnings, and words typed with their marks before words that only share
 * the letters: "ngã" and "nga" find the fall before the flood ("Ngập"), "ngất" the faint before
 * "ngạt". Then types found by their names before those found by keywords alone, then a type with a
 * keyword said whole before one with only part of one ("ngat" is the faint "ngất" before the drowning
 * "ngạt nước", "bat tinh" the medical call before the crash "tai nạn bất tỉnh"), then the most urgent
 * first: of two close types, Enter takes the one that sends more ("injury" matches "no injury" too).
 */
export function matchTypes<T extends Searchable>(types: readonly T[], search: string): readonly T[] {
  const typed = markedWordsOf(search);
  if (typed.length === 0) return types;
  return types
    .map((ty) => {
      const named = markedWordsOf(`${ty.code} ${ty.vi} ${ty.en}`);
      const all = [...named, ...markedWordsOf((ty.keywords ?? []).join(' '))];
      const scores = typed.map((w) => closeness(w, all));
      if (scores.some((q) => q === 0)) return { ty, score: 0, rank: -1, whole: 1 };
      const rank = typed.every((w) => closeness(w, named) > 0) ? 0 : 1;
      const whole = (ty.keywords ?? []).some((k) =>
        markedWordsOf(k).every((kw) => typed.some((w) => w.folded === kw.folded)),
      )
        ? 0
        : 1;
      return { ty, score: scores.reduce((a, b) => a + b, 0), rank, whole };
    })
    .filter((m) => m.rank >= 0)
    .sort(
      (a, b) =>
        b.score - a.score || a.rank - b.rank || a.whole - b.whole || (a.ty.priority ?? 4) - (b.ty.priority ?? 4),
    )
    .map((m) => m.ty);
}

/** What the console reads of a place found for an address. */
interface FoundPlace {
  readonly street?: string;
  readonly ward?: string;
  readonly landmark?: string;
  readonly location: readonly [number, number];
}

/** Further apart than this, two places of one street would be answered by different units. */
const WARD_SPREAD_M = 1000;

/** A street's name without its kind: "Đường Nguyễn Trãi" and "Nguyễn Trãi" are one road. */
const streetKey = (street: string) =>
  fold(street)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(pho|duong|dai lo) /, '');

/** Metres between two points as the crow flies, near enough at a city's scale. */
export function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const k = 111_320;
  const dx = (a[0] - b[0]) * k * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
  return Math.hypot(dx, (a[1] - b[1]) * k);
}

/**
 * The street an address names when it runs through more than one ward among the places found, its
 * places there more than a kilometre apart, and the words typed say neither which ward nor near what:
 * taking the first would send units to whichever ward the search lists first ("120 nguyen trai" is in
 * Thanh Xuân as well as Hà Đông). Null when the first place is a landmark, a ward, or its street short.
 */
export function wardToChoose(typed: string, found: readonly FoundPlace[]): { street: string; wards: number } | null {
  const first = found[0];
  if (!first?.street || first.landmark !== undefined) return null;
  const key = streetKey(first.street);
  const same = found.filter((p) => p.street !== undefined && p.landmark === undefined && streetKey(p.street) === key);
  const wards = new Set(same.map((p) => p.ward));
  if (wards.size < 2 || !same.some((p) => metres(p.location, first.location) > WARD_SPREAD_M)) return null;
  const said = ` ${fold(typed).replace(/[^a-z0-9]+/g, ' ')} `;
  if (/ (gan|canh|doi dien|truoc|sau) /.test(said)) return null;
  const named = [...wards].some((w) => {
    const bare = fold(w ?? '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .replace(/^(phuong|xa) /, '');
    return bare !== '' && said.includes(` ${bare} `);
  });
  return named ? null : { street: first.street, wards: wards.size };
}
