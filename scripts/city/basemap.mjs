// The basemap of the operations-centre map, for the whole city, as drawn by OpenStreetMap: every road
// class from motorways to the lanes of the centre, the rivers and lakes (Red River, West Lake, Hoàn Kiếm,
// the Tô Lịch…), the road-following bus routes, and the police and fire stations. Wards, the boundary and
// hospitals come from areas.json and places.json, not from here. The server cuts this into vector tiles
// per zoom; here the lines are only merged (one line per street between junctions where it branches) and
// lightly simplified, so the closest zoom still follows the street.
import { ODBL_NOTE, credits } from './sources.mjs';
import { byString, insideRing, pt, readJson, simplifyLine, simplifyRing } from './lib.mjs';

/** Metres: below what zoom 16 shows (about 2.4 m a pixel at Hanoi). */
const LINE_TOLERANCE = 2;
const ROUTE_TOLERANCE = 5;
const WATER_TOLERANCE = 2;

// Road classes, the most important first; `*_link` ramps go with their road.
const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service'];

/** A polyline rounded to 5 decimals (about 1 m), without repeated points. */
function line(points, tolerance) {
  const out = [];
  for (const p of simplifyLine(points, tolerance).map(pt)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

/**
 * The road network as streets: edges of one name, ref and class are chained through the junctions where
 * only they meet, so a street is a few long lines (long enough to carry its name) instead of hundreds of
 * pieces. Deterministic: chains start from the lowest edge index.
 */
function deriveRoads(shared) {
  const source = readJson(shared, 'hanoi-roads-network/hanoi_roads.geojson');
  const edges = source.features.map((f, index) => {
    const p = f.properties;
    const cls = String(p.highway).replace(/_link$/, '');
    return {
      index,
      u: p.u,
      v: p.v,
      cls,
      key: [cls, p.name ?? '', p.ref ?? '', p.bridge ? 'b' : '', p.tunnel ? 't' : ''].join('|'),
      props: p,
      points: f.geometry.coordinates,
    };
  });
  const byNode = new Map();
  for (const e of edges)
    for (const n of [e.u, e.v]) {
      const list = byNode.get(n) ?? [];
      list.push(e);
      byNode.set(n, list);
    }
  /** The one other edge of the same street at node n, if only the two of them meet there. */
  const next = (e, n) => {
    const same = (byNode.get(n) ?? []).filter((x) => x.key === e.key);
    return same.length === 2 ? same.find((x) => x !== e && !x.used) : undefined;
  };
  const roads = [];
  for (const start of edges) {
    if (start.used) continue;
    start.used = true;
    let points = start.points.slice();
    // Forward from v, then backward from u.
    for (let [e, n] = [start, start.v]; ;) {
      const x = next(e, n);
      if (!x) break;
      x.used = true;
      const forward = x.u === n;
      points = points.concat((forward ? x.points : x.points.slice().reverse()).slice(1));
      [e, n] = [x, forward ? x.v : x.u];
    }
    for (let [e, n] = [start, start.u]; ;) {
      const x = next(e, n);
      if (!x) break;
      x.used = true;
      const forward = x.v === n;
      points = (forward ? x.points : x.points.slice().reverse()).slice(0, -1).concat(points);
      [e, n] = [x, forward ? x.u : x.v];
    }
    const coordinates = line(points, LINE_TOLERANCE);
    if (coordinates.length < 2) continue;
    const p = start.props;
    roads.push({
      class: start.cls,
      ...(p.name ? { name: p.name } : {}),
      ...(p.ref ? { ref: String(p.ref) } : {}),
      ...(p.bridge ? { bridge: true } : {}),
      ...(p.tunnel ? { tunnel: true } : {}),
      line: { type: 'LineString', coordinates },
    });
  }
  const rank = (c) => ROAD_CLASSES.indexOf(c);
  // Drawn in this order, so a primary road lies over the street that crosses it; the sort is stable.
  return roads.sort((a, b) => rank(b.class) - rank(a.class));
}

/** A point inside a ring to hang its label on: the middle of the widest crossing at the ring's middle latitude. */
function labelPoint(ring) {
  const lats = ring.map((p) => p[1]);
  const lons = ring.map((p) => p[0]);
  let best = null;
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    const y = Math.min(...lats) + (Math.max(...lats) - Math.min(...lats)) * f;
    const xs = [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = xs[k + 1] - xs[k];
      if (!best || width > best.width) best = { width, at: [(xs[k] + xs[k + 1]) / 2, y] };
    }
    if (best && best.width > (Math.max(...lons) - Math.min(...lons)) / 3) break;
  }
  return best && insideRing(best.at, ring) ? pt(best.at) : pt(ring[0]);
}

function deriveWater(shared) {
  const polygons = readJson(shared, 'hanoi-water/hanoi_water_polygons.geojson');
  const water = [];
  for (const f of polygons.features) {
    const rings = f.geometry.coordinates.map((r) => simplifyRing(r, WATER_TOLERANCE));
    const p = f.properties;
    water.push({
      ...(p.name ? { name: p.name } : {}),
      class: p.class,
      areaM2: Math.round(p.area_m2),
      // Lakes carry a label point; a river's name runs along its centreline instead (the Red River's
      // polygon spans the whole city: its middle says nothing).
      ...(p.name && p.name_source === 'water_name_label' ? { labelAt: labelPoint(rings[0]) } : {}),
      outline: { type: 'Polygon', coordinates: rings },
    });
  }
  const ways = readJson(shared, 'hanoi-water/hanoi_waterways.geojson');
  const waterways = ways.features.map((f) => ({
    ...(f.properties.name ? { name: f.properties.name } : {}),
    class: f.properties.class,
    line: { type: 'LineString', coordinates: line(f.geometry.coordinates, LINE_TOLERANCE) },
  }));
  // Biggest first, so a label of a small pond never hides the lake's.
  water.sort((a, b) => b.areaM2 - a.areaM2 || byString(a.name ?? '', b.name ?? ''));
  return { water, waterways };
}

function deriveBusRoutes(shared) {
  const routes = readJson(shared, 'hanoi-bus-routes-osm/hanoi_bus_routes_osm.geojson');
  return routes.features
    .map((f) => {
      const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      const lines = parts.map((p) => line(p, ROUTE_TOLERANCE)).filter((l) => l.length >= 2);
      return {
        name: f.properties.name,
        osmId: `relation/${f.properties.osm_relation_id}`,
        line:
          lines.length === 1
            ? { type: 'LineString', coordinates: lines[0] }
            : { type: 'MultiLineString', coordinates: lines },
      };
    })
    .sort((a, b) => byString(a.osmId, b.osmId));
}

/** Police and fire stations that exist (OpenStreetMap); names damaged upstream are left out, except the two fire stations' reconstructions. */
function deriveStations(shared, inCity) {
  const pois = readJson(shared, 'hanoi-emergency-pois/hanoi_emergency_pois.geojson');
  const stations = [];
  for (const f of pois.features) {
    const p = f.properties;
    const kind = p.category === 'fire_station' || p.fire_related ? 'fire' : p.category === 'police' ? 'police' : null;
    if (!kind) continue;
    const location = pt(f.geometry.coordinates);
    if (!inCity(location)) continue;
    stations.push({
      kind,
      // The two fire stations whose names were damaged upstream carry a reconstruction, said as such.
      ...(p.name ? { name: p.name } : p.name_guess ? { name: p.name_guess, nameReconstructed: true } : {}),
      ...(p.osm_id ? { osmId: `${p.osm_type ?? 'node'}/${p.osm_id}` } : {}),
      location,
    });
  }
  stations.sort((a, b) => byString(a.kind, b.kind) || a.location[0] - b.location[0] || a.location[1] - b.location[1]);
  const seen = {};
  return stations.map((s) => ({
    id: `${s.kind}-${String((seen[s.kind] = (seen[s.kind] ?? 0) + 1)).padStart(3, '0')}`,
    ...s,
  }));
}

export function deriveBasemap(shared, { inCity }) {
  const roads = deriveRoads(shared);
  const { water, waterways } = deriveWater(shared);
  const busRoutes = deriveBusRoutes(shared);
  const stations = deriveStations(shared, inCity);
  const count = (list, key) =>
    Object.fromEntries(
      [...new Set(list.map((x) => x[key]))].sort().map((k) => [k, list.filter((x) => x[key] === k).length]),
    );
  const file = {
    about:
      'Basemap of the operations-centre map for the whole of Hà Nội, as drawn by OpenStreetMap: roads ' +
      '(Aug 2021; motorway to tertiary everywhere, minor streets in the urban core, service lanes in the ' +
      'centre; `*_link` ramps with their road), chained into streets and simplified (Douglas–Peucker, ' +
      `${LINE_TOLERANCE} m); water (Aug 2021: lakes and the dissolved Red River polygon, with a label point ` +
      'for each named lake) and the river, canal and stream centrelines; the road-following bus routes (2025, ' +
      `simplified ${ROUTE_TOLERANCE} m); police and fire stations (2021/2025; names damaged upstream are left ` +
      'out). Wards, the boundary and hospitals are in areas.json and places.json.',
    ...credits('osmRoadNetwork', 'osmWater', 'osmBusRoutes', 'osmEmergency'),
    licence: ODBL_NOTE,
    illustrative: false,
    simplification: {
      lineToleranceMetres: LINE_TOLERANCE,
      routeToleranceMetres: ROUTE_TOLERANCE,
      waterToleranceMetres: WATER_TOLERANCE,
    },
    summary: {
      roads: roads.length,
      roadsByClass: count(roads, 'class'),
      roadVertices: roads.reduce((s, r) => s + r.line.coordinates.length, 0),
      water: water.length,
      waterNamed: water.filter((w) => w.name).length,
      waterways: waterways.length,
      busRoutes: busRoutes.length,
      stationsByKind: count(stations, 'kind'),
    },
    roads,
    water,
    waterways,
    busRoutes,
    stations,
  };
  return { file, skipped: [] };
}
