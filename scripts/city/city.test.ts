// Checks the Hanoi facts the product carries (apps/server/data/city), and that the derivation still
// gives exactly these files from ../shared/data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedInput } from '../../apps/server/test/support/shared-input.js';

type LonLat = [number, number];
type Polygon = { type: 'Polygon'; coordinates: LonLat[][] };
type Credited = { credit: string; sources: { name: string; licence: string }[]; summary?: object };

interface Areas extends Credited {
  city: { code: string; outline: Polygon };
  units: { code: string; name: string; kind: string; centroid: LonLat; outline: Polygon }[];
}
interface Places extends Credited {
  hospitals: { id: string; name: string; kind: string; location: LonLat; osmId: string }[];
  emergencyStations: { id: string; kind: string; name: string; location: LonLat; real: boolean; note: string }[];
}
interface Timetable {
  stops: string[];
  offsets: number[];
  starts: number[];
}
interface Transit extends Credited {
  stops: { id: string; name: string; area: string; location: LonLat }[];
  routes: {
    id: string;
    shortName: string;
    directions: { id: string; stops: string[]; timetables?: Timetable[] }[];
  }[];
}
interface Site {
  id: string;
  name: string;
  location: LonLat;
  real: boolean;
}
interface Sensors extends Credited {
  airQuality: Site[];
  noise: (Site & { streets: string[] })[];
  waterLevel: (Site & { river: string; warning: number; danger: number })[];
  parking: (Site & { capacity: number; street: string })[];
  cameras: (Site & { streets: string[] })[];
}
interface Profile extends Credited {
  monthHour: Record<'mean' | 'median' | 'p10' | 'p90' | 'count', number[][]>;
  daily: { lag1Autocorrelation: number; logRatioSd: number };
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, 'apps/server/data/city');
const FILES = [
  'areas.json',
  'places.json',
  'transit.json',
  'sensors.json',
  'air-quality-profile.json',
  'basemap.json.gz',
  'roads.json.gz',
];
/** A committed file's text; the large ones are kept compressed. */
const text = (path: string) =>
  (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('utf8');
const read = <T>(name: string) => JSON.parse(text(join(dir, name))) as T;

const areas = read<Areas>('areas.json');
const places = read<Places>('places.json');
const transit = read<Transit>('transit.json');
const sensors = read<Sensors>('sensors.json');
const profile = read<Profile>('air-quality-profile.json');

function insideRing([x, y]: LonLat, ring: LonLat[]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inCity = (p: LonLat) => insideRing(p, areas.city.outline.coordinates[0]!);

// Hanoi spans about 105.29–106.02 E, 20.56–21.39 N.
const inHanoiBox = ([lon, lat]: LonLat) => lon > 105.25 && lon < 106.05 && lat > 20.5 && lat < 21.42;

describe('city facts: areas', () => {
  it('has the 126 units of the 2025 reform, with unique 5-digit codes and names', () => {
    assert.equal(areas.units.length, 126);
    assert.equal(new Set(areas.units.map((u) => u.code)).size, 126);
    for (const u of areas.units) {
      assert.match(u.code, /^\d{5}$/);
      assert.match(u.name, /^(Phường|Xã) \S/);
      assert.ok(['phường', 'xã'].includes(u.kind), u.code);
    }
    assert.equal(areas.units.filter((u) => u.kind === 'phường').length, 51);
    assert.equal(areas.units.filter((u) => u.kind === 'xã').length, 75);
    assert.equal(areas.units.find((u) => u.code === '00070')?.name, 'Phường Hoàn Kiếm');
  });

  it('puts every unit label point inside the city boundary and inside its own outline', () => {
    for (const u of areas.units) {
      assert.ok(inCity(u.centroid), `${u.code} ${u.name}`);
      assert.ok(insideRing(u.centroid, u.outline.coordinates[0]!), `${u.code} ${u.name}`);
    }
  });

  it('keeps outlines closed polygons', () => {
    for (const poly of [areas.city.outline, ...areas.units.map((u) => u.outline)]) {
      const ring = poly.coordinates[0]!;
      assert.ok(ring.length >= 4, 'ring.length >= 4');
      assert.deepEqual(ring[0], ring[ring.length - 1]);
    }
  });
});

describe('city facts: transit', () => {
  const stopIds = new Set(transit.stops.map((s) => s.id));

  it('has every bus stop inside the city boundary, with a name', () => {
    assert.ok(transit.stops.length > 1000, 'transit.stops.length > 1000');
    for (const s of transit.stops) {
      assert.ok(inCity(s.location), `${s.id} at ${s.location.join(',')}`);
      assert.ok(s.name.trim().length > 0, s.id);
    }
  });

  it('gives every route a real route number and every direction at least 2 known stops', () => {
    assert.ok(transit.routes.length >= 100, 'transit.routes.length >= 100');
    for (const r of transit.routes) {
      assert.match(r.shortName, /^(BRT)?\d{2,3}[A-E]?$/);
      assert.ok(r.directions.length >= 1, 'r.directions.length >= 1');
      for (const d of r.directions) {
        assert.ok(d.stops.length >= 2, d.id);
        for (const id of d.stops) assert.ok(stopIds.has(id), `${d.id}: ${id}`);
      }
    }
  });

  it('runs every trip forward in time, along its direction', () => {
    let trips = 0;
    for (const d of transit.routes.flatMap((r) => r.directions)) {
      for (const t of d.timetables ?? []) {
        assert.equal(t.offsets.length, t.stops.length, d.id);
        assert.equal(t.offsets[0], 0, d.id);
        for (let k = 1; k < t.offsets.length; k++) assert.ok(t.offsets[k]! > t.offsets[k - 1]!, `${d.id} stop ${k}`);
        for (const start of t.starts) {
          assert.ok(Number.isInteger(start) && start >= 0 && start < 30 * 3600, `${d.id} ${start}`);
          trips++;
        }
        // The timetabled stops appear in the direction's stop list, in the same order.
        let at = -1;
        for (const id of t.stops) {
          const next = d.stops.indexOf(id, at + 1);
          assert.ok(next > at, `${d.id}: ${id} out of order`);
          at = next;
        }
      }
    }
    assert.ok(trips > 1000, `${trips} trips`);
  });
});

describe('city facts: places and sensors', () => {
  it('has hospitals from OSM and emergency stations of each kind, each marked real or illustrative', () => {
    assert.ok(
      places.hospitals.filter((h) => h.kind === 'hospital').length >= 50,
      "places.hospitals.filter((h) => h.kind === 'hospital').length >= 50",
    );
    for (const h of places.hospitals) assert.match(h.osmId, /^(node|way|relation)\/\d+$/);
    for (const kind of ['fire', 'police', 'ambulance']) {
      assert.ok(places.emergencyStations.filter((s) => s.kind === kind).length >= 10, kind);
    }
    for (const s of places.emergencyStations) {
      assert.equal(typeof s.real, 'boolean', s.id);
      assert.ok(s.note.length > 0, s.id);
    }
  });

  it('has at least 30 air-quality stations, 50 parking lots with capacities, 30 cameras, gauges on three rivers', () => {
    assert.ok(sensors.airQuality.length >= 30, 'sensors.airQuality.length >= 30');
    assert.ok(sensors.noise.length >= 15, 'sensors.noise.length >= 15');
    assert.ok(sensors.cameras.length >= 30, 'sensors.cameras.length >= 30');
    for (const c of sensors.cameras) assert.equal(c.streets.length, 2, c.id);
    assert.ok(sensors.parking.length >= 50, 'sensors.parking.length >= 50');
    for (const p of sensors.parking)
      assert.ok(Number.isInteger(p.capacity) && p.capacity >= 20 && p.capacity <= 300, p.id);
    for (const river of ['hong', 'to-lich', 'nhue']) {
      const gauges = sensors.waterLevel.filter((g) => g.river === river);
      assert.ok(gauges.length >= 2, river);
      for (const g of gauges) assert.ok(g.danger > g.warning, g.id);
    }
  });

  it('keeps every site inside the city and every identifier unique', () => {
    const sites = [
      ...places.hospitals,
      ...places.emergencyStations,
      ...sensors.airQuality,
      ...sensors.noise,
      ...sensors.waterLevel,
      ...sensors.parking,
      ...sensors.cameras,
    ];
    for (const s of sites) assert.ok(inCity(s.location), `${s.id} ${s.name}`);
    assert.equal(new Set(sites.map((s) => s.id)).size, sites.length);
  });
});

describe('city facts: everything', () => {
  it('has all coordinates within Hanoi’s bounding box', () => {
    const points: LonLat[] = [
      ...areas.city.outline.coordinates.flat(),
      ...areas.units.flatMap((u) => [u.centroid, ...u.outline.coordinates.flat()]),
      ...transit.stops.map((s) => s.location),
      ...places.hospitals.map((s) => s.location),
      ...places.emergencyStations.map((s) => s.location),
      ...[sensors.airQuality, sensors.noise, sensors.waterLevel, sensors.parking, sensors.cameras]
        .flat()
        .map((s) => s.location),
    ];
    for (const p of points) assert.ok(inHanoiBox(p), p.join(','));
  });

  it('credits its sources in every file', () => {
    for (const file of [areas, places, transit, sensors, profile]) {
      assert.ok(file.credit.length > 0, 'file.credit.length > 0');
      assert.ok(
        file.sources.length > 0 && file.sources.every((s) => s.name && s.licence),
        'file.sources.length > 0 && file.sources.every((s) => s.name && s.licence)',
      );
    }
    assert.match(areas.credit, /OpenStreetMap/);
    assert.match(transit.credit, /World Bank/);
    const map = JSON.parse(text(join(dir, 'basemap.json.gz'))) as Credited & { licence: string };
    assert.match(map.credit, /OpenStreetMap/);
    assert.match(map.licence, /ODbL/);
    const roads = JSON.parse(text(join(dir, 'roads.json.gz'))) as Credited & { licence: string };
    assert.match(roads.credit, /OpenStreetMap/);
    assert.match(roads.licence, /ODbL/);
  });
});

describe('city facts: air-quality profile', () => {
  it('has 12 × 24 cells of each statistic', () => {
    for (const grid of Object.values(profile.monthHour)) {
      assert.equal(grid.length, 12);
      for (const row of grid) assert.equal(row.length, 24);
    }
    assert.ok(
      profile.monthHour.count.flat().every((n) => n > 50),
      'profile.monthHour.count.flat().every((n) => n > 50)',
    );
  });

  it('shows winter nights worse than summer afternoons', () => {
    const average = (months: number[], hours: number[]) => {
      const cells = months.flatMap((m) => hours.map((h) => profile.monthHour.mean[m]![h]!));
      return cells.reduce((s, x) => s + x, 0) / cells.length;
    };
    const winterNights = average([11, 0], [20, 21, 22, 23]);
    const summerAfternoons = average([5, 6], [13, 14, 15, 16]);
    assert.ok(winterNights > 2 * summerAfternoons, `${winterNights} vs ${summerAfternoons}`);
    assert.ok(
      profile.daily.lag1Autocorrelation > 0 && profile.daily.lag1Autocorrelation < 1,
      'profile.daily.lag1Autocorrelation > 0 && profile.daily.lag1Autocorrelation < 1',
    );
  });
});

interface Basemap extends Credited {
  roads: { class: string; name?: string; line: { coordinates: LonLat[] } }[];
  water: { name?: string; class: string; areaM2: number; labelAt?: LonLat; outline: Polygon }[];
  waterways: { name?: string; class: string; line: { coordinates: LonLat[] } }[];
  busRoutes: { name: string; osmId: string }[];
  stations: { id: string; kind: string; name?: string; location: LonLat }[];
}
const basemap = read<Basemap>('basemap.json.gz');

describe('city facts: basemap', () => {
  it('has the Red River, West Lake and Hoàn Kiếm Lake, and the rivers as centrelines', () => {
    const named = (name: string) => basemap.water.find((w) => w.name === name);
    assert.ok((named('Sông Hồng')?.areaM2 ?? 0) > 100_000_000, 'the Red River, > 100 km²');
    assert.ok((named('Hồ Tây')?.areaM2 ?? 0) > 5_000_000, 'West Lake, > 5 km²');
    assert.ok(named('Hồ Hoàn Kiếm'), 'Hoàn Kiếm Lake');
    const westLake = named('Hồ Tây');
    assert.ok(westLake?.labelAt && insideRing(westLake.labelAt, westLake.outline.coordinates[0]!), 'label in the lake');
    for (const river of ['Sông Hồng', 'Sông Tô Lịch', 'Sông Nhuệ', 'Sông Đuống'])
      assert.ok(
        basemap.waterways.some((w) => w.name === river),
        river,
      );
  });

  it('has roads across the whole city: Long Biên, Hà Đông, Sóc Sơn, with the streets of the core', () => {
    const near = ([lon, lat]: LonLat, km: number, classes: string[]) =>
      basemap.roads.filter(
        (r) =>
          classes.includes(r.class) &&
          r.line.coordinates.some(([x, y]) => Math.abs(x - lon) * 104 < km && Math.abs(y - lat) * 111 < km),
      );
    const main = ['motorway', 'trunk', 'primary', 'secondary'];
    assert.ok(near([105.895, 21.045], 2, main).length >= 10, 'Long Biên');
    assert.ok(near([105.895, 21.045], 2, ['minor']).length >= 50, 'the streets of Long Biên');
    assert.ok(near([105.775, 20.97], 2, main).length >= 10, 'Hà Đông');
    assert.ok(near([105.85, 21.25], 5, main).length >= 5, 'Sóc Sơn');
    assert.ok(
      basemap.roads.some((r) => r.name === 'Đường Nguyễn Văn Cừ'),
      "basemap.roads.some((r) => r.name === 'Đường Nguyễn Văn Cừ')",
    );
    for (const r of basemap.roads) assert.ok(r.line.coordinates.length >= 2, 'r.line.coordinates.length >= 2');
  });

  it('has the bus routes, and police and fire stations inside the city with unique ids', () => {
    assert.ok(basemap.busRoutes.length >= 100, 'basemap.busRoutes.length >= 100');
    const kinds = new Set(basemap.stations.map((s) => s.kind));
    assert.deepEqual([...kinds].sort(), ['fire', 'police']);
    for (const s of basemap.stations) assert.ok(inCity(s.location), s.id);
    assert.equal(new Set(basemap.stations.map((s) => s.id)).size, basemap.stations.length);
  });
});

const shared = resolve(root, process.env.SHARED_DATA ?? '../shared/data');
// Missing, the datasets skip this on a developer's machine; under CI they are required.
const datasets = sharedInput(shared, 'the datasets to derive from');
describe('city facts: derivation', () => {
  it('reproduces the committed files byte for byte', datasets.options, () => {
    datasets.require();
    const out = mkdtempSync(join(tmpdir(), 'thanglong-city-'));
    try {
      const run = spawnSync(process.execPath, [join(root, 'scripts/city/derive.mjs')], {
        env: { ...process.env, SHARED_DATA: shared, CITY_OUT: out },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      for (const name of FILES) {
        assert.ok(
          // Compressed files are compared by their text: the bytes may differ with the zlib build.
          text(join(out, name)) === text(join(dir, name)),
          `${name} differs: run npm run city:derive`,
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
