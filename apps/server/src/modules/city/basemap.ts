import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { gzipSync } from 'node:zlib';
import * as geojsonVt from '@maplibre/geojson-vt';
import type { Feature as GeoJsonFeature } from 'geojson';
import * as vtPbf from '@maplibre/vt-pbf';

/**
 * The basemap of the operations-centre map, offline, made from the city facts the product carries
 * (apps/server/data/city: areas.json, places.json, basemap.json.gz). Every feature says which map layer it
 * belongs to in `properties.layer` and from which zoom band on it is drawn:
 *
 * - band `city` (zoom ≤ 11): boundary, wards, motorways to secondary roads, the rivers and lakes ≥ 20 ha;
 * - band `district` (zoom 12): + tertiary roads, water ≥ 1 ha, every waterway, hospitals, police and fire
 *   stations;
 * - band `street` (zoom ≥ 13): + the minor streets and lanes of the core, every pond, the bus routes.
 *
 * It is served as Mapbox vector tiles cut on the server (zoom 0–14; the map overzooms past 14), so a view
 * loads only what it shows, simplified for its zoom, and as one GeoJSON document of the district band for
 * tools that want a file. Built once, on first use; the facts change only with a release.
 */

/** [lon, lat], WGS 84, as in the city facts. */
type LonLat = readonly [number, number];
type Point = { readonly type: 'Point'; readonly coordinates: LonLat };
type LineString = { readonly type: 'LineString'; readonly coordinates: readonly LonLat[] };
type MultiLineString = { readonly type: 'MultiLineString'; readonly coordinates: readonly (readonly LonLat[])[] };
type Polygon = { readonly type: 'Polygon'; readonly coordinates: readonly (readonly LonLat[])[] };

export type BasemapLayer =
  'boundary' | 'ward' | 'ward-label' | 'water' | 'waterway' | 'water-label' | 'road' | 'bus-route' | 'place';
export const BASEMAP_LAYERS: readonly BasemapLayer[] = [
  'boundary',
  'ward',
  'ward-label',
  'water',
  'waterway',
  'water-label',
  'road',
  'bus-route',
  'place',
];

/** Zoom bands: what a city-wide view needs, what a district view adds, what a street view adds (bytes: docs/operations-centre.md). */
export type BasemapBand = 'city' | 'district' | 'street';
export const BASEMAP_BANDS: readonly { readonly band: BasemapBand; readonly fromZoom: number }[] = [
  { band: 'city', fromZoom: 0 },
  { band: 'district', fromZoom: 12 },
  { band: 'street', fromZoom: 13 },
];
/** Tiles are cut up to this zoom; the map draws them larger beyond it. */
export const BASEMAP_MAX_ZOOM = 14;

type Property = string | number | boolean | null;
export interface BasemapFeature {
  readonly type: 'Feature';
  readonly geometry: Point | LineString | MultiLineString | Polygon;
  readonly properties: { readonly layer: BasemapLayer; readonly [key: string]: Property };
}

export interface Compressed {
  /** The bytes as sent without content coding. */
  readonly body: Buffer;
  /** The same bytes, gzipped. */
  readonly gzip: Buffer;
  /** Strong validator of `body`: its SHA-1, quoted. */
  readonly etag: string;
  /** Strong validator of `gzip`: a content coding is another representation (RFC 9110 §8.8.3). */
  readonly gzipEtag: string;
}

export interface CityBasemap extends Compressed {
  readonly counts: Readonly<Record<BasemapLayer, number>>;
}

/** © OpenStreetMap contributors for wards, boundary, roads, water, bus routes and stations. */
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
interface MapFacts {
  roads: { class: string; name?: string; ref?: string; bridge?: boolean; line: LineString }[];
  water: { name?: string; class: string; areaM2: number; labelAt?: LonLat; outline: Polygon }[];
  waterways: { name?: string; class: string; line: LineString }[];
  busRoutes: { name: string; osmId: string; line: LineString | MultiLineString }[];
  stations: { id: string; kind: string; name?: string; location: LonLat }[];
}

/** The part of geojson-vt used here (its published declarations do not resolve under nodenext). */
interface VtTile {
  readonly features: readonly unknown[];
}
interface TileCutter {
  getTile(z: number, x: number, y: number): VtTile | null;
}
const GeoJSONVT = (geojsonVt as unknown as { GeoJSONVT: new (data: unknown, options: object) => TileCutter }).GeoJSONVT;

const encodeTile = (
  vtPbf as unknown as {
    fromGeojsonVt: (layers: Record<string, VtTile>, options: { version: number; extent: number }) => Uint8Array;
  }
).fromGeojsonVt;

const CITY = new URL('../../../data/city/', import.meta.url);
const BAND_RANK: Record<BasemapBand, number> = { city: 0, district: 1, street: 2 };
const ROAD_BAND: Record<string, BasemapBand> = {
  motorway: 'city',
  trunk: 'city',
  primary: 'city',
  secondary: 'city',
  tertiary: 'district',
};
const waterBand = (areaM2: number, cls: string): BasemapBand =>
  cls === 'river' || areaM2 >= 200_000 ? 'city' : areaM2 >= 10_000 ? 'district' : 'street';
const waterLabelBand = (areaM2: number): BasemapBand =>
  areaM2 >= 1_000_000 ? 'city' : areaM2 >= 50_000 ? 'district' : 'street';

/** Every [lon, lat] of a geometry's coordinates, whatever their nesting. */
function positions(coordinates: unknown): LonLat[] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') return [coordinates as unknown as LonLat];
  return (coordinates as unknown[]).flatMap(positions);
}

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

interface Banded {
  readonly band: BasemapBand;
  readonly feature: BasemapFeature;
}

const feature = (
  band: BasemapBand,
  layer: BasemapLayer,
  geometry: BasemapFeature['geometry'],
  properties: Record<string, Property | undefined>,
): Banded => {
  const props: Record<string, Property> = { layer };
  for (const [k, v] of Object.entries(properties)) if (v !== undefined) props[k] = v;
  return { band, feature: { type: 'Feature', geometry, properties: props as BasemapFeature['properties'] } };
};

/** One of the city's map files (apps/server/data/city), gunzipped when it is. */
function readCityFile<T>(name: string, dir: URL): T {
  const bytes = readFileSync(new URL(name, dir));
  return JSON.parse((name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as T;
}

/** The roads of the basemap's facts, each a class and its line (for maps drawn without tiles). */
export function basemapRoads(dir: URL = CITY): { class: string; line: readonly LonLat[] }[] {
  return readCityFile<MapFacts>('basemap.json.gz', dir).roads.map((r) => ({
    class: r.class,
    line: r.line.coordinates,
  }));
}

/** Every feature of the basemap with its band, in drawing order: areas, water, lines, labels and places on top. */
function bandedFeatures(dir: URL): Banded[] {
  const areas = readCityFile<Areas>('areas.json', dir);
  const places = readCityFile<Places>('places.json', dir);
  const facts = readCityFile<MapFacts>('basemap.json.gz', dir);
  const ward = (u: Areas['units'][number]) => ({
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    nameEn: u.nameEn,
    kind: u.kind,
  });
  const { city } = areas;
  return [
    feature('city', 'boundary', city.outline, { code: city.code, name: city.name, nameEn: city.nameEn }),
    ...areas.units.map((u) => feature('city', 'ward', u.outline, ward(u))),
    ...facts.water.map((w) =>
      feature(waterBand(w.areaM2, w.class), 'water', w.outline, { name: w.name ?? null, class: w.class }),
    ),
    ...facts.waterways.map((w) =>
      feature(w.class === 'river' ? 'city' : 'district', 'waterway', w.line, { name: w.name ?? null, class: w.class }),
    ),
    ...facts.roads.map((r) =>
      feature(ROAD_BAND[r.class] ?? 'street', 'road', r.line, {
        name: r.name ?? null,
        ref: r.ref,
        class: r.class,
        bridge: r.bridge,
      }),
    ),
    ...facts.busRoutes.map((r) => feature('street', 'bus-route', r.line, { name: r.name, osmId: r.osmId })),
    ...facts.water.flatMap((w) =>
      w.name && w.labelAt
        ? [
            feature(
              waterLabelBand(w.areaM2),
              'water-label',
              { type: 'Point', coordinates: w.labelAt },
              {
                name: w.name,
                areaM2: w.areaM2,
              },
            ),
          ]
        : [],
    ),
    ...areas.units.map((u) => feature('city', 'ward-label', { type: 'Point', coordinates: u.centroid }, ward(u))),
    ...places.hospitals.map((h) =>
      feature(
        'district',
        'place',
        { type: 'Point', coordinates: h.location },
        {
          id: h.id,
          name: h.name,
          category: 'hospital',
          kind: h.kind,
        },
      ),
    ),
    ...facts.stations.map((s) =>
      feature(
        'district',
        'place',
        { type: 'Point', coordinates: s.location },
        {
          id: s.id,
          name: s.name ?? null,
          category: s.kind,
          kind: s.kind,
        },
      ),
    ),
    // The city's 115 centre; the demo's illustrative stations are not drawn as if they existed.
    ...places.emergencyStations
      .filter((s) => s.real && s.kind === 'ambulance')
      .map((s) =>
        feature(
          'district',
          'place',
          { type: 'Point', coordinates: s.location },
          {
            id: s.id,
            name: s.name,
            category: 'ambulance',
            kind: s.kind,
          },
        ),
      ),
  ];
}

/** The features drawn at the given band (every band includes those of the bands below it). */
export function basemapFeatures(band: BasemapBand = 'district', dir: URL = CITY) {
  const features = bandedFeatures(dir)
    .filter((f) => BAND_RANK[f.band] <= BAND_RANK[band])
    .map((f) => f.feature);
  // Roads and water reach up to 500 m past the boundary (they were cut at it plus 500 m).
  const points = features.flatMap((f) => positions(f.geometry.coordinates));
  return { type: 'FeatureCollection' as const, attribution: BASEMAP_ATTRIBUTION, bbox: bboxOf(points), features };
}

function compressed(body: Buffer): Compressed {
  const sha1 = createHash('sha1').update(body).digest('hex');
  return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${sha1}"`, gzipEtag: `"${sha1}-gzip"` };
}

let built: CityBasemap | undefined;

/** The district band as one GeoJSON document, built and compressed on first use. */
export function cityBasemap(): CityBasemap {
  if (!built) {
    const collection = basemapFeatures('district');
    const counts = Object.fromEntries(BASEMAP_LAYERS.map((l) => [l, 0])) as Record<BasemapLayer, number>;
    for (const f of collection.features) counts[f.properties.layer]++;
    built = { ...compressed(Buffer.from(JSON.stringify(collection), 'utf8')), counts };
  }
  return built;
}

/** The band a tile of zoom z draws. */
export function bandAt(z: number): BasemapBand {
  let band: BasemapBand = 'city';
  for (const b of BASEMAP_BANDS) if (z >= b.fromZoom) band = b.band;
  return band;
}

interface TileIndex {
  readonly layers: Map<BasemapBand, Map<BasemapLayer, TileCutter>>;
  readonly cache: Map<string, Compressed | null>;
}
let tileIndex: TileIndex | undefined;
/** Tiles kept encoded; a day's browsing of the city touches far fewer. */
const TILE_CACHE = 4000;

function indexOf(): TileIndex {
  if (!tileIndex) {
    const all = bandedFeatures(CITY);
    const layers = new Map<BasemapBand, Map<BasemapLayer, TileCutter>>();
    for (const { band } of BASEMAP_BANDS) {
      const byLayer = new Map<BasemapLayer, TileCutter>();
      for (const layer of BASEMAP_LAYERS) {
        const features = all
          .filter((f) => f.feature.properties.layer === layer && BAND_RANK[f.band] <= BAND_RANK[band])
          .map((f) => f.feature as unknown as GeoJsonFeature);
        if (features.length === 0) continue;
        // Tolerance in tile units of 4096: lines lose what a pixel cannot show at that zoom.
        byLayer.set(
          layer,
          new GeoJSONVT(
            { type: 'FeatureCollection', features },
            { maxZoom: BASEMAP_MAX_ZOOM, indexMaxZoom: 5, tolerance: 8, extent: 4096, buffer: 64 },
          ),
        );
      }
      layers.set(band, byLayer);
    }
    tileIndex = { layers, cache: new Map() };
  }
  return tileIndex;
}

/** The vector tile z/x/y (Mapbox Vector Tile 2.1, one layer per basemap layer), or null when it is empty. */
export function basemapTile(z: number, x: number, y: number): Compressed | null {
  const index = indexOf();
  const key = `${z}/${x}/${y}`;
  const cached = index.cache.get(key);
  if (cached !== undefined) return cached;
  const tiles: Record<string, VtTile> = {};
  for (const [layer, vt] of index.layers.get(bandAt(z)) ?? []) {
    const tile = vt.getTile(z, x, y);
    if (tile && tile.features.length > 0) tiles[layer] = tile;
  }
  const result =
    Object.keys(tiles).length === 0 ? null : compressed(Buffer.from(encodeTile(tiles, { version: 2, extent: 4096 })));
  if (index.cache.size >= TILE_CACHE) index.cache.delete(index.cache.keys().next().value as string);
  index.cache.set(key, result);
  return result;
}
