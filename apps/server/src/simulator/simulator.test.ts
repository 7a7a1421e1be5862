import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../app.js';
import { provisionDemoCity } from '../demo/index.js';
import { hanoiDemoSchedule } from '../demo/transit.js';
import { describeEachDriver, silentLog } from '../../test/support/databases.js';
import { accountWith, buildTestApp, type Account } from '../../test/support/app.js';
import { distanceMetres, LAYOVER_MIN_S } from './buses.js';
import { BusFleet, CityEnvironment, hanoiInstant, loadCityFacts, simulatedStart, startSimulator } from './index.js';

const facts = loadCityFacts();
const embassy = facts.sensors.airQuality.find((s) => s.real) ?? facts.sensors.airQuality[0]!;
const dayOf = (year: number, month: number, date: number) => Math.floor(Date.UTC(year, month, date) / 86_400_000);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('the simulated clock', () => {
  it('starts at the latest such time in Hanoi for HH:MM, or at a date-time', () => {
    const now = Date.parse('2026-11-30T02:00:00Z'); // 09:00 in Hanoi
    assert.equal(simulatedStart('08:00', now).toISOString(), '2026-11-30T01:00:00.000Z');
    assert.equal(simulatedStart('10:15', now).toISOString(), '2026-11-29T03:15:00.000Z'); // not ahead of now
    assert.equal(simulatedStart('2026-01-15T07:00:00+07:00', now).toISOString(), '2026-01-15T00:00:00.000Z');
    for (const bad of ['24:00', '8:00', 'tomorrow', '2026-01-15', '2026-01-15T07:00:00']) {
      assert.throws(() => simulatedStart(bad, now), /HH:MM/, bad);
    }
  });
});

describe('the simulated environment', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const read = (seed: number) => {
      const environment = new CityEnvironment(seed, facts.airQuality);
      const day = dayOf(2026, 2, 1);
      return Array.from({ length: 48 }, (_, h) => {
        const ms = hanoiInstant(day, h * 3600);
        return [
          environment.airQuality(embassy, ms),
          environment.noise('noise-x', ms),
          environment.waterLevel(facts.sensors.waterLevel[0]!, ms),
        ];
      });
    };
    assert.deepEqual(read(7), read(7));
    assert.notDeepEqual(read(7), read(8));
  });

  it("has Hanoi's rhythm: January nights far worse than July afternoons, PM10 above PM2.5", () => {
    const environment = new CityEnvironment(1, facts.airQuality);
    const sample = (month: number, hours: number[]) => {
      const values: number[] = [];
      for (let year = 2016; year <= 2025; year++) {
        for (let date = 1; date <= 31; date++) {
          for (const hour of hours) {
            const reading = environment.airQuality(embassy, hanoiInstant(dayOf(year, month, date), hour * 3600));
            assert.ok(reading.pm10 >= reading.pm25, JSON.stringify(reading));
            values.push(reading.pm25);
          }
        }
      }
      return mean(values);
    };
    const januaryNights = sample(0, [0, 1, 2, 3, 4, 21, 22, 23]);
    const julyAfternoons = sample(6, [12, 13, 14, 15, 16]);
    assert.ok(januaryNights > 2 * julyAfternoons, `January nights ${januaryNights}, July afternoons ${julyAfternoons}`);
    assert.ok(januaryNights > 45 && januaryNights < 110, `January nights ${januaryNights}`);
  });

  it('makes urban stations dirtier than suburban ones, and rush hours loud and slow', () => {
    const environment = new CityEnvironment(3, facts.airQuality);
    const day = dayOf(2026, 10, 2);
    const bySiting = (siting: string) =>
      mean(
        facts.sensors.airQuality
          .filter((s) => s.siting === siting && !s.real)
          .flatMap((s) =>
            Array.from({ length: 72 }, (_, h) => environment.airQuality(s, hanoiInstant(day, h * 3600)).pm25),
          ),
      );
    assert.ok(bySiting('urban') > bySiting('suburban'), "bySiting('urban') > bySiting('suburban')");
    const at = (hour: number) => hanoiInstant(day, hour * 3600);
    assert.ok(
      environment.noise('n', at(8)).laeq > environment.noise('n', at(3)).laeq + 10,
      "environment.noise('n', at(8)).laeq > environment.noise('n', at(3)).laeq + 10",
    );
    assert.ok(
      environment.traffic('c', at(17.5)).speed < environment.traffic('c', at(11)).speed,
      "environment.traffic('c', at(17.5)).speed < environment.traffic('c', at(11)).speed",
    );
  });
});

describe('the simulated buses', () => {
  const fleet = new BusFleet(hanoiDemoSchedule(), 5);
  const day = dayOf(2026, 0, 15);

  it('run each trip from its first stop towards its last', () => {
    // A direction whose ends lie far apart, so "towards" is plain.
    const direction = facts.transit.routes
      .flatMap((r) => r.directions)
      .filter((d) => d.timetables?.[0])
      .findIndex((d) => {
        const stops = d.timetables![0]!.stops.map((id) => facts.transit.stops.find((s) => s.id === id)!.location);
        return distanceMetres(stops[0]!, stops[stops.length - 1]!) > 2500;
      });
    assert.ok(direction >= 0, 'direction >= 0');
    const trip = fleet.tripsOf(direction, day).find((t) => t.startMs >= hanoiInstant(day, 12 * 3600))!;
    const first = trip.at(trip.startMs)!;
    const middle = trip.at((trip.startMs + trip.endMs) / 2)!;
    const last = trip.at(trip.endMs)!;
    assert.equal(trip.at(trip.startMs - 1000), null);
    assert.equal(trip.at(trip.endMs + 1000), null);
    const end = last.location;
    assert.ok(
      distanceMetres(middle.location, end) < distanceMetres(first.location, end),
      'distanceMetres(middle.location, end) < distanceMetres(first.location, end)',
    );
    let moving = 0;
    for (let ms = trip.startMs; ms <= trip.endMs; ms += 10_000) {
      const p = trip.at(ms)!;
      assert.ok(p.speed >= 0 && p.speed < 80, `speed ${p.speed}`);
      if (p.speed > 0) moving++;
    }
    assert.ok(moving > 0, 'moving > 0');
  });

  it('are slower in the rush hour, and one bus runs per active trip', () => {
    const durations = (fromHour: number, toHour: number) =>
      mean(
        Array.from({ length: fleet.directions }, (_, i) => fleet.tripsOf(i, day))
          .flat()
          .filter(
            (t) => t.startMs >= hanoiInstant(day, fromHour * 3600) && t.startMs < hanoiInstant(day, toHour * 3600),
          )
          .map((t) => t.endMs - t.startMs),
      );
    const rush = durations(7, 8.5);
    const midday = durations(10, 11.5);
    assert.ok(rush > 1.2 * midday, `rush ${rush} ms, midday ${midday} ms`);
    const buses = fleet.activeAt(hanoiInstant(day, 12 * 3600));
    assert.ok(buses.length > 20, `${buses.length} buses`);
    assert.equal(new Set(buses.map((b) => b.deviceId)).size, buses.length);
    for (const bus of buses) assert.match(bus.deviceId, /^[A-Za-z0-9_.:-]+$/);
  });
});

describe('the bus fleets', () => {
  const fleet = new BusFleet(hanoiDemoSchedule(), 5);
  const day = dayOf(2026, 0, 15);
  const duties = fleet.dutiesOf(day);

  it('give each vehicle one trip after another, never two at once, with a layover between', () => {
    assert.ok(duties.length > 20, `${duties.length} vehicles`);
    for (const duty of duties) {
      assert.match(duty.deviceId, /^bus-[A-Za-z0-9]+-\d{2}$/);
      for (let i = 1; i < duty.trips.length; i++) {
        const before = duty.trips[i - 1]!;
        const next = duty.trips[i]!;
        assert.ok(
          next.startMs >= before.endMs + LAYOVER_MIN_S * 1000,
          `${duty.deviceId}: ${before.tripId} then ${next.tripId}`,
        );
        assert.ok(next.tripId.startsWith(`${duty.route}_`), `${duty.deviceId} runs ${next.tripId}, not its route`);
      }
    }
    // Every trip of the day runs, once.
    const trips = duties.flatMap((d) => d.trips.map((t) => t.tripId));
    assert.equal(new Set(trips).size, trips.length);
    const timetabled = Array.from({ length: fleet.directions }, (_, i) => fleet.tripsOf(i, day).length).reduce(
      (a, b) => a + b,
      0,
    );
    assert.equal(trips.length, timetabled);
  });

  it('have only as many vehicles as the busiest moment of each route needs, the same ids every day', () => {
    const byRoute = new Map<string, typeof duties>();
    for (const d of duties) byRoute.set(d.route, [...(byRoute.get(d.route) ?? []), d]);
    for (const [route, vehicles] of byRoute) {
      const trips = vehicles.flatMap((v) => v.trips);
      let busiest = 0;
      for (const t of trips) {
        // Trips under way, or just ended and in their layover, when this one leaves.
        const busy = trips.filter((o) => o.startMs <= t.startMs && o.endMs + 2 * LAYOVER_MIN_S * 1000 > t.startMs);
        busiest = Math.max(busiest, busy.length);
      }
      assert.ok(vehicles.length <= busiest, `route ${route}: ${vehicles.length} vehicles, at most ${busiest} busy`);
    }
    const ids = (d: number) => new Set(fleet.dutiesOf(d).map((x) => x.deviceId));
    const today = ids(day);
    const tomorrow = ids(day + 1);
    const shared = [...today].filter((id) => tomorrow.has(id)).length;
    assert.ok(shared >= 0.9 * today.size, `${shared} of ${today.size} vehicles again the next day`);
  });

  it('report every vehicle at every instant, on a trip or out of service where it stood', () => {
    const all = new Set(duties.map((d) => d.deviceId));
    for (const hour of [4, 8, 12.25, 17.5, 23.5]) {
      const at = hanoiInstant(day, hour * 3600);
      const vehicles = fleet.vehiclesAt(at);
      assert.equal(new Set(vehicles.map((v) => v.deviceId)).size, vehicles.length, `hour ${hour}`);
      for (const id of all)
        assert.ok(
          vehicles.some((v) => v.deviceId === id),
          `${id} at hour ${hour}`,
        );
      const onTrips = vehicles.filter((v) => v.state.kind === 'trip');
      if (hour === 23.5 || hour === 4) assert.equal(onTrips.length, 0, `hour ${hour}`);
      else assert.ok(onTrips.length > 10, `hour ${hour}: ${onTrips.length}`);
      for (const v of onTrips) {
        const duty = duties.find((d) => d.deviceId === v.deviceId)!;
        const trip = duty.trips.find((t) => v.state.kind === 'trip' && t.tripId === v.state.tripId)!;
        assert.ok(trip.startMs <= at && at <= trip.endMs, `${v.deviceId} on ${trip.tripId}`);
        assert.match(trip.tripId, /^[A-Za-z0-9]+_\d-\d{4}$/);
      }
    }
  });
});

describeEachDriver('a simulated run through the real ingestion path', (ctx) => {
  let app: App;
  let admin: Account;
  let mqttUrl: string;

  before(async () => {
    app = await buildTestApp(ctx.db, { MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', IOT_BATCH_WAIT: '2ms' });
    admin = await accountWith(app, ['admin'], '*');
    mqttUrl = await app.ingest.startDevices();
    await app.broker.startWorker();
    await app.ingest.startWorker();
    await provisionDemoCity(app.ingest.provisioning, silentLog);
  });
  after(async () => {
    await app.ingest.stop();
    await app.broker.stopWorker();
    await app.http.close();
  });

  const get = async <T>(url: string): Promise<T> => {
    const res = await app.http.inject({ method: 'GET', url, headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<T>();
  };
  const vehicles = async () =>
    new Map(
      (
        await get<{ id: string; location?: { coordinates: [number, number] } }[]>(
          '/ngsi-ld/v1/entities?type=Vehicle&options=keyValues&limit=1000',
        )
      )
        // A bus is registered when it connects, and has a location from its first message on.
        .filter((v) => v.location)
        .map((v) => [v.id, v.location!.coordinates.join(',')]),
    );

  it('fills the city: air quality with history, buses that move', async (t) => {
    // Fast enough for three readings per station in ten seconds, slow enough that buses do not start and
    // end trips (new connections) faster than the embedded database of a loaded machine provisions them.
    const speed = 100;
    const simulator = startSimulator({
      mqttUrl,
      speed,
      scale: 1,
      seed: 11,
      log: silentLog,
      kinds: ['air', 'bus'],
      // A fifth of the trips: on a loaded machine the embedded database, in this very process, registers
      // a new bus in tens of milliseconds, and every trip is a new bus.
      busShare: 0.2,
      maxRatePerDevice: 2,
      // A loaded machine may be far behind: every reading sent must be acknowledged in the end.
      drainTimeoutMs: 120_000,
      start: new Date('2026-01-15T08:00:00+07:00'),
    });
    let firstSample: Map<string, string>;
    let moved: [string, string][] = [];
    let secondSize = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      firstSample = await vehicles();
      // Run 10 s at least; a loaded machine stores more slowly: look again until a bus has moved, for up to 40 s.
      for (let i = 0; i < 80 && (i < 16 || moved.length === 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const secondSample = await vehicles();
        secondSize = secondSample.size;
        moved = [...secondSample].filter(([id, at]) => firstSample.has(id) && firstSample.get(id) !== at);
        // A loaded machine may not have stored a bus by the first look: the first buses seen are the baseline.
        if (firstSample.size === 0) firstSample = secondSample;
      }
    } finally {
      await simulator.stop();
    }
    const stats = simulator.stats();
    t.diagnostic(`speed ${speed}×: ${JSON.stringify(stats)}; acknowledged ${stats.acknowledged}`);
    assert.ok(stats.acknowledged > 100, JSON.stringify(stats));
    assert.equal(stats.failed, 0);
    assert.equal(stats.unacknowledged, 0, JSON.stringify(stats));

    const stations = await get<{ id: string; pm25?: number; pm10?: number }[]>(
      '/ngsi-ld/v1/entities?type=AirQualityObserved&options=keyValues&limit=1000',
    );
    const measured = stations.filter((s) => typeof s.pm25 === 'number');
    assert.ok(measured.length >= 0.8 * facts.sensors.airQuality.length, `${measured.length} stations measured`);
    for (const s of measured) assert.ok((s.pm10 ?? 0) >= s.pm25!, '(s.pm10 ?? 0) >= s.pm25!');

    const history = await get<{ pm25?: { values?: [number, string][] } }>(
      `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(measured[0]!.id)}?attrs=pm25&options=temporalValues&timerel=after&timeAt=2000-01-01T00:00:00Z`,
    );
    const values = history.pm25?.values ?? [];
    assert.ok(values.length >= 3, JSON.stringify(history));
    for (const [, at] of values) assert.ok(at.startsWith('2026-01-15T0'), at); // the simulated timeline

    assert.ok(moved.length > 0, `${secondSize} vehicles, none moved`);
  });
  it('multiplies the devices with --scale: copies register themselves and say where they stand', async () => {
    const simulator = startSimulator({
      mqttUrl,
      speed: 600,
      scale: 2,
      seed: 5,
      log: silentLog,
      kinds: ['noise'],
      maxRatePerDevice: 2,
      drainTimeoutMs: 120_000,
      start: new Date('2026-01-16T09:00:00+07:00'),
    });
    const copies = async () =>
      (
        await get<{ id: string; LAeq?: number; location?: { coordinates: [number, number] } }[]>(
          '/ngsi-ld/v1/entities?type=NoiseLevelObserved&options=keyValues&limit=1000',
        )
      ).filter((e) => e.id.endsWith('-x2') && typeof e.LAeq === 'number' && e.location);
    let found: Awaited<ReturnType<typeof copies>> = [];
    try {
      for (let i = 0; i < 80 && found.length < facts.sensors.noise.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        found = await copies();
      }
    } finally {
      await simulator.stop();
    }
    assert.equal(simulator.stats().failed, 0);
    assert.equal(found.length, facts.sensors.noise.length, 'every noise sensor has a reporting copy');
    for (const copy of found) {
      const original = facts.sensors.noise.find((s) => `urn:ngsi-ld:NoiseLevelObserved:${s.id}-x2` === copy.id)!;
      assert.ok(original, copy.id);
      assert.ok(distanceMetres(original.location, copy.location!.coordinates) < 700, copy.id);
    }
  });
});
