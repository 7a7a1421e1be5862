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
  /** On the nearest road when there is one within reach, else the point asked. */
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
  /** Streets and wards, each with its label folded for matching. */
  readonly entries: readonly (Place & { readonly key: string; readonly rank: number })[];
}

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
  const entries: (Place & { key: string; rank: number })[] = [];
  for (const w of wards)
    entries.push({ label: w.name, ward: w.name, location: w.centroid, key: fold(w.name), rank: 0 });
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
    });
  }
  entries.push(...landmarks(wards));
  loaded = { city, wards, entries };
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
function landmarks(wards: readonly Area[]): (Place & { key: string; rank: number })[] {
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
  const out: (Place & { key: string; rank: number })[] = [];
  for (const [kind, p] of found) {
    const ward = wards.find((w) => contains(w, p.location));
    if (!ward) continue;
    const label = `${p.name}, ${ward.name}`;
    const key = fold(label);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label, ward: ward.name, landmark: kind, location: p.location, key, rank: 1 });
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

const HOUSE_NUMBER = /^(?:so )?(\d+[a-z]?(?:[/-]\d+[a-z]?)*) /;

/**
 * Places whose label holds every word of the text (marks ignored), best first: a match at the start of
 * the label before one inside it, wards before streets before lanes, shorter labels first.
 */
export function suggestPlaces(text: string, limit = 10): Place[] {
  const found = matchPlaces(text, limit);
  if (found.length > 0) return found;
  // Callers name places as they know them: a lane the road data does not have ("ngõ 12 Hàng Bông",
  // "ngõ Hàng Chiếu") is found on its street, the lane's words kept in the label; "X gần Y" (near,
  // beside, opposite Y) is found at X, else at Y.
  const folded = fold(text);
  const lane = LANE.exec(folded);
  if (lane) {
    const spoken = text.trim().split(/\s+/).slice(0, lane[0].trim().split(' ').length).join(' ');
    const street = matchPlaces(folded.slice(lane[0].length), limit).filter((p) => p.street !== undefined);
    if (street.length > 0) return street.map((p) => ({ ...p, label: `${spoken}, ${p.label}` }));
  }
  const near = NEAR.exec(folded);
  if (near && near.index > 0) {
    const at = matchPlaces(folded.slice(0, near.index), limit);
    return at.length > 0 ? at : matchPlaces(folded.slice(near.index + near[0].length), limit);
  }
  return [];
}

/** A lane said first, with or without its number: "ngõ 12", "ngách 4/7", "hẻm", "kiệt". */
const LANE = /^(?:ngo|ngach|hem|kiet)(?: so)?(?: \d+[a-z]?(?:\/\d+[a-z]?)*)? /;
/** "near", "beside", "opposite", "in front of", "behind" between two places. */
const NEAR = / (?:gan|canh|ben canh|doi dien|truoc|sau|near|opposite) /;

function matchPlaces(text: string, limit: number): Place[] {
  // A house number said first ("36 Hàng Bạc", "số 12A …", "25/3 …") is kept in the label, not matched:
  // the place is the street's, as the city has no register of house numbers to go further.
  const folded = fold(text);
  const house = HOUSE_NUMBER.exec(folded);
  const words = (house ? folded.slice(house[0].length) : folded).split(' ').filter((w) => w !== '');
  if (words.length === 0) return [];
  const phrase = words.join(' ');
  const scored: { p: Place & { key: string; rank: number }; score: number }[] = [];
  for (const p of gazetteer().entries) {
    if (!words.every((w) => p.key.includes(w))) continue;
    // The phrase at the start of the name (after "phố", "đường", "phường"…) first, then anywhere.
    const name = p.key.replace(GENERIC, '');
    const place = name.startsWith(phrase) ? 0 : p.key.includes(phrase) ? 1 : 2;
    scored.push({ p, score: place * 10 + p.rank });
  }
  scored.sort((a, b) => a.score - b.score || a.p.label.length - b.p.label.length || a.p.label.localeCompare(b.p.label));
  return scored.slice(0, limit).map(({ p }) => ({
    label: house && p.street !== undefined ? `${house[1]} ${p.label}` : p.label,
    ...(p.street === undefined ? {} : { street: p.street }),
    ...(p.ward === undefined ? {} : { ward: p.ward }),
    ...(p.landmark === undefined ? {} : { landmark: p.landmark }),
    location: p.location,
  }));
}

/** The ward and nearest street of a point; outside the city → EMERGENCY_LOCATION_OUTSIDE_CITY. */
export function reversePlace(at: LonLat): ReversePlace {
  if (!Number.isFinite(at[0]) || !Number.isFinite(at[1]) || !inCity(at)) throw outsideCity(at);
  const ward = wardAt(at);
  const base = ward ? { ward: ward.name, wardCode: ward.code } : {};
  try {
    const snap = roadNetwork().snap(at, { maxDistanceM: 500 });
    return {
      ...base,
      ...(snap.roadName === undefined ? {} : { street: snap.roadName }),
      location: snap.point,
      distanceM: Math.round(snap.distanceM * 10) / 10,
    };
  } catch (err) {
    // Far from any road (a field, the river): the ward still says where it is.
    if (!(err instanceof AppError)) throw err;
    return { ...base, location: at, distanceM: 0 };
  }
}
