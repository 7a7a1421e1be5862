import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../platform/errors.js';
import { roadNetwork, type RoadGraphData } from '../city/index.js';
import type { LonLat } from './model.js';

/**
 * Where a call is: suggestions as the call-taker types (street names of the road graph, each in the
 * ward it runs through, ward names, and landmarks: the hospitals, fire and police stations of
 * emergency.json and the health facilities of places.json; Vietnamese marks ignored), and the reverse (a pin or the
 * caller's coordinates → the ward it lies in and the nearest street). Both come from the city facts
 * the product carries (apps/server/data/city: areas.json for the city and its 126 wards,
 * roads.json.gz for the streets); a point outside the city's outline is refused.
 */

/** What a landmark is: the centre's places (emergency.json) and the health facilities of places.json. */
export type LandmarkKind = 'hospital' | 'fire' | 'police' | 'clinic' | 'medical-centre' | 'health-station';

export interface Place {
  readonly label: string;
  readonly street?: string;
  readonly ward?: string;
  /** A named place (a hospital, a fire or police station…) rather than a street or a ward. */
  readonly landmark?: LandmarkKind;
  readonly location: LonLat;
}

export interface ReversePlace {
  readonly ward?: string;
  readonly wardCode?: string;
  readonly street?: string;
  /** On the nearest named road when there is one within reach, else the point asked. */
  readonly location: LonLat;
  /** From the point asked to `location`. */
  readonly distanceM: number;
}

type Ring = readonly (readonly [number, number])[];
interface Area {
  readonly code: string;
  readonly name: string;
  readonly rings: readonly Ring[];
  readonly bbox: readonly [number, number, number, number];
  readonly centroid: LonLat;
}

interface Gazetteer {
  readonly city: Area;
  readonly wards: readonly Area[];
  /** Streets, wards and landmarks, each with its label folded for matching. */
  readonly entries: readonly Entry[];
}

/** A place of the gazetteer: its label folded for matching, its rank, and its name without the ward. */
type Built = Place & { readonly key: string; readonly rank: number; readonly name: string };
/** A place with what ranks equal matches, worked out once when the gazetteer loads (see matchPlaces). */
type Entry = Built & {
  /** The name folded, without its generic word ("phố", "xã"…): the phrase typed may be all of it. */
  readonly bareName: string;
  /** In a rural xã rather than a phường. */
  readonly rural: boolean;
  /** From the city centre (apart2). */
  readonly far: number;
};

const CITY = new URL('../../../data/city/', import.meta.url);

export const outsideCity = (at: LonLat) =>
  new AppError(
    'EMERGENCY_LOCATION_OUTSIDE_CITY',
    400,
    `[${at[0]}, ${at[1]}] is outside Hà Nội: the centre takes calls located in the city.`,
  );

/** Lower case, Vietnamese marks and đ folded, spaces single: "Đường Láng" → "duong lang". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9/ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function area(code: string, name: string, polygon: { coordinates: readonly Ring[] }, centroid?: LonLat): Area {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of polygon.coordinates) {
    for (const [x, y] of ring) {
      bbox[0] = Math.min(bbox[0], x);
      bbox[1] = Math.min(bbox[1], y);
      bbox[2] = Math.max(bbox[2], x);
      bbox[3] = Math.max(bbox[3], y);
    }
  }
  return {
    code,
    name,
    rings: polygon.coordinates,
    bbox,
    centroid: centroid ?? [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
  };
}

/** Even-odd rule over every ring (holes included). */
function contains(a: Area, [x, y]: LonLat): boolean {
  if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) return false;
  let inside = false;
  for (const ring of a.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

let loaded: Gazetteer | undefined;

function gazetteer(): Gazetteer {
  if (loaded) return loaded;
  const areas = JSON.parse(readFileSync(new URL('areas.json', CITY), 'utf8')) as {
    city: { code: string; name: string; outline: { coordinates: Ring[] } };
    units: { code: string; name: string; outline: { coordinates: Ring[] }; centroid?: [number, number] }[];
  };
  const city = area(areas.city.code, areas.city.name, areas.city.outline);
  const wards = areas.units.map((u) => area(u.code, u.name, u.outline, u.centroid));
  const wardAt = (p: LonLat) => wards.find((w) => contains(w, p));

  // Each named street once per ward it runs through, placed at its segment nearest the middle of them.
  const roads = JSON.parse(gunzipSync(readFileSync(new URL('roads.json.gz', CITY))).toString('utf8')) as RoadGraphData;
  const groups = new Map<string, { name: string; ward: Area; points: LonLat[] }>();
  for (let e = 0; e < roads.from.length; e++) {
    const n = roads.name[e]!;
    if (n < 0) continue;
    const a = roads.from[e]!;
    const b = roads.to[e]!;
    const mid: LonLat = [
      (roads.nodes[2 * a]! + roads.nodes[2 * b]!) / 2e5,
      (roads.nodes[2 * a + 1]! + roads.nodes[2 * b + 1]!) / 2e5,
    ];
    const ward = wardAt(mid);
    if (!ward) continue;
    const key = `${n}\u0000${ward.code}`;
    const group = groups.get(key);
    if (group) group.points.push(mid);
    else groups.set(key, { name: roads.names[n]!, ward, points: [mid] });
  }
  const entries: Built[] = [];
  for (const w of wards)
    entries.push({ label: w.name, ward: w.name, location: w.centroid, key: fold(w.name), rank: 0, name: w.name });
  for (const { name, ward, points } of groups.values()) {
    const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
    const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
    const at = points.reduce((best, p) => (dist2(p, cx, cy) < dist2(best, cx, cy) ? p : best), points[0]!);
    const label = `${name}, ${ward.name}`;
    // Lanes (ngõ, ngách, hẻm) after streets: a street is what callers name first.
    const rank = /^(ngo|ngach|hem|kiet) /.test(fold(name)) ? 2 : 1;
    entries.push({
      label,
      street: name,
      ward: ward.name,
      location: [round6(at[0]), round6(at[1])],
      key: fold(label),
      rank,
      name,
    });
  }
  entries.push(...landmarks(wards));
  const ranked = entries.map((e) => ({
    ...e,
    bareName: fold(e.name).replace(GENERIC, ''),
    rural: e.ward !== undefined && fold(e.ward).startsWith('xa '),
    far: apart2(e.location, CITY_CENTRE),
  }));
  loaded = { city, wards, entries: ranked };
  return loaded;
}

interface NamedPlace {
  readonly name: string;
  readonly location: LonLat;
}

/**
 * The landmarks callers name ("bệnh viện Bạch Mai", "công an phường…"), each once by name and ward: the
 * centre's places first (emergency.json), then places.json's health facilities not already there. Its
 * illustrative stations (`real: false`) are not places anyone can name, so they are left out.
 */
function landmarks(wards: readonly Area[]): Built[] {
  const emergency = JSON.parse(readFileSync(new URL('emergency.json', CITY), 'utf8')) as {
    hospitals: NamedPlace[];
    fireStations: NamedPlace[];
    policeStations: NamedPlace[];
  };
  const places = JSON.parse(readFileSync(new URL('places.json', CITY), 'utf8')) as {
    hospitals: (NamedPlace & { kind: string })[];
    emergencyStations: (NamedPlace & { kind: string; real?: boolean })[];
  };
  const kinds: readonly LandmarkKind[] = ['hospital', 'fire', 'police', 'clinic', 'medical-centre', 'health-station'];
  const found: [LandmarkKind, NamedPlace][] = [
    ...emergency.hospitals.map((p) => ['hospital', p] as [LandmarkKind, NamedPlace]),
    ...emergency.fireStations.map((p) => ['fire', p] as [LandmarkKind, NamedPlace]),
    ...emergency.policeStations.map((p) => ['police', p] as [LandmarkKind, NamedPlace]),
    ...[...places.hospitals, ...places.emergencyStations.filter((p) => p.real !== false)].flatMap((p) =>
      kinds.includes(p.kind as LandmarkKind) ? [[p.kind as LandmarkKind, p] as [LandmarkKind, NamedPlace]] : [],
    ),
  ];
  const seen = new Set<string>();
  const out: Built[] = [];
  for (const [kind, p] of found) {
    const ward = wards.find((w) => contains(w, p.location));
    if (!ward) continue;
    const label = `${p.name}, ${ward.name}`;
    const key = fold(label);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label, ward: ward.name, landmark: kind, location: p.location, key, rank: 1, name: p.name });
  }
  return out;
}

/** The generic word before a name: street, road, lane, ward, commune. */
const GENERIC = /^(pho|duong|ngo|ngach|hem|kiet|phuong|xa) /;
const dist2 = (p: LonLat, x: number, y: number) => (p[0] - x) ** 2 + (p[1] - y) ** 2;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Is the point inside the city's outline? */
export function inCity(at: LonLat): boolean {
  return contains(gazetteer().city, at);
}

/** The ward a point lies in. */
export function wardAt(at: LonLat): { code: string; name: string } | undefined {
  const w = gazetteer().wards.find((a) => contains(a, at));
  return w ? { code: w.code, name: w.name } : undefined;
}

/** A word of what was typed: as said, and folded for matching. */
interface Word {
  readonly said: string;
  readonly key: string;
}

/** A place found for some words, with its label as the crew will read it and that label without the ward. */
interface Found {
  readonly entry: Entry;
  readonly score: number;
  readonly label: string;
  readonly short: string;
}

/**
 * Places for what the call-taker typed, best first. Callers name places as they know them, and the
 * label keeps what they said that the city has no register of, written the usual way:
 * - a house number first ("36 Hàng Bạc", "số 5 Hàng Bông") is kept in the label, the point is the street's;
 * - lanes the roads do not name ("số 5 ngõ 12 Hàng Bông", "ngách 3 ngõ 12 …", "hẻm", "kiệt") are found on
 *   their street: "số 5, ngõ 12, Phố Hàng Bông, Phường Hoàn Kiếm";
 * - "X gần Y" (near, beside, opposite, in front of, behind Y) is found at X, the X nearest Y first, and
 *   "gần Y" alone at Y ("gần Bệnh viện Việt Đức, …"); X unknown → at Y, X's words kept.
 */
export function suggestPlaces(text: string, limit = 10): Place[] {
  const words = wordsOf(text);
  const found = findAddress(words, limit);
  return (found.length > 0 ? found : findNear(words, limit)).slice(0, limit).map(({ entry, label }) => ({
    label,
    ...(entry.street === undefined ? {} : { street: entry.street }),
    ...(entry.ward === undefined ? {} : { ward: entry.ward }),
    ...(entry.landmark === undefined ? {} : { landmark: entry.landmark }),
    location: entry.location,
  }));
}

/** Short forms callers and call-takers type, as the words they stand for. */
const SHORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  bv: ['bệnh', 'viện'],
  bvdk: ['bệnh', 'viện', 'đa', 'khoa'],
};

/** The words of a text, punctuation dropped ("ng. 12" → "ng", "12"), short forms written out ("bv"). */
function wordsOf(text: string): Word[] {
  return text
    .normalize('NFC')
    .split(/[^\p{L}\p{M}\p{N}/]+/u)
    .flatMap((said) =>
      fold(said)
        .split(' ')
        .filter((key) => key !== '')
        .flatMap(
          (key, i) =>
            SHORT_FORMS[key]?.map((word) => ({ said: word, key: fold(word) })) ?? [{ said: i === 0 ? said : '', key }],
        ),
    );
}

/** Words as the caller said them, for a part the city does not know. */
const spoken = (words: readonly Word[]) =>
  words
    .map((w) => w.said)
    .filter((w) => w !== '')
    .join(' ');

/** A house or lane number: "12", "12a", "4/7", "332/54/3". */
const NUMBER = /^\d+[a-z]?(?:\/\d+[a-z]?)*$/;
/** The lane words as written, whatever was typed ("ng." is short for ngõ). */
const LANE_WORDS: Readonly<Record<string, string>> = {
  ngo: 'ngõ',
  ng: 'ngõ',
  ngach: 'ngách',
  hem: 'hẻm',
  kiet: 'kiệt',
};
/** Many, to choose among by a landmark before keeping `limit`. */
const CANDIDATES = 50;

/**
 * A house number and lanes said first are peeled off one by one until what is left is a place; lanes
 * are found on streets only (a lane is off a street, not a ward or a hospital).
 */
function findAddress(words: readonly Word[], limit: number): Found[] {
  const keys = words.map((w) => w.key);
  // "số 5", "số nhà 5", "nhà số 5", "nhà 5" or a bare "5", with something after it.
  const lead =
    (keys[0] === 'so' && keys[1] === 'nha') || (keys[0] === 'nha' && keys[1] === 'so')
      ? 2
      : keys[0] === 'so' || keys[0] === 'nha'
        ? 1
        : 0;
  const number = keys[lead];
  const house =
    number !== undefined && NUMBER.test(number) && lead + 1 < keys.length ? number.toUpperCase() : undefined;
  const street = house === undefined ? 0 : lead + 1;
  let at = street;
  const lanes: { at: number; written: string }[] = [];
  for (;;) {
    const word = LANE_WORDS[keys[at] ?? ''];
    if (word === undefined) break;
    let next = at + 1;
    if (keys[next] === 'so' && NUMBER.test(keys[next + 1] ?? '')) next++;
    const n = keys[next];
    const numbered = n !== undefined && NUMBER.test(n);
    if (numbered) next++;
    // "ng" alone is too short to be sure of; a lane with nothing after it is still being typed.
    if ((keys[at] === 'ng' && !numbered) || next >= keys.length) break;
    lanes.push({ at: next, written: numbered ? `${word} ${n.toUpperCase()}` : word });
    at = next;
  }

  const rest = keys.slice(street);
  if (rest.length > 0) {
    const found = matchPlaces(rest, limit).map((f) => {
      // A road the map names with its number ("Số 58 Ngõ 17 Phùng Chí Kiên") already says it.
      if (house === undefined || f.entry.street === undefined || /^(?:so )?\d/.test(fold(f.short))) return f;
      // "số 5" is written so, with its comma; a bare number stays before the street, as said ("36 Phố Hàng Bạc").
      const before = lead > 0 ? `số ${house}, ` : `${house} `;
      return { ...f, label: before + f.label, short: before + f.short };
    });
    if (found.length > 0) return found;
  }
  for (let i = 0; i < lanes.length; i++) {
    const prefix = [
      ...(house === undefined ? [] : [`số ${house}`]),
      ...lanes.slice(0, i + 1).map((l) => l.written),
    ].join(', ');
    const found = matchPlaces(keys.slice(lanes[i]!.at), limit)
      .filter((f) => f.entry.street !== undefined)
      .map((f) => ({ ...f, label: `${prefix}, ${f.label}`, short: `${prefix}, ${f.short}` }));
    if (found.length > 0) return found;
  }
  return [];
}

/** Where a place is said to be from another, as folded and as written. */
const RELATIONS: readonly (readonly [readonly string[], string])[] = [
  [['ben', 'canh'], 'bên cạnh'],
  [['doi', 'dien'], 'đối diện'],
  [['truoc', 'cua'], 'trước cửa'],
  [['gan'], 'gần'],
  [['canh'], 'cạnh'],
  [['truoc'], 'trước'],
  [['sau'], 'sau'],
  [['near'], 'gần'],
  [['opposite'], 'đối diện'],
];

/** Every place a relation word is said, "ngay" (right) included: "ngay cạnh". */
function relationsIn(keys: readonly string[]): { start: number; end: number; written: string }[] {
  const out: { start: number; end: number; written: string }[] = [];
  for (let i = 0; i < keys.length; i++) {
    const right = keys[i] === 'ngay' ? 1 : 0;
    const found = RELATIONS.find(([words]) => words.every((w, k) => keys[i + right + k] === w));
    if (found) out.push({ start: i, end: i + right + found[0].length, written: (right ? 'ngay ' : '') + found[1] });
  }
  return out;
}

/**
 * "X gần Y": X is the place, Y only chooses among the Xs (the nearest first) and is named in the label.
 * Several relation words ("Võ Thị Sáu gần…": "sau" is one) are each tried; the reading that finds both
 * places wins, then one that finds X, then one that finds Y alone.
 */
function findNear(words: readonly Word[], limit: number): Found[] {
  const keys = words.map((w) => w.key);
  let best: Found[] = [];
  let bestFit = 0;
  for (const r of relationsIn(keys)) {
    const before = words.slice(0, r.start);
    const after = words.slice(r.end);
    const here = before.length > 0 ? findAddress(before, CANDIDATES) : [];
    const there = after.length > 0 ? findAddress(after, CANDIDATES) : [];
    let fit = 0;
    let found: Found[] = [];
    if (before.length === 0 && there.length > 0) {
      fit = 3;
      found = there.map((f) => ({ ...f, label: `${r.written} ${f.label}`, short: `${r.written} ${f.short}` }));
    } else if (here.length > 0 && there.length > 0) {
      fit = 3;
      // The landmarks that fit the words best; each X is measured to the nearest of them.
      const marks = there.filter((f) => f.score === there[0]!.score);
      const nearest = (f: Found) =>
        marks.map((m) => ({ m, d: apart2(f.entry.location, m.entry.location) })).reduce((a, b) => (b.d < a.d ? b : a));
      found = here
        .map((f) => ({ f, near: nearest(f) }))
        .sort((a, b) => a.f.score - b.f.score || a.near.d - b.near.d || a.f.label.length - b.f.label.length)
        .map(({ f, near }) => ({ ...f, label: `${f.label}, ${r.written} ${near.m.short}` }));
    } else if (here.length > 0) {
      fit = 2;
      const landmark = after.length > 0 ? `, ${r.written} ${spoken(after)}` : '';
      found = here.map((f) => ({ ...f, label: f.label + landmark }));
    } else if (there.length > 0) {
      fit = 1;
      found = there.map((f) => ({ ...f, label: `${spoken(before)}, ${r.written} ${f.label}` }));
    }
    if (fit > bestFit) {
      best = found.slice(0, limit);
      bestFit = fit;
    }
  }
  return best;
}

/** Squared distance in degrees of latitude, near enough to compare places at Hà Nội's latitude. */
const apart2 = (a: LonLat, b: LonLat) => ((a[0] - b[0]) * Math.cos((21 * Math.PI) / 180)) ** 2 + (a[1] - b[1]) ** 2;

/** Hồ Hoàn Kiếm, by the post office where the city's distances are counted from (km 0). */
const CITY_CENTRE: LonLat = [105.8522, 21.0287];

/**
 * Places whose label holds every word (folded), best first: a match at the start of the name before one
 * inside it, wards before streets before lanes, the name said whole before a longer one. Of equal
 * matches, a street in a phường before one in a rural xã, then the nearer the centre: "Lý Thường Kiệt"
 * is the street in Cửa Nam before the road of that name in Phù Đổng, 20 km out.
 */
function matchPlaces(words: readonly string[], limit: number): Found[] {
  if (words.length === 0) return [];
  const phrase = words.join(' ');
  const scored: Found[] = [];
  for (const p of gazetteer().entries) {
    if (!words.every((w) => p.key.includes(w))) continue;
    // The phrase at the start of the name (after "phố", "đường", "phường"…) first, then anywhere.
    const name = p.key.replace(GENERIC, '');
    const place = name.startsWith(phrase) ? 0 : p.key.includes(phrase) ? 1 : 2;
    scored.push({ entry: p, score: place * 10 + p.rank, label: p.label, short: p.name });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      Number(a.entry.bareName !== phrase) - Number(b.entry.bareName !== phrase) ||
      Number(a.entry.rural) - Number(b.entry.rural) ||
      a.entry.far - b.entry.far ||
      a.label.length - b.label.length ||
      a.label.localeCompare(b.label),
  );
  return scored.slice(0, limit);
}

/** How far from a point its street may be: farther, the ward alone says where it is. */
const REVERSE_REACH_M = 500;

/** The ward and nearest named street of a point; outside the city → EMERGENCY_LOCATION_OUTSIDE_CITY. */
export function reversePlace(at: LonLat): ReversePlace {
  if (!Number.isFinite(at[0]) || !Number.isFinite(at[1]) || !inCity(at)) throw outsideCity(at);
  const ward = wardAt(at);
  const base = ward ? { ward: ward.name, wardCode: ward.code } : {};
  try {
    // The nearest named street: an unnamed alley or service way nearer tells the crew nothing.
    const snap = roadNetwork().snap(at, { maxDistanceM: REVERSE_REACH_M, named: true });
    return {
      ...base,
      ...(snap.roadName === undefined ? {} : { street: snap.roadName }),
      location: snap.point,
      distanceM: Math.round(snap.distanceM * 10) / 10,
    };
  } catch (err) {
    // Far from any named road (a field, the river): the ward still says where it is.
    if (!(err instanceof AppError)) throw err;
    return { ...base, location: at, distanceM: 0 };
  }
}
