// `npm run city:derive`: derives the Hanoi facts the product carries (apps/server/data/city/*.json)
// from the public datasets in ../shared/data, which the product must not copy. Deterministic: the same
// inputs give the same bytes, so the committed files can be checked by re-running this.
//
//   SHARED_DATA  where the datasets are (default: ../shared/data next to the repository)
//   CITY_OUT     where to write (default: apps/server/data/city)
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deriveAreas } from './areas.mjs';
import { deriveAirQualityProfile } from './air-quality.mjs';
import { deriveBasemap } from './basemap.mjs';
import { formatJson } from './lib.mjs';
import { derivePlaces } from './places.mjs';
import { deriveRoadGraph } from './road-graph.mjs';
import { loadRoads } from './roads.mjs';
import { deriveSensors } from './sensors.mjs';
import { deriveTransit } from './transit.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shared = resolve(root, process.env.SHARED_DATA ?? '../shared/data');
const out = resolve(root, process.env.CITY_OUT ?? 'apps/server/data/city');
const say = (text) => process.stdout.write(`[city] ${text}\n`);

if (!existsSync(shared)) {
  process.stderr.write(`[city] no datasets at ${shared} (set SHARED_DATA)\n`);
  process.exit(2);
}

const areas = deriveAreas(shared);
const roads = loadRoads(shared);
const places = derivePlaces(shared, areas, roads);
const transit = deriveTransit(shared, areas);
const sensors = deriveSensors(areas, roads);
const profile = deriveAirQualityProfile(shared);
const basemap = deriveBasemap(shared, areas);
const roadGraph = deriveRoadGraph(shared);

const files = {
  'areas.json': areas.file,
  'places.json': places.file,
  'transit.json': transit.file,
  'sensors.json': sensors.file,
  'air-quality-profile.json': profile,
  // The basemap and the road graph are the large files: they are kept compressed.
  'basemap.json.gz': basemap.file,
  // The routable road graph (columns of integers, 2.4 MB of text): compressed as well.
  'roads.json.gz': roadGraph.file,
};
mkdirSync(out, { recursive: true });
let total = 0;
for (const [name, content] of Object.entries(files)) {
  const text = formatJson(content);
  const bytes = name.endsWith('.gz') ? gzipSync(text, { level: 9 }) : Buffer.from(text);
  writeFileSync(join(out, name), bytes);
  total += bytes.length;
  say(`${relative(root, join(out, name)) || name}: ${(bytes.length / 1024).toFixed(0)} kB`);
}
say(`total ${(total / 1024).toFixed(0)} kB`);
for (const [name, content] of Object.entries(files)) {
  if (content.summary) say(`${name} ${JSON.stringify(content.summary)}`);
}
if (places.dropped.notMedical.length > 0) say(`not medical (dropped): ${places.dropped.notMedical.join('; ')}`);
if (basemap.skipped.length > 0) say(`water beyond the simple parser (skipped): ${basemap.skipped.join(' ')}`);
if (transit.report.directionsSplitByBoundary.length > 0)
  say(
    `route-directions leaving and re-entering the city (longest part kept): ${transit.report.directionsSplitByBoundary.join(' ')}`,
  );
if (transit.report.directionsDropped.length > 0)
  say(`route-directions with < 2 stops in the city (dropped): ${transit.report.directionsDropped.join(' ')}`);
say(
  `timetables that are a slice of their direction's sequence: ${transit.report.timetablesThatAreSlicesOfTheirSequence}; ` +
    `midday trips whose shape equals their stops: ${transit.report.shapesEqualToStops}; ` +
    `repeated stops merged: ${transit.report.repeatedStopsMerged}`,
);
