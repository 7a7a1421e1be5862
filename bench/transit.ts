// `npm run bench:transit`: every figure the public-transport work is judged by, against its targets,
// part by part (each part says what it measures and its settings at its top):
//   import      the demo's Hanoi schedule and a 10× copy through the GTFS importer: time and memory
//   live        matching 2,000 buses reporting every 10 s; TripUpdates built and served; a stop's arrivals
//   departures  next arrivals at a stop, p95 at 200 req/s
//   accuracy    arrival predictions on the simulated city, per horizon, beside the timetable alone
// BENCH_TRANSIT_PARTS=live,departures runs only those. Asserts nothing.
import { run as accuracy } from './transit/accuracy.js';
import { run as departures } from './transit/departures.js';
import { run as importing } from './transit/import.js';
import { run as live } from './transit/live.js';

const PARTS: Record<string, () => Promise<void>> = { import: importing, live, departures, accuracy };
const wanted = (process.env['BENCH_TRANSIT_PARTS'] ?? Object.keys(PARTS).join(','))
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
for (const name of wanted) {
  const part = PARTS[name];
  if (!part) throw new Error(`BENCH_TRANSIT_PARTS: no part "${name}" (${Object.keys(PARTS).join(', ')})`);
  process.stdout.write(`\n== ${name} ==\n`);
  await part();
}
