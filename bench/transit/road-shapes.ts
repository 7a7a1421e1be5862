// `npm run bench:road-shapes`: a GTFS import on the embedded database of 300 distinct stop sequences of the
// city facts' bus directions (the 224 directions with every stop, and 76 of them without their first stop),
// one trip each, none with a shape, so each gets one along the roads (transit/road-shapes.ts). Prints the
// time to read the road graph, to build the shapes (the import's log), the whole import, and the longest
// the main thread was held between two turns of the event loop during the import (checking and storing
// included). Asserts nothing.
// BENCH_ROAD_SHAPES_FEED=worst imports instead the feed the routing budget is there for: 500 sequences of
// 40 stops going back and forth between two stops 4–5 km apart (19,500 legs, each a long search across
// the city), to measure how long the budget of road links lets one import route.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { roadNetwork } from '../../apps/server/src/modules/city/index.js';
import { cityModules } from '../../apps/server/src/modules/index.js';
import { TransitService } from '../../apps/server/src/modules/transit/index.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { migrate, openDatabase } from '../../apps/server/src/platform/db/index.js';

interface Facts {
  stops: { id: string; location: [number, number] }[];
  routes: { directions: { stops: string[] }[] }[];
}
const facts = JSON.parse(
  readFileSync(new URL('../../apps/server/data/city/transit.json', import.meta.url), 'utf8'),
) as Facts;
const directions = facts.routes.flatMap((r) => r.directions.map((d) => d.stops));
const worst = process.env['BENCH_ROAD_SHAPES_FEED'] === 'worst';
if (!worst && process.env['BENCH_ROAD_SHAPES_FEED'] !== undefined)
  throw new Error('BENCH_ROAD_SHAPES_FEED: only "worst" (or unset, the city\'s directions)');
const metresApart = (a: [number, number], b: [number, number]) => {
  const rad = Math.PI / 180;
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
  return Math.hypot(x, (b[1] - a[1]) * rad) * 6_371_000;
};
/** 500 distinct pairs of stops 4–5 km apart, each gone back and forth 40 stops long. */
function worstSequences(): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < facts.stops.length && out.length < 500; i += 3) {
    const a = facts.stops[i];
    const b =
      a &&
      facts.stops.find((s) => {
        const d = metresApart(a.location, s.location);
        return d >= 4000 && d <= 5000;
      });
    if (a && b) out.push(Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? a.id : b.id)));
  }
  for (let i = 1; out.length < 500 && i < facts.stops.length; i += 3) {
    const a = facts.stops[i];
    const far = a ? facts.stops.filter((s) => Math.abs(metresApart(a.location, s.location) - 4500) <= 500) : [];
    const b = far[far.length - 1];
    if (a && b) out.push(Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? a.id : b.id)));
  }
  return out;
}
const sequences = worst ? worstSequences() : [...directions, ...directions.slice(0, 76).map((s) => s.slice(1))];
const time = (s: number) =>
  `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:00`;
const files = new Map<string, string>([
  ['agency.txt', 'agency_name,agency_url,agency_timezone\nHanoi Bus,https://example.vn,Asia/Ho_Chi_Minh\n'],
  ['routes.txt', 'route_id,route_short_name,route_type\nR,R,3\n'],
  [
    'stops.txt',
    `stop_id,stop_name,stop_lat,stop_lon\n${facts.stops.map((s) => `${s.id},${s.id},${s.location[1]},${s.location[0]}`).join('\n')}\n`,
  ],
  [
    'calendar.txt',
    'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260101,20271231\n',
  ],
  ['trips.txt', `route_id,service_id,trip_id\n${sequences.map((_, k) => `R,S,T${k}`).join('\n')}\n`],
  [
    'stop_times.txt',
    `trip_id,arrival_time,departure_time,stop_id,stop_sequence\n${sequences
      .flatMap((stops, k) => stops.map((id, i) => `T${k},${time(21600 + i * 120)},${time(21600 + i * 120)},${id},${i}`))
      .join('\n')}\n`,
  ],
]);

let t = performance.now();
roadNetwork();
const loadMs = performance.now() - t;

const lines: { msg?: string; ms?: number }[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as never) });
const dir = mkdtempSync(join(tmpdir(), 'bench-road-shapes-'));
const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'off', DATA_DIR: dir }, process.cwd(), cityModules);
const db = await openDatabase(config, log);
try {
  await migrate(db, log);
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  t = performance.now();
  last = t;
  setImmediate(tick);
  const version = await new TransitService(db, log).importFeed({
    tenant: '',
    source: 'bench',
    importedBy: 'bench',
    files: () => Promise.resolve(files),
  });
  running = false;
  const built = lines.find((l) => l.msg === 'GTFS shapes built along the roads');
  process.stdout.write(
    `${JSON.stringify(
      {
        feed: worst ? 'worst: back and forth 4–5 km' : "the city's directions",
        sequences: sequences.length,
        legs: sequences.reduce((n, q) => n + q.length - 1, 0),
        roadGraphLoadMs: Math.round(loadMs),
        buildMs: built?.ms,
        importMs: Math.round(performance.now() - t),
        longestHoldMs: Math.round(longest),
        roadShapes: version.roadShapes,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
