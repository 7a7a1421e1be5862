import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/**
 * The basemap of the operations-centre map, offline: one GeoJSON FeatureCollection made from the city
 * facts the product carries (apps/server/data/city: areas.json, places.json, basemap.json). Every
 * feature says which map layer it belongs to in `properties.layer`. Built once, on first use; the facts
 * only change with a release, so the bytes, their gzip and their ETag do not either.
 */

/** [lon, lat], WGS 84, as in the city facts. */
type LonLat = readonly [number, number];
type Point = { readonly type: 'Point'; readonly coordinates: LonLat };
type LineString = { readonly type: 'LineString'; readonly coordinates: readonly LonLat[] };
type Polygon = { readonly type: 'Polygon'; readonly coordinates: readonly (readonly LonLat[])[] };

export type BasemapLayer = 'boundary' | 'ward' | 'ward-label' | 'road' | 'water' | 'place';
export const BASEMAP_LAYERS: readonly BasemapLayer[] = ['boundary', 'ward', 'ward-label', 'road', 'water', 'place'];

export interface BasemapFeature {
  readonly type: 'Feature';
  readonly geometry: Point | LineString | Polygon;
  readonly properties: { readonly layer: BasemapLayer; readonly [key: string]: string | boolean | null };
}

export interface CityBasemap {
  /** The FeatureCollection as UTF-8 JSON. */
  readonly body: Buffer;
  /** The same bytes, gzipped. */
  readonly gzip: Buffer;
  /** Strong validator of `body`: its SHA-1, quoted. */
  readonly etag: string;
  /** Strong validator of `gzip`: a content coding is another representation (RFC 9110 §8.8.3). */
  readonly gzipEtag: string;
  readonly counts: Readonly<Record<BasemapLayer, number>>;
}

/** © OpenStreetMap contributors for wards, boundary, roads, water and hospitals. */
export const BASEMAP_ATTRIBUTION = '© OpenStreetMap contributors (ODbL)';

interface Areas {
  city: { code: string; name: string; nameEn: string; outline: Polygon };
  units: {
    code: string;
    name: string;
    shortName: string;
    nameEn: string;
    kind: string;
    centroid: LonLat;
    outline: Polygon;
  }[];
}
interface Places {
  hospitals: { id: string; name: string; kind: string; location: LonLat }[];
  emergencyStations: { id: string; name: string; kind: string; location: LonLat; real: boolean }[];
}
interface RoadsAndWater {
  roads: { name?: string; class: string; line: LineString }[];
  water: { name?: string; outline: Polygon }[];
}

const CITY = new URL('../../../data/city/', import.meta.url);

function bboxOf(points: readonly LonLat[]): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    box[0] = Math.min(box[0], lon);
    box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon);
    box[3] = Math.max(box[3], lat);
  }
  return box;
}

const feature = (
  layer: BasemapLayer,
  geometry: BasemapFeature['geometry'],
  properties: Record<string, string | boolean | null>,
): BasemapFeature => ({ type: 'Feature', geometry, properties: { layer, ...properties } });

/** The FeatureCollection, in drawing order: areas first, lines over them, labels and places on top. */
export function basemapFeatures(dir: URL = CITY) {
  const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
  const areas = read<Areas>('areas.json');
  const places = read<Places>('places.json');
  const map = read<RoadsAndWater>('basemap.json');

  const ward = (u: Areas['units'][number]) => ({
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    nameEn: u.nameEn,
    kind: u.kind,
  });
  const { city } = areas;
  const features: BasemapFeature[] = [
    feature('boundary', city.outline, { code: city.code, name: city.name, nameEn: city.nameEn }),
    ...areas.units.map((u) => feature('ward', u.outline, ward(u))),
    ...map.water.map((w) => feature('water', w.outline, { name: w.name ?? null })),
    ...map.roads.map((r) => feature('road', r.line, { name: r.name ?? null, class: r.class })),
    ...areas.units.map((u) => feature('ward-label', { type: 'Point', coordinates: u.centroid }, ward(u))),
    ...places.hospitals.map((h) =>
      feature(
        'place',
        { type: 'Point', coordinates: h.location },
        {
          id: h.id,
          name: h.name,
          category: 'health',
          kind: h.kind,
          real: true,
        },
      ),
    ),
    // Most stations are illustrative (see places.json): `real` lets the map say so.
    ...places.emergencyStations.map((s) =>
      feature(
        'place',
        { type: 'Point', coordinates: s.location },
        {
          id: s.id,
          name: s.name,
          category: 'emergency',
          kind: s.kind,
          real: s.real,
        },
      ),
    ),
  ];
  return {
    type: 'FeatureCollection' as const,
    attribution: BASEMAP_ATTRIBUTION,
    bbox: bboxOf(city.outline.coordinates.flat()),
    features,
  };
}

let built: CityBasemap | undefined;

/** The basemap, built and compressed on first use. */
export function cityBasemap(): CityBasemap {
  if (!built) {
    const collection = basemapFeatures();
    const body = Buffer.from(JSON.stringify(collection), 'utf8');
    const sha1 = createHash('sha1').update(body).digest('hex');
    const counts = Object.fromEntries(BASEMAP_LAYERS.map((l) => [l, 0])) as Record<BasemapLayer, number>;
    for (const f of collection.features) counts[f.properties.layer]++;
    built = { body, gzip: gzipSync(body, { level: 9 }), etag: `"${sha1}"`, gzipEtag: `"${sha1}-gzip"`, counts };
  }
  return built;
}
