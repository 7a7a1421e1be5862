// Bus routes, stops and timetables from the World Bank / Arup Hanoi GTFS, with OSM stop names.
//
// The AM feed has the whole network (224 route-directions, every stop, in order: ids end in _S1, _S2 …)
// but no stop_times; the midday feed we have is complete but clipped to central Hanoi. So every
// direction carries its full stop sequence, and the central ones also a real midday timetable.
import { ODBL_NOTE, credits } from './sources.mjs';
import { metres, naturalCompare, offset, pt, quantile, readCsv, readJson, round } from './lib.mjs';

const AM = 'hanoi-gtfs-worldbank/am_no_stop_times';
const MD = 'hanoi-gtfs-worldbank/filtered_complete';
const OSM_NAME_WITHIN_M = 25;
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const seconds = (hms) => {
  const [h, m, s] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
};
const clock = (t) =>
  [Math.floor(t / 3600), Math.floor(t / 60) % 60, t % 60].map((x) => String(x).padStart(2, '0')).join(':');
const gtfsDate = (d) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
/** Route-direction "21A_2" → route "21A", GTFS direction_id 1. */
const splitDirection = (id) => {
  const m = /^(.+)_(\d)$/.exec(id);
  if (!m) throw new Error(`unexpected route id ${id}`);
  return { route: m[1], directionId: Number(m[2]) - 1 };
};

/** Median east/north offset (metres) from each point to its nearest reference within 60 m, refined once within 30 m. */
function estimateShift(points, references) {
  let east = 0;
  let north = 0;
  for (const within of [60, 30]) {
    const de = [];
    const dn = [];
    for (const raw of points) {
      const p = offset(raw, east, north);
      let best = null;
      for (const q of references) {
        if (Math.abs(q[1] - p[1]) > 0.0006) continue;
        const d = metres(p, q);
        if (d < within && (!best || d < best.d)) best = { d, q };
      }
      if (!best) continue;
      de.push(metres(p, [best.q[0], p[1]]) * Math.sign(best.q[0] - p[0]));
      dn.push(metres(p, [p[0], best.q[1]]) * Math.sign(best.q[1] - p[1]));
    }
    east += quantile(
      de.sort((a, b) => a - b),
      0.5,
    );
    north += quantile(
      dn.sort((a, b) => a - b),
      0.5,
    );
  }
  return { east: round(east, 1), north: round(north, 1) };
}

/** The longest run of consecutive kept items; how many runs there were. */
function longestRun(items, keep) {
  const runs = [];
  let run = [];
  for (const item of items) {
    if (keep(item)) run.push(item);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  const best = runs.reduce((b, r) => (r.length > b.length ? r : b), []);
  return { run: best, runs: runs.length };
}

export function deriveTransit(shared, { unitAt, inCity }) {
  const amStops = readCsv(shared, `${AM}/stops.txt`);
  const amTrips = readCsv(shared, `${AM}/trips.txt`);
  const amRoutes = readCsv(shared, `${AM}/routes.txt`);
  const mdStops = readCsv(shared, `${MD}/stops.txt`);
  const mdTrips = readCsv(shared, `${MD}/trips.txt`);
  const mdStopTimes = readCsv(shared, `${MD}/stop_times.txt`);
  const mdShapes = readCsv(shared, `${MD}/shapes.txt`);
  const mdRoutes = readCsv(shared, `${MD}/routes.txt`);
  const calendars = [...readCsv(shared, `${AM}/calendar.txt`), ...readCsv(shared, `${MD}/calendar.txt`)];
  const osmStops = readJson(shared, 'hanoi-osm-bus-stops/hanoi_bus_stops_osm.geojson').features;

  // Physical stops: the feed has one record per route-direction; records at the same place are one stop,
  // known by the first of their feed ids in natural order.
  const feedStops = new Map();
  for (const s of [...amStops, ...mdStops]) {
    const at = [Number(s.stop_lon), Number(s.stop_lat)];
    const known = feedStops.get(s.stop_id);
    if (known && metres(known.at, at) > 1) throw new Error(`stop ${s.stop_id} differs between the feeds`);
    feedStops.set(s.stop_id, { feedId: s.stop_id, at });
  }
  const byPlace = new Map();
  for (const s of [...feedStops.values()].sort((a, b) => naturalCompare(a.feedId, b.feedId))) {
    const key = `${s.at[0].toFixed(6)},${s.at[1].toFixed(6)}`;
    if (!byPlace.has(key)) byPlace.set(key, { id: s.feedId, at: s.at, location: pt(s.at), feedIds: [] });
    byPlace.get(key).feedIds.push(s.feedId);
    s.stop = byPlace.get(key);
  }
  const physical = [...byPlace.values()];

  // The feed's stops sit ~30 m north-west of the streets they serve (OSM roads and stops agree with each
  // other): estimate that constant shift from the nearest OSM stops and take it out.
  const osmAll = osmStops.map((f) => ({ id: f.properties.id, name: f.properties.name, at: f.geometry.coordinates }));
  const correction = estimateShift(
    physical.map((s) => s.at),
    osmAll.map((o) => o.at),
  );
  for (const s of physical) {
    s.raw = s.at;
    s.at = offset(s.at, correction.east, correction.north);
    s.location = pt(s.at);
    s.inCity = inCity(s.location);
  }
  const stopOf = (feedId) => {
    const s = feedStops.get(feedId);
    if (!s) throw new Error(`unknown stop ${feedId}`);
    return s.stop;
  };

  // Full stop sequences of every route-direction (AM feed), trimmed to the city.
  const sequences = new Map();
  for (const s of amStops) {
    const m = /^(.+)_S(\d+)$/.exec(s.stop_id);
    if (!m) throw new Error(`unexpected stop id ${s.stop_id}`);
    const list = sequences.get(m[1]) ?? [];
    list.push({ n: Number(m[2]), stop: stopOf(s.stop_id) });
    sequences.set(m[1], list);
  }
  const report = {
    stopsOutsideCity: physical.filter((s) => !s.inCity).length,
    stopRecordsOutsideCity: [...feedStops.values()].filter((s) => !s.stop.inCity).length,
    directionsTrimmed: 0,
    directionsSplitByBoundary: [],
    directionsDropped: [],
    repeatedStopsMerged: 0,
    tripsDropped: 0,
    timetableStopsOutsideCity: 0,
    timetablesThatAreSlicesOfTheirSequence: 0,
    shapesEqualToStops: 0,
  };
  const directions = new Map();
  for (const [id, list] of [...sequences].sort((a, b) => naturalCompare(a[0], b[0]))) {
    list.sort((a, b) => a.n - b.n);
    if (list.some((x, k) => x.n !== k + 1)) throw new Error(`route-direction ${id}: stop numbers have gaps`);
    const stops = [];
    for (const { stop } of list) {
      if (stops[stops.length - 1] === stop) report.repeatedStopsMerged++;
      else stops.push(stop);
    }
    const { run, runs } = longestRun(stops, (s) => s.inCity);
    if (run.length < stops.length) report.directionsTrimmed++;
    if (runs > 1) report.directionsSplitByBoundary.push(id);
    if (run.length < 2) {
      report.directionsDropped.push(id);
      continue;
    }
    directions.set(id, { id, stops: run, amTrips: 0, timetables: [] });
  }
  for (const t of amTrips) {
    const d = directions.get(t.route_id);
    if (d) d.amTrips++;
  }

  // Midday timetables (central Hanoi): one per stop pattern, trips as start times + shared offsets.
  const tripsById = new Map(mdTrips.map((t) => [t.trip_id, { ...t, calls: [] }]));
  for (const st of mdStopTimes) {
    const trip = tripsById.get(st.trip_id);
    if (!trip) throw new Error(`stop_times names unknown trip ${st.trip_id}`);
    const arrive = seconds(st.arrival_time);
    const depart = seconds(st.departure_time || st.arrival_time);
    if (arrive !== depart) throw new Error(`trip ${st.trip_id}: dwell times are not expected in this feed`);
    trip.calls.push({ seq: Number(st.stop_sequence), stop: stopOf(st.stop_id), time: depart });
  }
  const shapes = new Map();
  for (const s of mdShapes) {
    const list = shapes.get(s.shape_id) ?? [];
    list.push({ seq: Number(s.shape_pt_sequence), at: [Number(s.shape_pt_lon), Number(s.shape_pt_lat)] });
    shapes.set(s.shape_id, list);
  }
  const patterns = new Map();
  for (const trip of [...tripsById.values()].sort((a, b) => naturalCompare(a.trip_id, b.trip_id))) {
    const d = directions.get(trip.route_id);
    const calls = trip.calls.sort((a, b) => a.seq - b.seq);
    const shape = (shapes.get(trip.shape_id) ?? []).sort((a, b) => a.seq - b.seq);
    if (shape.length === calls.length && shape.every((p, k) => metres(p.at, calls[k].stop.raw) < 1))
      report.shapesEqualToStops++;
    const { run } = longestRun(calls, (c) => c.stop.inCity);
    report.timetableStopsOutsideCity += calls.length - run.length;
    const increasing = run.every((c, k) => k === 0 || c.time > run[k - 1].time);
    if (!d || run.length < 2 || !increasing) {
      report.tripsDropped++;
      continue;
    }
    const start = run[0].time;
    const key = `${trip.route_id}|${run.map((c) => `${c.stop.id}@${c.time - start}`).join(',')}`;
    const pattern = patterns.get(key) ?? {
      direction: d,
      calls: run.map((c) => ({ stop: c.stop, offset: c.time - start })),
      starts: [],
    };
    pattern.starts.push(start);
    patterns.set(key, pattern);
  }
  for (const p of patterns.values()) {
    const ids = p.calls.map((c) => c.stop.id);
    const seq = p.direction.stops.map((s) => s.id);
    const at = seq.indexOf(ids[0]);
    if (at >= 0 && ids.every((id, k) => seq[at + k] === id)) report.timetablesThatAreSlicesOfTheirSequence++;
    p.direction.timetables.push({
      period: 'midday',
      stops: ids,
      offsets: p.calls.map((c) => c.offset),
      starts: p.starts.sort((a, b) => a - b),
    });
  }

  // Names: the nearest named OSM bus stop within 25 m, else a placeholder naming the unit.
  const named = osmAll.filter((o) => o.name && o.name !== 'Không tên');
  const used = new Set(
    [...directions.values()].flatMap((d) => [...d.stops.map((s) => s.id), ...d.timetables.flatMap((t) => t.stops)]),
  );
  const stops = physical.filter((s) => used.has(s.id)).sort((a, b) => naturalCompare(a.id, b.id));
  const placeholders = new Map();
  const stopRecords = stops.map((s) => {
    let best = null;
    for (const o of named) {
      if (Math.abs(o.at[1] - s.at[1]) > 0.0005) continue;
      const d = metres(o.at, s.at);
      if (d <= OSM_NAME_WITHIN_M && (!best || d < best.d || (d === best.d && o.id < best.o.id))) best = { o, d };
    }
    const unit = unitAt(s.location);
    s.unit = unit;
    if (best) return { id: s.id, name: best.o.name, osmId: `node/${best.o.id}`, area: unit.code, location: s.location };
    const n = (placeholders.get(unit.code) ?? 0) + 1;
    placeholders.set(unit.code, n);
    return { id: s.id, name: `Điểm dừng ${unit.shortName} ${n}`, area: unit.code, location: s.location };
  });

  // Routes: GTFS route ids are route-directions ("01_1"); a route is the number both share.
  const routeRows = new Map([...amRoutes, ...mdRoutes].map((r) => [r.route_id, r]));
  const routes = new Map();
  for (const d of directions.values()) {
    const { route, directionId } = splitDirection(d.id);
    const r = routes.get(route) ?? { route, directions: [] };
    r.directions.push({ directionId, d });
    routes.set(route, r);
  }
  const terminal = (s) => s.unit.shortName;
  const routeRecords = [...routes.values()]
    .sort((a, b) => naturalCompare(a.route, b.route))
    .map(({ route, directions: ds }) => {
      ds.sort((a, b) => a.directionId - b.directionId);
      const first = ds[0].d.stops;
      const [from, to] = [terminal(first[0]), terminal(first[first.length - 1])];
      const color = routeRows.get(ds[0].d.id)?.route_color;
      return {
        id: route,
        shortName: route,
        longName: from === to ? from : `${from} – ${to}`,
        kind: route.startsWith('BRT') ? 'brt' : 'bus',
        gtfsRouteType: 3,
        color: color ? `#${color}` : undefined,
        directions: ds.map(({ directionId, d }) => ({
          id: d.id,
          directionId,
          headsign: terminal(d.stops[d.stops.length - 1]),
          amPeakTrips: d.amTrips,
          stops: d.stops.map((s) => s.id),
          timetables: d.timetables.length > 0 ? d.timetables : undefined,
        })),
      };
    });

  const services = [...new Map(calendars.map((c) => [c.service_id, c])).values()].map((c) => ({
    serviceId: c.service_id,
    days: DAYS.filter((day) => c[day] === '1'),
    start: gtfsDate(c.start_date),
    end: gtfsDate(c.end_date),
  }));
  const timetables = routeRecords.flatMap((r) => r.directions.flatMap((d) => d.timetables ?? []));
  const allStarts = timetables.flatMap((t) => t.starts);
  const allEnds = timetables.flatMap((t) => t.starts.map((s) => s + t.offsets[t.offsets.length - 1]));

  const file = {
    about:
      'Hanoi buses from the World Bank / Arup GTFS (a modelled 2018 network: real route numbers and stop ' +
      'positions, not an operator feed). Every route-direction lists its stops in order (from the AM ' +
      'feed, which has no times). Directions crossing central Hanoi also carry `timetables` from the ' +
      'midday feed, which covers only that centre: each is one stop pattern, with `offsets` (seconds from ' +
      'the first stop, arrival = departure) shared by all its trips and `starts` (seconds after local ' +
      'midnight at the first stop, one per trip). The feed has no real stop names: `name` is the nearest ' +
      'named OSM bus stop within 25 m (then `osmId` names it), else a placeholder. `longName` and ' +
      '`headsign` name the units of the terminal stops. The feed has no route colours and no usable ' +
      "shapes (its shapes repeat the stop positions). The feed's stop positions are shifted by " +
      '`feed.positionCorrection` (a constant offset that puts them on the OSM streets; the feed has them ' +
      'about 30 m north-west of the kerb). Stops outside the city boundary are dropped.',
    ...credits('gtfs', 'osmBusStops', 'osmAdmin'),
    licence: `${ODBL_NOTE} The GTFS facts are CC BY 4.0: World Bank / Arup, Hanoi GTFS.`,
    illustrative: false,
    feed: {
      timezone: 'Asia/Ho_Chi_Minh',
      agency: 'Hanoi Bus GTFS (Arup)',
      positionCorrection: {
        eastMetres: correction.east,
        northMetres: correction.north,
        basis: 'median offset from each feed stop to the nearest OSM bus stop (within 60 m, refined within 30 m)',
      },
      periods: {
        am: 'AM-peak feed: stop sequences and trip counts (amPeakTrips), no times',
        midday: `midday feed, clipped to central Hanoi, ${clock(Math.min(...allStarts))}–${clock(Math.max(...allEnds))}`,
      },
      services,
    },
    summary: {
      routes: routeRecords.length,
      directions: directions.size,
      stops: stopRecords.length,
      stopsWithOsmName: stopRecords.filter((s) => s.osmId).length,
      stopsDroppedOutsideCity: report.stopsOutsideCity,
      stopRecordsDroppedOutsideCity: report.stopRecordsOutsideCity,
      directionsTrimmedAtBoundary: report.directionsTrimmed,
      directionsSplitByBoundary: report.directionsSplitByBoundary.length,
      directionsDropped: report.directionsDropped.length,
      timetabledDirections: routeRecords.flatMap((r) => r.directions).filter((d) => d.timetables).length,
      timetables: timetables.length,
      trips: allStarts.length,
      tripsDropped: report.tripsDropped,
    },
    stops: stopRecords,
    routes: routeRecords,
  };
  return { file, report };
}
