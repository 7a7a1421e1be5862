import { problems } from '../../platform/errors.js';
import { basemapRoads } from './basemap.js';

/**
 * The roads of a box as light lines for a small map drawn without tiles (the rider's page on a phone):
 * the main roads first, the streets only where the box is small enough to show them, every line simplified
 * to what half a pixel of a 360 px wide map can show, and no more than SKETCH_MAX_POINTS points in all.
 */

type LonLat = readonly [number, number];
/** west, south, east, north */
type Box = readonly [number, number, number, number];
interface Road {
  readonly class: string;
  readonly line: readonly LonLat[];
  /** west, south, east, north */
  readonly box: readonly [number, number, number, number];
}

/** Most important first; a class is drawn whole or not at all. */
export const SKETCH_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service'] as const;
/** Streets (minor, service) only in a box at most this wide (metres): wider, they are a grey smear. */
const STREETS_UP_TO_M = 3000;
/** The tertiary roads only in a box at most this wide (metres). */
const TERTIARY_UP_TO_M = 15_000;
/** About 100 kB of JSON, 35 kB gzipped: a few seconds on 3G. */
export const SKETCH_MAX_POINTS = 6000;
/** Degrees: wider boxes are refused (the city is about 1.3° wide; the page asks for a route or a district). */
export const SKETCH_MAX_DEGREES = 1.5;
const PIXELS = 720;

let roads: Road[] | undefined;

function cityRoads(): Road[] {
  if (!roads) {
    roads = basemapRoads().map((r) => {
      const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [lon, lat] of r.line) {
        box[0] = Math.min(box[0], lon);
        box[1] = Math.min(box[1], lat);
        box[2] = Math.max(box[2], lon);
        box[3] = Math.max(box[3], lat);
      }
      return { class: r.class, line: r.line, box };
    });
  }
  return roads;
}

/** A number as a person writes one: no empty part (Number('') is 0), no hex, no exponent, no Infinity. */
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** west,south,east,north as the query gives it, or a 400 CITY_AREA_INVALID. */
export function sketchBox(text: string): Box {
  const raw = text.split(',').map((s) => s.trim());
  const parts = raw.map(Number);
  const [west = NaN, south = NaN, east = NaN, north = NaN] = parts;
  const ok =
    parts.length === 4 &&
    raw.every((s) => DECIMAL.test(s)) &&
    parts.every(Number.isFinite) &&
    west >= -180 &&
    east <= 180 &&
    south >= -90 &&
    north <= 90 &&
    west < east &&
    south < north &&
    east - west <= SKETCH_MAX_DEGREES &&
    north - south <= SKETCH_MAX_DEGREES;
  if (!ok) {
    throw problems.badRequest(
      'CITY_AREA_INVALID',
      `bbox is west,south,east,north in degrees, west < east, south < north, at most ${SKETCH_MAX_DEGREES}° each way.`,
    );
  }
  return [west, south, east, north];
}

/** The finest grid a box is snapped to: 2^-12° (about 27 m). */
const FINEST_STEP = 2 ** -12;
/** A box spans at least this many steps of its grid, so snapping widens it by at most an eighth each way. */
const STEPS_ACROSS = 16;

/**
 * The box widened outward to a grid whose step is a power-of-two fraction of a degree, chosen from the
 * box's size: boxes that differ only in their last digits share one sketch, and the step's multiples are
 * exact in binary, so the key has no rounding noise.
 */
export function snapBox(box: Box): Box {
  const [west, south, east, north] = box;
  const size = Math.max(east - west, north - south);
  const step = Math.max(FINEST_STEP, 2 ** Math.floor(Math.log2(size / STEPS_ACROSS)));
  const down = (x: number, limit: number) => Math.max(limit, Math.floor(x / step) * step);
  const up = (x: number, limit: number) => Math.min(limit, Math.ceil(x / step) * step);
  return [down(west, -180), down(south, -90), up(east, 180), up(north, 90)];
}

/** Douglas–Peucker on a plane where a degree of longitude is cos(lat) of one of latitude. */
function simplify(line: LonLat[], tolerance: number, cos: number): LonLat[] {
  if (line.length <= 2) return line;
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack: [number, number][] = [[0, line.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = [line[a]![0] * cos, line[a]![1]];
    const [bx, by] = [line[b]![0] * cos, line[b]![1]];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let far = -1;
    let farD = tolerance;
    for (let i = a + 1; i < b; i++) {
      const px = line[i]![0] * cos - ax;
      const py = line[i]![1] - ay;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
      const d = Math.hypot(px - t * dx, py - t * dy);
      if (d > farD) [far, farD] = [i, d];
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return line.filter((_, i) => keep[i] === 1);
}

export interface RoadSketch {
  readonly bbox: [number, number, number, number];
  /** The classes drawn, most important first. */
  readonly classes: string[];
  readonly roads: { class: string; line: [number, number][] }[];
}

/** Sketches kept: a route's map asks for the same box every time (6 ms to a few hundred of CPU each). */
const SKETCH_CACHE = 500;
const sketches = new Map<string, RoadSketch>();

/** Which classes a box's size allows, from the box asked for (snapping must not drop the streets). */
function classesFor(box: Box): readonly (typeof SKETCH_CLASSES)[number][] {
  const [west, south, east, north] = box;
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const widthM = Math.max((east - west) * cos, north - south) * 111_320;
  return SKETCH_CLASSES.filter(
    (c) =>
      widthM <= STREETS_UP_TO_M ||
      (c !== 'minor' && c !== 'service' && (widthM <= TERTIARY_UP_TO_M || c !== 'tertiary')),
  );
}

/**
 * The roads within the box (the parts of their lines in it, the box snapped outward to a grid), as few
 * points as the map shows. `beforeDrawing` runs only when the sketch is not kept already: it may throw
 * (a caller asking for too many new boxes).
 */
export function roadSketch(box: Box, beforeDrawing: () => void = () => {}): RoadSketch {
  const snapped = snapBox(box);
  const allowed = classesFor(box);
  const key = `${snapped.join(',')}:${allowed.length}`;
  const cached = sketches.get(key);
  if (cached) return cached;
  beforeDrawing();
  const sketch = drawSketch(snapped, allowed);
  if (sketches.size >= SKETCH_CACHE) sketches.delete(sketches.keys().next().value as string);
  sketches.set(key, sketch);
  return sketch;
}

function drawSketch(box: Box, allowed: readonly string[]): RoadSketch {
  const [west, south, east, north] = box;
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const tolerance = Math.max((east - west) * cos, north - south) / PIXELS;
  const inside = (p: LonLat | undefined) =>
    p !== undefined && p[0] >= west && p[0] <= east && p[1] >= south && p[1] <= north;
  const classes: string[] = [];
  const out: RoadSketch['roads'] = [];
  let points = 0;
  for (const cls of allowed) {
    const lines: RoadSketch['roads'] = [];
    let added = 0;
    for (const road of cityRoads()) {
      if (road.class !== cls) continue;
      if (road.box[2] < west || road.box[0] > east || road.box[3] < south || road.box[1] > north) continue;
      // The runs of the line within the box, each with the point just outside at either end.
      let run: LonLat[] = [];
      const flush = () => {
        if (run.length >= 2) {
          const line = simplify(run, tolerance, cos).map(([lon, lat]) => [round(lon), round(lat)] as [number, number]);
          lines.push({ class: cls, line });
          added += line.length;
        }
        run = [];
      };
      road.line.forEach((p, i) => {
        if (inside(p) || inside(road.line[i - 1]) || inside(road.line[i + 1])) run.push(p);
        else flush();
      });
      flush();
    }
    if (points + added > SKETCH_MAX_POINTS) break;
    points += added;
    classes.push(cls);
    out.push(...lines);
  }
  return { bbox: [west, south, east, north], classes, roads: out };
}

/** About a metre: what a map of a district needs, and a third of the bytes of full precision. */
const round = (x: number) => Math.round(x * 1e5) / 1e5;
