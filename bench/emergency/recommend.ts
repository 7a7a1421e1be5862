// Recommendation for one incident over the whole fleet on Hanoi's road graph, in this process: 300 units
// at the city's real fire, ambulance and police stations (places.json), some reporting a position
// elsewhere in the city, some busy or out of service; ~200 random incidents in and around the urban
// area, each with a run card of the common list's kind (a house fire, a medical call, a road crash).
// Each recommendation is one search from the scene for every unit, the run card filled, every choice
// explained. Target (issue 19): p95 ≤ 100 ms with 300 units. Prints figures; asserts nothing.
//
//   BENCH_UNITS=300        units in the fleet (default 300)
//   BENCH_INCIDENTS=200    random incidents (default 200, after 10 warm-up ones)
//   BENCH_SEED=1           seed of the random places and fleet
import { roadNetwork } from '../../apps/server/src/modules/city/index.js';
// The emergency module's index.ts is written beside this bench, at the same time: until the two are
// joined, the recommendation's own file (switch to ../../apps/server/src/modules/emergency/index.js then).
// eslint-disable-next-line thanglong/module-boundaries
import type { RunCardLine } from '../../apps/server/src/modules/emergency/model.js';
// eslint-disable-next-line thanglong/module-boundaries
import { recommendUnits } from '../../apps/server/src/modules/emergency/recommend.js';
import { hanoiFleet, randomPlace, seeded } from './fleet.js';

const TARGET_P95_MS = 100;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN, 2);
  return { n: sorted.length, p50: q(0.5), p95: q(0.95), max: round(sorted[sorted.length - 1] ?? NaN, 2) };
}

const RUN_CARDS: Record<string, RunCardLine[]> = {
  STRFIRE: [
    { anyOf: ['engine'], count: 2 },
    { anyOf: ['ladder'], count: 1 },
    { anyOf: ['als', 'bls'], count: 1 },
  ],
  MEDICAL: [{ anyOf: ['als', 'bls'], count: 1 }],
  TRAFFIC: [
    { anyOf: ['patrol'], count: 1 },
    { anyOf: ['als', 'bls'], count: 1 },
    { anyOf: ['rescue'], count: 1 },
  ],
};

export async function run(): Promise<void> {
  const unitCount = Number(process.env['BENCH_UNITS'] ?? 300);
  const incidents = Number(process.env['BENCH_INCIDENTS'] ?? 200);
  const random = seeded(Number(process.env['BENCH_SEED'] ?? 1));
  const place = () => randomPlace(random);

  const loadStarted = performance.now();
  const network = roadNetwork();
  const loadMs = performance.now() - loadStarted;

  const { stations, units } = hanoiFleet(unitCount, random, true);

  const codes = Object.keys(RUN_CARDS);
  const tookMs: number[] = [];
  const withRouteMs: number[] = [];
  let suggested = 0;
  let short = 0;
  let unplaced = 0;
  for (let i = 0; i < incidents + 10; i++) {
    const typeCode = codes[i % codes.length]!;
    const input = {
      incident: { location: place(), typeCode, priority: 1 as const },
      runCard: RUN_CARDS[typeCode]!,
      units,
      stations,
      network,
    };
    const started = performance.now();
    const r = recommendUnits(input);
    const took = performance.now() - started;
    // The same with the road path of the best suggestion drawn (one route search more).
    const routeStarted = performance.now();
    recommendUnits({ ...input, options: { routes: 1 } });
    const routeTook = performance.now() - routeStarted;
    if (i < 10) continue;
    tookMs.push(took);
    withRouteMs.push(routeTook);
    suggested += r.suggested.length;
    short += r.shortfall.length > 0 ? 1 : 0;
    unplaced += r.unplaced.length;
  }
  const q = quantiles(tookMs);
  const figures = {
    fleet: {
      units: units.length,
      stations: stations.length,
      sendable: units.filter((u) => u.status === 'available' || u.status === 'returning').length,
      reportingAPosition: units.filter((u) => u.location).length,
    },
    roadGraphLoadMs: round(loadMs),
    recommendation: { ...q, unit: 'ms' },
    recommendationWithBestRoute: { ...quantiles(withRouteMs), unit: 'ms' },
    perIncident: {
      suggestedUnits: round(suggested / incidents, 2),
      incidentsWithAShortfall: short,
      unplacedUnits: round(unplaced / incidents, 2),
    },
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(
    `Recommendation over ${units.length} units, ${incidents} incidents: p50 ${q.p50} ms, p95 ${q.p95} ms; target p95 ≤ ${TARGET_P95_MS} ms: ${met(q.p95 <= TARGET_P95_MS)}\n`,
  );
}
