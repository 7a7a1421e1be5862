// `npm run bench:emergency`: the emergency centre's figures against the targets, part by part
// (each part says what it measures and its settings at its top):
//   recommend   the units to send for one incident over 300 units on Hanoi's roads, p95 ≤ 100 ms
//   lag         the console's event lag with 50 incidents and 300 units moving every 5 s, p95 ≤ 1 s
//               (a server of its own; needs the whole emergency module)
//   burst       a cheap route's p50/p99 while readers ask 150 recommendations at once (a server of its own;
//               BENCH_BEFORE_CLI=<checkout>/apps/server/src/cli.ts compares with another checkout)
// BENCH_EMERGENCY_PARTS=recommend runs only those. Asserts nothing.
import { run as burst } from './emergency/burst.js';
import { run as lag } from './emergency/lag.js';
import { run as recommend } from './emergency/recommend.js';

const PARTS: Record<string, () => Promise<void>> = { recommend, lag, burst };
const wanted = (process.env['BENCH_EMERGENCY_PARTS'] ?? Object.keys(PARTS).join(','))
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
for (const name of wanted) {
  const part = PARTS[name];
  if (!part) throw new Error(`BENCH_EMERGENCY_PARTS: no part "${name}" (${Object.keys(PARTS).join(', ')})`);
  process.stdout.write(`\n== ${name} ==\n`);
  await part();
}
