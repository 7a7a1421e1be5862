// Shapes along the roads at a GTFS import (transit/road-shapes.ts): 300 distinct stop sequences of the city
// facts' bus directions (the 224 directions with every stop, and 76 of them without their first stop), none
// with a shape. Prints the time to read the road graph, the time to build the shapes, and the longest the
// thread was held between two turns of the event loop while building. Asserts nothing.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { roadNetwork } from '../../apps/server/src/modules/city/index.js';
import type { Feed } from '../../apps/server/src/modules/transit/feed.js';
import { withRoadShapes } from '../../apps/server/src/modules/transit/road-shapes.js';

interface Facts {
  stops: { id: string; location: [number, number] }[];
  routes: { directions: { stops: string[] }[] }[];
}
const facts = JSON.parse(
  readFileSync(new URL('../../apps/server/data/city/transit.json', import.meta.url), 'utf8'),
) as Facts;
const directions = facts.routes.flatMap((r) => r.directions.map((d) => d.stops));
const sequences = [...directions, ...directions.slice(0, 76).map((s) => s.slice(1))];
const none = { code: null, name: null, description: null, zoneId: null, parentStation: null, timezone: null };
const feed: Feed = {
  timezone: 'Asia/Ho_Chi_Minh',
  agencies: [],
  routes: [],
  stops: facts.stops.map((s) => ({
    ...none,
    id: s.id,
    lon: s.location[0],
    lat: s.location[1],
    locationType: 0,
    wheelchairBoarding: null,
    platformCode: null,
  })),
  trips: sequences.map((_, k) => ({
    id: `T${k}`,
    routeId: 'R',
    serviceId: 'S',
    headsign: null,
    shortName: null,
    directionId: null,
    blockId: null,
    shapeId: null,
    wheelchairAccessible: null,
    bikesAllowed: null,
  })),
  stopTimes: sequences.flatMap((stops, k) =>
    stops.map((stopId, i) => ({
      tripId: `T${k}`,
      sequence: i,
      stopId,
      arrival: null,
      departure: null,
      headsign: null,
      pickupType: null,
      dropOffType: null,
      distTraveled: null,
      timepoint: null,
    })),
  ),
  calendars: [],
  calendarDates: [],
  shapePoints: [],
  frequencies: [],
  transfers: [],
  fareAttributes: [],
  fareRules: [],
};

let t = performance.now();
const network = roadNetwork();
const loadMs = performance.now() - t;
let last = performance.now();
let longest = 0;
let running = true;
const tick = () => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
  if (running) setImmediate(tick);
};
setImmediate(tick);
t = performance.now();
last = t;
const { summary } = await withRoadShapes(feed, () => network);
running = false;
const ms = (x: number) => Math.round(x);
process.stdout.write(
  `${JSON.stringify(
    {
      sequences: sequences.length,
      roadGraphLoadMs: ms(loadMs),
      buildMs: ms(performance.now() - t),
      longestHoldMs: ms(longest),
      summary,
    },
    null,
    2,
  )}\n`,
);
