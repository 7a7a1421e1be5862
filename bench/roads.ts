// `npm run bench:roads`: routing on Hanoi's road graph, in this process: loading the graph, its memory,
// point-to-point routes between random places, one-to-many searches (the nearest emergency stations by
// road), and bus shapes along the roads for every direction of the bus network. Prints JSON figures.
// Asserts nothing.
//
//   BENCH_ROUTES=500     random pairs routed (default 500, after 20 warm-up ones)
//   BENCH_SEARCHES=200   random call places searched for their 3 nearest stations (default 200)
//   BENCH_SEED=1         seed of the random places
import { readFileSync } from 'node:fs';
import { busShapeAlongRoads, roadNetwork, type LonLat } from '../apps/server/src/modules/city/index.js';

const routes = Number(process.env['BENCH_ROUTES'] ?? 500);
const searches = Number(process.env['BENCH_SEARCHES'] ?? 200);
let seed = Number(process.env['BENCH_SEED'] ?? 1);
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
/** Random places in the urban area (where the network has every street) and its ring. */
const place = (): LonLat => [105.74 + random() * 0.17, 20.95 + random() * 0.13];

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const ms = (x: number) => Math.round(x * 100) / 100;
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => ms(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { n: sorted.length, p50: q(0.5), p95: q(0.95), max: ms(sorted[sorted.length - 1] ?? NaN) };
}
function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const result = fn();
  return [result, performance.now() - started];
}

gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const [network, loadMs] = time(() => roadNetwork());
gc?.();
const memory = {
  heapMb: mb(process.memoryUsage().heapUsed - heapBefore),
  rssMb: mb(process.memoryUsage().rss - rssBefore),
  measuredAfterGc: gc !== undefined,
};

/** Route length over the straight line between the snapped ends, for pairs more than 2 km apart. */
function ratioOf(route: ReturnType<typeof network.route>) {
  if (!route) return undefined;
  const straight = network.metres(route.from.point, route.to.point);
  return straight > 2000 ? route.lengthM / straight : undefined;
}

const pairs = Array.from({ length: routes + 20 }, () => [place(), place()] as const);
const routeMs: number[] = [];
const ratios: number[] = [];
let noRoute = 0;
for (const [i, [a, b]] of pairs.entries()) {
  const [route, took] = time(() => network.route(a, b, { profile: 'car' }));
  if (i < 20) continue;
  routeMs.push(took);
  if (!route) noRoute++;
  const ratio = ratioOf(route);
  if (ratio !== undefined) ratios.push(ratio);
}
// The same pairs with 25 m of slack at each end (up to 3 × 3 searches each).
const slackMs: number[] = [];
const slackRatios: number[] = [];
for (const [a, b] of pairs.slice(20)) {
  const [route, took] = time(() => network.route(a, b, { profile: 'car', snapSlackM: 25 }));
  slackMs.push(took);
  const ratio = ratioOf(route);
  if (ratio !== undefined) slackRatios.push(ratio);
}

interface Places {
  emergencyStations: { id: string; location: [number, number] }[];
}
interface Transit {
  stops: { id: string; location: [number, number] }[];
  routes: { directions: { id: string; stops: string[] }[] }[];
}
const city = new URL('../apps/server/data/city/', import.meta.url);
const places = JSON.parse(readFileSync(new URL('places.json', city), 'utf8')) as Places;
const stations = places.emergencyStations.map((s) => ({ id: s.id, location: s.location }));
const searchMs: number[] = [];
for (let i = 0; i < searches + 10; i++) {
  const origin = place();
  const [, took] = time(() => network.nearestByRoad(origin, stations, { k: 3 }));
  if (i >= 10) searchMs.push(took);
}

const transit = JSON.parse(readFileSync(new URL('transit.json', city), 'utf8')) as Transit;
const stopAt = new Map(transit.stops.map((s) => [s.id, s.location]));
const shapeMs: number[] = [];
const shapeRatios: number[] = [];
let straightLegs = 0;
let unplacedStops = 0;
let legs = 0;
for (const d of transit.routes.flatMap((r) => r.directions)) {
  const stops = d.stops.map((id) => stopAt.get(id)!);
  if (stops.length < 2) continue;
  const [shape, took] = time(() => busShapeAlongRoads(stops, network));
  shapeMs.push(took);
  let straight = 0;
  for (let i = 1; i < stops.length; i++) straight += network.metres(stops[i - 1]!, stops[i]!);
  shapeRatios.push(shape.lengthM / straight);
  straightLegs += shape.straightLegs.length;
  unplacedStops += shape.unplacedStops.length;
  legs += stops.length - 1;
}

const figures = {
  graph: { nodes: network.nodeCount, edges: network.edgeCount },
  load: { ms: ms(loadMs), ...memory },
  routeCar: {
    ...quantiles(routeMs),
    unit: 'ms',
    noRoute,
    lengthOverStraightLine: { ...quantiles(ratios), unit: 'ratio (pairs > 2 km apart)' },
  },
  routeCarSnapSlack25m: {
    ...quantiles(slackMs),
    unit: 'ms',
    lengthOverStraightLine: { ...quantiles(slackRatios), unit: 'ratio (pairs > 2 km apart)' },
  },
  nearestByRoad: { ...quantiles(searchMs), unit: 'ms', candidates: stations.length, k: 3 },
  busShapes: {
    ...quantiles(shapeMs),
    unit: 'ms per direction',
    stops: transit.stops.length,
    legs,
    legsWithoutRoad: straightLegs,
    stopsBeyondTheRoads: unplacedStops,
    lengthOverStopToStop: { ...quantiles(shapeRatios), unit: 'ratio' },
  },
  node: process.version,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
