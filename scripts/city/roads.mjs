// The drivable road network of central Hanoi (OSM, Dec 2023): streets, their junctions, and a way to put
// an illustrative facility on a real road.
import { byString, lineLength, metres, osmTags, readJson, readText } from './lib.mjs';

const RANK = { primary: 3, secondary: 2, tertiary: 1 };

export function loadRoads(shared) {
  const overpass = readJson(shared, 'hanoi-osm-roads-central/central_hanoi_drive_overpass.json');
  const nodes = new Map();
  const ways = [];
  for (const e of overpass.elements) {
    if (e.type === 'node') nodes.set(e.id, { id: e.id, at: [e.lon, e.lat], tags: e.tags ?? {} });
    else if (e.type === 'way') ways.push(e);
  }
  for (const w of ways) {
    w.points = w.nodes.map((id) => nodes.get(id).at);
    w.length = lineLength(w.points);
  }
  ways.sort((a, b) => a.id - b.id);
  const signals = [...nodes.values()].filter((n) => n.tags.highway === 'traffic_signals');

  const lons = [...nodes.values()].map((n) => n.at[0]);
  const lats = [...nodes.values()].map((n) => n.at[1]);
  const bbox = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  const covers = ([lon, lat]) => lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];

  /** The nearest node of a road of the given classes within `within` metres, or null. */
  function nearestRoadPoint(p, classes, within) {
    if (!covers(p)) return null;
    let best = null;
    let bestD = within;
    for (const w of ways) {
      if (!classes.includes(w.tags.highway)) continue;
      for (const q of w.points) {
        const d = metres(p, q);
        if (d < bestD) [best, bestD] = [q, d];
      }
    }
    return best;
  }

  /** Streets by name: total length, main class, and their ways. */
  const streets = new Map();
  for (const w of ways) {
    const name = w.tags.name;
    if (!name) continue;
    const s = streets.get(name) ?? { name, length: 0, ways: [], classes: new Set() };
    s.length += w.length;
    s.ways.push(w);
    s.classes.add(w.tags.highway);
    streets.set(name, s);
  }

  return { nodes, ways, signals, streets, covers, nearestRoadPoint };
}

/**
 * Junctions of major roads: OSM nodes shared by primary/secondary/tertiary ways of two different names,
 * merged per pair of names within 120 m (dual carriageways meet at several nodes). Best first.
 */
export function majorJunctions(roads) {
  const atNode = new Map();
  for (const w of roads.ways) {
    const rank = RANK[w.tags.highway];
    const name = w.tags.name;
    if (!rank || !name) continue;
    for (const id of w.nodes) {
      const list = atNode.get(id) ?? [];
      const same = list.find((s) => s.name === name);
      if (same) same.rank = Math.max(same.rank, rank);
      else list.push({ name, rank });
      atNode.set(id, list);
    }
  }
  const groups = new Map();
  for (const [id, list] of [...atNode].sort((a, b) => a[0] - b[0])) {
    // One street under two names ("Phùng Hưng" and "Phùng Hưng To", a bridge and its roundabout) is no junction.
    const distinct = list.filter((s) => !list.some((t) => t !== s && s.name.includes(t.name)));
    if (distinct.length < 2) continue;
    const [a, b] = [...distinct].sort((x, y) => y.rank - x.rank || byString(x.name, y.name));
    const streets = [a.name, b.name].sort(byString);
    const key = streets.join(' | ');
    const clusters = groups.get(key) ?? [];
    const at = roads.nodes.get(id).at;
    const near = clusters.find((c) => c.points.some((q) => metres(q, at) < 120));
    if (near) {
      near.points.push(at);
      near.nodeIds.push(id);
    } else clusters.push({ streets, score: a.rank + b.rank, points: [at], nodeIds: [id] });
    groups.set(key, clusters);
  }
  const junctions = [...groups.values()].flat().map((c) => {
    const at = [
      c.points.reduce((s, p) => s + p[0], 0) / c.points.length,
      c.points.reduce((s, p) => s + p[1], 0) / c.points.length,
    ];
    const signalised = roads.signals.some((n) => metres(n.at, at) < 60);
    return { streets: c.streets, at, nodeIds: c.nodeIds, score: c.score + (signalised ? 0.5 : 0), signalised };
  });
  return junctions.sort(
    (x, y) => y.score - x.score || byString(x.streets.join('|'), y.streets.join('|')) || x.nodeIds[0] - y.nodeIds[0],
  );
}

/** Tagged features (nodes and ways) of a full OSM XML export; ways are placed at their vertices' mean. */
export function osmXmlFeatures(shared, path, wanted) {
  const xml = readText(shared, path);
  const coords = new Map();
  const out = [];
  for (const m of xml.matchAll(/<node id="(\d+)"[^>]*?lat="([-\d.]+)" lon="([-\d.]+)"(?:\/>|>([\s\S]*?)<\/node>)/g)) {
    const at = [Number(m[3]), Number(m[2])];
    coords.set(m[1], at);
    const tags = osmTags(m[4] ?? '');
    if (wanted(tags)) out.push({ osmId: `node/${m[1]}`, at, tags });
  }
  for (const m of xml.matchAll(/<way id="(\d+)"[^>]*>([\s\S]*?)<\/way>/g)) {
    const tags = osmTags(m[2]);
    if (!wanted(tags)) continue;
    const refs = [...new Set([...m[2].matchAll(/<nd ref="(\d+)"\/>/g)].map((r) => r[1]))];
    const pts = refs.map((r) => coords.get(r)).filter(Boolean);
    const at = [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
    out.push({ osmId: `way/${m[1]}`, at, tags });
  }
  return out;
}
