import { readFileSync } from 'node:fs';

type LonLat = readonly [lon: number, lat: number];

/**
 * Where a point is: inside Hà Nội's outline or not, and the ward (phường/xã) it lies in, from the city
 * facts the product carries (apps/server/data/city/areas.json). Only outlines are read: no road graph
 * is needed to place a citizen's report.
 */

type Ring = readonly (readonly [number, number])[];
interface Area {
  readonly code: string;
  readonly name: string;
  readonly rings: readonly Ring[];
  readonly bbox: readonly [number, number, number, number];
  /** The edges of every ring by horizontal band of the box, each as x1, y1, x2, y2 (see contains). */
  readonly bands: readonly Float64Array[];
}

/**
 * Bands per area: a point is tested only against the edges whose latitudes span its own, so the city's
 * outline (thousands of edges) costs a report a few dozen comparisons.
 */
const BANDS = 64;
const bandOf = (bbox: readonly [number, number, number, number], y: number): number =>
  Math.min(BANDS - 1, Math.max(0, Math.floor(((y - bbox[1]) / (bbox[3] - bbox[1] || 1)) * BANDS)));

let loaded: { city: Area; wards: readonly Area[]; byCode: Map<string, Area> } | undefined;

function area(code: string, name: string, rings: readonly Ring[]): Area {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring) {
      bbox[0] = Math.min(bbox[0], x);
      bbox[1] = Math.min(bbox[1], y);
      bbox[2] = Math.max(bbox[2], x);
      bbox[3] = Math.max(bbox[3], y);
    }
  }
  const edges: number[][] = Array.from({ length: BANDS }, () => []);
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi === yj) continue; // never crossed by a horizontal ray
      for (let b = bandOf(bbox, Math.min(yi, yj)); b <= bandOf(bbox, Math.max(yi, yj)); b++) {
        edges[b]!.push(xi, yi, xj, yj);
      }
    }
  }
  return { code, name, rings, bbox, bands: edges.map((e) => Float64Array.from(e)) };
}

function areas() {
  if (loaded) return loaded;
  const file = new URL('../../../data/city/areas.json', import.meta.url);
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    city: { code: string; name: string; outline: { coordinates: Ring[] } };
    units: { code: string; name: string; outline: { coordinates: Ring[] } }[];
  };
  const wards = data.units.map((u) => area(u.code, u.name, u.outline.coordinates));
  loaded = {
    city: area(data.city.code, data.city.name, data.city.outline.coordinates),
    wards,
    byCode: new Map(wards.map((w) => [w.code, w])),
  };
  return loaded;
}

/** Even-odd rule over every ring (holes included). */
function contains(a: Area, [x, y]: LonLat): boolean {
  if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) return false;
  // An edge the ray at y crosses has y between its ends, so it is in y's band.
  const e = a.bands[bandOf(a.bbox, y)]!;
  let inside = false;
  for (let k = 0; k < e.length; k += 4) {
    const xi = e[k]!;
    const yi = e[k + 1]!;
    const xj = e[k + 2]!;
    const yj = e[k + 3]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is the point inside the city's outline? */
export function inHanoi(at: LonLat): boolean {
  return Number.isFinite(at[0]) && Number.isFinite(at[1]) && contains(areas().city, at);
}

/** The ward a point lies in. */
export function wardAt(at: LonLat): { code: string; name: string } | undefined {
  const w = areas().wards.find((a) => contains(a, at));
  return w ? { code: w.code, name: w.name } : undefined;
}
