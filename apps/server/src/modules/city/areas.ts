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
}

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
  return { code, name, rings, bbox };
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

/** Is the point inside the city's outline? */
export function inHanoi(at: LonLat): boolean {
  return Number.isFinite(at[0]) && Number.isFinite(at[1]) && contains(areas().city, at);
}

/** The ward a point lies in. */
export function wardAt(at: LonLat): { code: string; name: string } | undefined {
  const w = areas().wards.find((a) => contains(a, at));
  return w ? { code: w.code, name: w.name } : undefined;
}
