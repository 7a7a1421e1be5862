// The routable road graph of the whole of Hà Nội (OSM, Aug 2021), for routing by road: bus shapes that
// follow the streets, the nearest emergency unit by travel time. Nodes are junctions and dead ends; an
// edge is a stretch of one class, direction and name between them, with its length (of the unsimplified
// line), its class, whether it is one-way (travel along the geometry) and its simplified geometry.
//
// Storage is columnar and integer so that it compresses well: coordinates are in 1e-5 degrees (about 1 m),
// an edge's interior points are deltas from the point before (its first from its start node).
import { ODBL_NOTE, credits } from './sources.mjs';
import { readJson, simplifyLine } from './lib.mjs';

/** Metres: the geometry stays within 2 m of the source line (the basemap's tolerance). */
const TOLERANCE = 2;
const E5 = 1e5;

/** Classes as the source names them, the most important first; the index is what an edge stores. */
export const ROAD_GRAPH_CLASSES = [
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
  'tertiary',
  'tertiary_link',
  'minor',
  'service',
];

export function deriveRoadGraph(shared) {
  const source = readJson(shared, 'hanoi-roads-network/hanoi_roads.geojson');
  const all = source.features;
  // Only the largest strongly connected component (one-way streets respected): from any point snapped onto
  // the graph every other is reachable, and back. What falls outside is an island or a one-way stub cut
  // at the source's edge.
  const inComponent = largestStrongComponent(all.map((f) => f.properties));
  const kept = all.filter((f) => inComponent.has(f.properties.u) && inComponent.has(f.properties.v));
  const edges = kept.map((f, index) => {
    const p = f.properties;
    const cls = ROAD_GRAPH_CLASSES.indexOf(p.highway);
    if (cls < 0) throw new Error(`road class ${p.highway} unknown`);
    return {
      index,
      u: p.u,
      v: p.v,
      cls,
      oneway: p.oneway === 1,
      name: p.name ?? '',
      length: p.length_m,
      points: f.geometry.coordinates,
    };
  });

  // Junction ids of the source → the edges meeting there.
  const byNode = new Map();
  for (const e of edges)
    for (const n of [e.u, e.v]) {
      const list = byNode.get(n) ?? [];
      list.push(e);
      byNode.set(n, list);
    }
  /**
   * The edge that continues e through node n when n is no junction: exactly two edge ends meet there, of
   * one class, name and one-way-ness, and a one-way stretch keeps its direction through it.
   */
  const through = (e, n) => {
    const list = byNode.get(n);
    if (list.length !== 2 || list[0] === list[1]) return undefined;
    const x = list[0] === e ? list[1] : list[0];
    if (x.used || x.cls !== e.cls || x.name !== e.name || x.oneway !== e.oneway) return undefined;
    if (e.oneway && !((e.v === n && x.u === n) || (e.u === n && x.v === n))) return undefined;
    return x;
  };

  // Chains: each edge of the graph is one or more source edges merged through nodes that are no junction.
  const chains = [];
  for (const start of edges) {
    if (start.used) continue;
    start.used = true;
    let points = start.points.slice();
    let length = start.length;
    let [head, tail] = [start.u, start.v];
    for (let [e, n] = [start, start.v]; n !== head;) {
      const x = through(e, n);
      if (!x) break;
      x.used = true;
      const forward = x.u === n;
      points = points.concat((forward ? x.points : x.points.slice().reverse()).slice(1));
      length += x.length;
      [e, n] = [x, forward ? x.v : x.u];
      tail = n;
    }
    for (let [e, n] = [start, start.u]; n !== tail;) {
      const x = through(e, n);
      if (!x) break;
      x.used = true;
      const forward = x.v === n;
      points = (forward ? x.points : x.points.slice().reverse()).slice(0, -1).concat(points);
      length += x.length;
      [e, n] = [x, forward ? x.u : x.v];
      head = n;
    }
    chains.push({ u: head, v: tail, cls: start.cls, oneway: start.oneway, name: start.name, length, points });
  }

  // Nodes numbered in order of first use, names in order of first use: deterministic with the source order.
  const nodeIndex = new Map();
  const nodes = [];
  const node = (id, [lon, lat]) => {
    let k = nodeIndex.get(id);
    if (k === undefined) {
      k = nodeIndex.size;
      nodeIndex.set(id, k);
      nodes.push(Math.round(lon * E5), Math.round(lat * E5));
    }
    return k;
  };
  const nameIndex = new Map();
  const names = [];
  const columns = { from: [], to: [], class: [], oneway: [], lengthDm: [], name: [], shapeCount: [], shape: [] };
  let vertices = 0;
  for (const c of chains) {
    const a = node(c.u, c.points[0]);
    const b = node(c.v, c.points[c.points.length - 1]);
    let name = -1;
    if (c.name) {
      name = nameIndex.get(c.name) ?? names.length;
      if (name === names.length) {
        nameIndex.set(c.name, name);
        names.push(c.name);
      }
    }
    const line = simplifyLine(c.points, TOLERANCE);
    // The interior, rounded, without points equal to the one before (the end node ends the line).
    let [px, py] = [nodes[2 * a], nodes[2 * a + 1]];
    let count = 0;
    for (const [lon, lat] of line.slice(1, -1)) {
      const [x, y] = [Math.round(lon * E5), Math.round(lat * E5)];
      if (x === px && y === py) continue;
      columns.shape.push(x - px, y - py);
      [px, py] = [x, y];
      count++;
    }
    vertices += count + 2;
    columns.from.push(a);
    columns.to.push(b);
    columns.class.push(c.cls);
    columns.oneway.push(c.oneway ? 1 : 0);
    columns.lengthDm.push(Math.round(c.length * 10));
    columns.name.push(name);
    columns.shapeCount.push(count);
  }

  const byClass = {};
  for (const [k, cls] of ROAD_GRAPH_CLASSES.entries()) {
    const n = columns.class.filter((c) => c === k).length;
    if (n > 0) byClass[cls] = n;
  }
  const km = columns.lengthDm.reduce((s, x) => s + x, 0) / 10_000;
  const file = {
    about:
      'Routable road graph of the whole of Hà Nội (OSM, Aug 2021; motorway to tertiary everywhere, minor ' +
      'streets in the urban core, service lanes in the centre), its largest strongly connected component only (every node reachable from every other, one-way streets respected). ' +
      'Nodes are junctions and dead ends (`nodes`: lon, lat pairs in 1e-5 degrees); an edge runs between ' +
      'two of them (`from`, `to`) along one class, name and direction: `lengthDm` is the length of the ' +
      'unsimplified line in decimetres, `oneway` 1 means travel only from `from` to `to`, `name` indexes ' +
      '`names` (-1: none), `class` indexes `classes`. Its geometry is simplified (Douglas–Peucker, ' +
      `${TOLERANCE} m): \`shapeCount\` interior points per edge, in order, stored in \`shape\` as 1e-5 degree ` +
      'deltas from the point before (the first from the `from` node). No speeds, lanes or turn restrictions: ' +
      'the source has none; roundabouts without a oneway tag and oneway=-1 ways are two-way here.',
    ...credits('osmRoadNetwork'),
    licence: ODBL_NOTE,
    illustrative: false,
    simplification: { lineToleranceMetres: TOLERANCE },
    summary: {
      sourceEdges: all.length,
      sourceEdgesOutsideLargestStrongComponent: all.length - kept.length,
      nodes: nodes.length / 2,
      edges: chains.length,
      oneway: columns.oneway.filter((x) => x === 1).length,
      lengthKm: Math.round(km * 10) / 10,
      vertices,
      byClass,
    },
    classes: ROAD_GRAPH_CLASSES,
    names,
    nodes,
    ...columns,
  };
  return { file };
}

/** The nodes of the largest strongly connected component of the directed graph of the edges (Kosaraju, iterative). */
function largestStrongComponent(edges) {
  const out = new Map();
  const into = new Map();
  const link = (map, a, b) => {
    const list = map.get(a);
    if (list) list.push(b);
    else map.set(a, [b]);
  };
  const nodes = new Set();
  for (const e of edges) {
    nodes.add(e.u);
    nodes.add(e.v);
    link(out, e.u, e.v);
    link(into, e.v, e.u);
    if (e.oneway !== 1) {
      link(out, e.v, e.u);
      link(into, e.u, e.v);
    }
  }
  // First pass: nodes in order of finishing a depth-first search on the graph.
  const order = [];
  const seen = new Set();
  for (const start of [...nodes].sort((a, b) => a - b)) {
    if (seen.has(start)) continue;
    seen.add(start);
    const stack = [[start, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = out.get(top[0]) ?? [];
      if (top[1] < next.length) {
        const n = next[top[1]++];
        if (!seen.has(n)) {
          seen.add(n);
          stack.push([n, 0]);
        }
      } else {
        order.push(top[0]);
        stack.pop();
      }
    }
  }
  // Second pass: on the reversed graph in reverse finishing order, each search is one component.
  const assigned = new Set();
  let best = new Set();
  for (let i = order.length - 1; i >= 0; i--) {
    const root = order[i];
    if (assigned.has(root)) continue;
    const component = new Set([root]);
    assigned.add(root);
    const stack = [root];
    while (stack.length > 0) {
      for (const n of into.get(stack.pop()) ?? []) {
        if (assigned.has(n)) continue;
        assigned.add(n);
        component.add(n);
        stack.push(n);
      }
    }
    if (component.size > best.size) best = component;
  }
  return best;
}
