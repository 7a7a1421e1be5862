// The basemap of the operations-centre map: main roads of central Hanoi and the water around Văn Miếu, as
// drawn by OpenStreetMap. Wards, the boundary and places come from the other files, not from here.
import { ODBL_NOTE, credits } from './sources.mjs';
import { byString, osmTags, pt, readText, simplifyLine, simplifyRing } from './lib.mjs';

const ROAD_TOLERANCE = 10; // metres: below what a city-wide map can show
const WATER_TOLERANCE = 2; // metres: the ponds are small, a coarser outline would square them off

// Drawn in this order, so a primary road lies over the tertiary street that crosses it.
const ROAD_CLASSES = ['tertiary', 'secondary', 'primary'];

const isWater = (tags) => tags.natural === 'water' || tags.water !== undefined || tags.landuse === 'reservoir';

/** A simplified polyline rounded to 5 decimals, without repeated points. */
function roadLine(points) {
  const out = [];
  for (const p of simplifyLine(points, ROAD_TOLERANCE).map(pt)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

function deriveRoads(roads) {
  const out = [];
  for (const w of roads.ways) {
    const rank = ROAD_CLASSES.indexOf(w.tags.highway); // *_link ramps are left out: noise at this scale
    if (rank < 0) continue;
    const line = roadLine(w.points);
    if (line.length < 2) continue;
    out.push({
      rank,
      road: {
        name: w.tags.name,
        class: w.tags.highway,
        osmId: `way/${w.id}`,
        line: { type: 'LineString', coordinates: line },
      },
    });
  }
  // roads.ways is in OSM id order; the sort is stable.
  return out.sort((a, b) => a.rank - b.rank).map((r) => r.road);
}

/** Closed ways and simple multipolygons (every member a closed way in the extract) tagged as water. */
function deriveWater(shared, path) {
  const xml = readText(shared, path);

  const coords = new Map();
  for (const m of xml.matchAll(/<node id="(\d+)"[^>]*?lat="([-\d.]+)" lon="([-\d.]+)"/g))
    coords.set(m[1], [Number(m[3]), Number(m[2])]);
  const ways = new Map();
  for (const m of xml.matchAll(/<way id="(\d+)"[^>]*>([\s\S]*?)<\/way>/g)) {
    const refs = [...m[2].matchAll(/<nd ref="(\d+)"\/>/g)].map((r) => r[1]);
    ways.set(m[1], { id: m[1], refs, tags: osmTags(m[2]) });
  }
  /** The way as a closed ring, or null when it is open or reaches outside the extract. */
  const ringOf = (way) => {
    if (!way || way.refs.length < 4 || way.refs[0] !== way.refs[way.refs.length - 1]) return null;
    const ring = way.refs.map((r) => coords.get(r));
    return ring.every(Boolean) ? simplifyRing(ring, WATER_TOLERANCE) : null;
  };

  const water = [];
  const skipped = [];
  for (const way of ways.values()) {
    if (!isWater(way.tags)) continue;
    const ring = ringOf(way);
    if (ring)
      water.push({ name: way.tags.name, osmId: `way/${way.id}`, outline: { type: 'Polygon', coordinates: [ring] } });
    else skipped.push(`way/${way.id}`);
  }
  for (const m of xml.matchAll(/<relation id="(\d+)"[^>]*>([\s\S]*?)<\/relation>/g)) {
    const tags = osmTags(m[2]);
    if (tags.type !== 'multipolygon' || !isWater(tags)) continue;
    const members = [...m[2].matchAll(/<member type="way" ref="(\d+)" role="([^"]*)"\/>/g)].map((x) => ({
      ring: ringOf(ways.get(x[1])),
      role: x[2],
    }));
    const outers = members.filter((x) => x.role === 'outer');
    // Rings stitched from several ways, or lakes cut by the extract's edge, are beyond this small parser.
    if (outers.length !== 1 || members.some((x) => !x.ring)) {
      skipped.push(`relation/${m[1]}`);
      continue;
    }
    const inners = members.filter((x) => x.role === 'inner').map((x) => x.ring);
    water.push({
      name: tags.name,
      osmId: `relation/${m[1]}`,
      outline: { type: 'Polygon', coordinates: [outers[0].ring, ...inners] },
    });
  }
  return { water: water.sort((a, b) => byString(a.osmId, b.osmId)), skipped };
}

export function deriveBasemap(shared, roads) {
  const main = deriveRoads(roads);
  const { water, skipped } = deriveWater(shared, 'hanoi-osm-roads-central/van_mieu_area.osm');
  const byClass = Object.fromEntries(
    [...ROAD_CLASSES].reverse().map((c) => [c, main.filter((r) => r.class === c).length]),
  );
  const file = {
    about:
      'Basemap of the operations-centre map, as drawn by OpenStreetMap (Dec 2023): the main roads (primary, ' +
      'secondary, tertiary; no ramps) of central Hanoi (about lon 105.812–105.866, lat 21.008–21.042), one ' +
      'line per OSM way, and the water (ponds and lakes) around Văn Miếu only. The Red River, West Lake and ' +
      'the other big lakes are not in the datasets this is derived from. Lines are simplified (Douglas–Peucker).',
    ...credits('osmRoads'),
    licence: ODBL_NOTE,
    illustrative: false,
    simplification: { roadToleranceMetres: ROAD_TOLERANCE, waterToleranceMetres: WATER_TOLERANCE },
    summary: {
      roads: main.length,
      roadsByClass: byClass,
      roadVertices: main.reduce((s, r) => s + r.line.coordinates.length, 0),
      water: water.length,
      waterNamed: water.filter((w) => w.name).length,
      waterVertices: water.reduce((s, w) => s + w.outline.coordinates.flat().length, 0),
      waterSkipped: skipped.length,
    },
    roads: main,
    water,
  };
  return { file, skipped };
}
