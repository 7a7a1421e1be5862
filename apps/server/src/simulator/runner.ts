import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { DEMO_API_KEYS } from '../demo/index.js';
import { hanoiDemoSchedule } from '../demo/transit.js';
import { BusFleet } from './buses.js';
import { startEmergencyUnits } from './emergency.js';
import type { DemoUnitDoing } from '../demo/emergency.js';
import { hanoiTime, loadCityFacts, type LonLat } from './city.js';
import { CityEnvironment } from './environment.js';
import { randomFor, type Random } from './random.js';
import { backOffWhileUnanswered, RECONNECT_MS } from './reconnect.js';

export interface SimulatorOptions {
  /** The server's MQTT broker, e.g. mqtt://127.0.0.1:1883. */
  readonly mqttUrl: string;
  /** Simulated seconds per real second. */
  readonly speed: number;
  /** Fleets per route (load); sensors are not multiplied, they must be provisioned. */
  readonly scale: number;
  readonly seed: number;
  readonly log: Logger;
  /** Simulated start; default now. A start in the past runs fast until it reaches the present. */
  readonly start?: Date;
  /**
   * How far behind the present the clock settles (ms, default 0): a past start runs fast until it
   * reaches the present less this, then at 1×. Hanoi's daytime can so be shown at any hour.
   */
  readonly lagMs?: number;
  /** The kinds of device to run; default all. */
  readonly kinds?: readonly DeviceKind[];
  /** Most messages a device sends per real second, however fast the clock runs; default 20. */
  readonly maxRatePerDevice?: number;
  /** The share of vehicles that run (0–1, default 1): a lighter fleet for tests on slow machines. */
  readonly busShare?: number;
  /** How long a device that hangs up waits for its readings to be acknowledged (default 10 s). */
  readonly drainTimeoutMs?: number;
  /**
   * Hours of readings the air-quality stations and river gauges upload at start, as stations do with
   * their data logger after a gap: the index and the charts then have a past from the first minute.
   */
  readonly backfillHours?: number;
  /** The key of the demo units' secrets of this start (demo/index.ts). */
  readonly unitsKey?: string | undefined;
  /** What the centre has the demo units doing at this start: they resume it (simulator/emergency.ts). */
  readonly unitsDoing?: readonly DemoUnitDoing[];
}

export const DEVICE_KINDS = ['air', 'noise', 'water', 'parking', 'traffic', 'bus', 'emergency'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface SimulatorStats {
  readonly simulatedTime: string;
  readonly sensors: number;
  /** Vehicles on a trip now. */
  readonly buses: number;
  /** Vehicles of the fleets, in service or not. */
  readonly vehicles: number;
  readonly connections: number;
  readonly sent: number;
  readonly acknowledged: number;
  readonly failed: number;
  /** Sent but never acknowledged: still waiting when the simulator stopped. */
  readonly unacknowledged: number;
  /** Readings not sent because the device still waited for acknowledgements (server behind). */
  readonly skipped: number;
  readonly silentDevices: number;
  readonly spikes: number;
}

export interface RunningSimulator {
  /** Stops sending, waits for outstanding acknowledgements (a few seconds at most), disconnects. */
  stop(): Promise<void>;
  stats(): SimulatorStats;
}

type Reading = Record<string, number | boolean | string>;

interface SensorDevice {
  readonly kind: DeviceKind;
  readonly id: string;
  readonly apikey: string;
  /** Simulated seconds between readings. */
  readonly interval: number;
  readonly read: (ms: number) => Reading;
  /** A faulty reading: one value far off. */
  readonly spike: (reading: Reading) => Reading;
  readonly random: Random;
  /** Where a copy made by --scale stands: it tells the server with its first reading of a connection. */
  readonly announce?: LonLat;
  nextDue: number;
}

interface Connection {
  readonly client: MqttClient;
  pending: number;
  refused: boolean;
  /** Given up on: late acknowledgements no longer count. */
  closed: boolean;
  /** A copy's location went out on this connection. */
  announced: boolean;
}

const TICK_MS = 50; // at most one reading per device per tick: ≤ 20 messages per second per device
const DEFAULT_MAX_RATE = 20;
const MAX_PENDING_PER_DEVICE = 5;
const BUS_INTERVAL_S = 10;
/** A vehicle out of service reports where it stands this often (a parked tracker's heartbeat). */
const OUT_OF_SERVICE_INTERVAL_S = 300;
/** The vehicle's serviceStatus (Smart Data Models Vehicle): on a trip, or carrying nobody. */
export const IN_SERVICE = 'onRoute';
export const OUT_OF_SERVICE = 'outOfService';
const SILENCE_PER_HOUR = 0.003;
const SPIKE_PER_READING = 0.002;
const DRAIN_TIMEOUT_MS = 10_000;
const END_TIMEOUT_MS = 2000;

const times =
  (factor: number, ...keys: string[]) =>
  (reading: Reading) => {
    const out = { ...reading };
    for (const key of keys) if (typeof out[key] === 'number') out[key] = Math.round(out[key] * factor * 10) / 10;
    return out;
  };
const plus = (amount: number, key: string) => (reading: Reading) => ({
  ...reading,
  [key]: Math.round(((reading[key] as number) + amount) * 100) / 100,
});

/**
 * The provisioned sites, and with --scale N, N − 1 copies of each a few hundred metres away
 * ("<id>-x2", …), which register themselves through their group's autoprovisioning.
 */
function scaled<S extends { readonly id: string; readonly location: LonLat }>(
  sites: readonly S[],
  scale: number,
  seed: number,
): (S & { announce?: LonLat })[] {
  const out: (S & { announce?: LonLat })[] = [...sites];
  for (let k = 2; k <= scale; k++) {
    for (const site of sites) {
      const r = randomFor(seed, 'copy', site.id, k);
      const location: LonLat = [
        Math.round((site.location[0] + r.uniform(-0.004, 0.004)) * 1e5) / 1e5,
        Math.round((site.location[1] + r.uniform(-0.004, 0.004)) * 1e5) / 1e5,
      ];
      out.push({ ...site, id: `${site.id}-x${k}`, location, announce: location });
    }
  }
  return out;
}

function sensorDevices(environment: CityEnvironment, seed: number, scale: number): SensorDevice[] {
  const facts = loadCityFacts().sensors;
  const sensors = {
    airQuality: scaled(facts.airQuality, scale, seed),
    noise: scaled(facts.noise, scale, seed),
    waterLevel: scaled(facts.waterLevel, scale, seed),
    parking: scaled(facts.parking, scale, seed),
    cameras: scaled(facts.cameras, scale, seed),
  };
  const device = (
    kind: DeviceKind,
    site: { readonly id: string; readonly announce?: LonLat },
    apikey: string,
    interval: number,
    read: (ms: number) => Reading,
    spike: (reading: Reading) => Reading,
  ): SensorDevice => ({
    kind,
    id: site.id,
    apikey,
    interval,
    read,
    spike,
    random: randomFor(seed, 'device', site.id),
    ...(site.announce ? { announce: site.announce } : {}),
    nextDue: 0,
  });
  return [
    ...sensors.airQuality.map((s) =>
      device(
        'air',
        s,
        DEMO_API_KEYS.air,
        300,
        (ms) => ({ ...environment.airQuality(s, ms) }),
        times(5, 'pm25', 'pm10'),
      ),
    ),
    ...sensors.noise.map((s) =>
      device('noise', s, DEMO_API_KEYS.noise, 60, (ms) => environment.noise(s.id, ms), plus(25, 'lamax')),
    ),
    ...sensors.waterLevel.map((s) =>
      device('water', s, DEMO_API_KEYS.water, 300, (ms) => ({ h: environment.waterLevel(s, ms) }), plus(3, 'h')),
    ),
    ...sensors.parking.map((s) =>
      device(
        'parking',
        s,
        DEMO_API_KEYS.parking,
        60,
        (ms) => environment.parking(s, ms),
        (r) => ({ ...r, free: -1 }),
      ),
    ),
    ...sensors.cameras.map((s) =>
      device('traffic', s, DEMO_API_KEYS.traffic, 60, (ms) => environment.traffic(s.id, ms), times(6, 'flow')),
    ),
  ];
}

/** Is this device silent (a fault) at this instant? Silences start at random, last 30 min to 4 h. */
function isSilent(seed: number, deviceId: string, ms: number): boolean {
  const hour = Math.floor(ms / 3600_000);
  for (let h = hour - 4; h <= hour; h++) {
    const r = randomFor(seed, 'silence', deviceId, h);
    if (!r.chance(SILENCE_PER_HOUR)) continue;
    const from = (h + r.next()) * 3600_000;
    if (ms >= from && ms < from + r.uniform(0.5, 4) * 3600_000) return true;
  }
  return false;
}

/**
 * Runs the living city against a Thang Long server: every demo sensor and every vehicle of the bus
 * fleets is its own MQTT device for its whole life (a vehicle says whether it is on a trip or out of
 * service) (username = device id, password = API key), publishing IoT Agent JSON with
 * QoS 1 and a `TimeInstant` on the simulated clock. It talks only MQTT, so it doubles as a load
 * generator. The simulated clock never runs ahead of the wall clock (the server refuses readings
 * from the future): from a past `start` it runs at `speed` until it reaches the present (less `lagMs`),
 * then at 1×.
 *
 *   const sim = startSimulator({ mqttUrl: 'mqtt://127.0.0.1:1883', speed: 60, scale: 1, seed: 1, log });
 *   // …
 *   await sim.stop();
 */
export function startSimulator(options: SimulatorOptions): RunningSimulator {
  const { log, seed } = options;
  const speed = Math.max(0.001, options.speed);
  const facts = loadCityFacts();
  const environment = new CityEnvironment(seed, facts.airQuality);
  const kinds = new Set<DeviceKind>(options.kinds ?? DEVICE_KINDS);
  // The buses run the demo schedule, along its shapes on the roads (the road graph is read for it).
  const fleet = kinds.has('bus') ? new BusFleet(hanoiDemoSchedule(), seed, options.scale) : undefined;
  // The emergency units answer the centre's assignments, in the present (simulator/emergency.ts).
  const emergency = kinds.has('emergency')
    ? startEmergencyUnits({
        mqttUrl: options.mqttUrl,
        seed,
        log,
        unitsKey: options.unitsKey,
        doing: options.unitsDoing ?? [],
      })
    : undefined;
  const sensors = sensorDevices(environment, seed, Math.max(1, Math.floor(options.scale))).filter((d) =>
    kinds.has(d.kind),
  );
  // The shortest real time between two messages of one device, in simulated milliseconds.
  const minGap = (1000 / Math.min(DEFAULT_MAX_RATE, options.maxRatePerDevice ?? DEFAULT_MAX_RATE)) * speed;

  const lagMs = Math.max(0, options.lagMs ?? 0);
  const startMs = options.start?.getTime() ?? Date.now() - lagMs;
  const startedAt = performance.now();
  let stoppedAt: number | undefined;
  const clock = (): number => {
    if (stoppedAt !== undefined) return stoppedAt;
    const simulated = startMs + (performance.now() - startedAt) * speed;
    const wall = Date.now();
    const settle = wall - lagMs;
    if (startMs <= settle) return Math.min(simulated, settle);
    return startMs <= wall ? Math.min(simulated, wall) : simulated;
  };
  if (startMs > Date.now() + 60_000) {
    log.warn(
      { start: new Date(startMs).toISOString() },
      'simulated start is in the future: the server will refuse readings',
    );
  }

  const counts = { sent: 0, acknowledged: 0, failed: 0, unacknowledged: 0, skipped: 0, spikes: 0 };
  const connections = new Map<string, Connection>();
  let activeBuses = 0;
  let fleetSize = 0;
  let silentDevices = 0;
  let stopped = false;
  const refusedKinds = new Set<string>();

  const connect = (deviceId: string, apikey: string): Connection => {
    const client = mqtt.connect(options.mqttUrl, {
      username: deviceId,
      password: apikey,
      clientId: `sim-${seed}-${deviceId}`.slice(0, 120),
      clean: true,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 30_000, // a busy server answers late; reconnecting early only adds to its work
    });
    backOffWhileUnanswered(client);
    const connection: Connection = { client, pending: 0, refused: false, closed: false, announced: false };
    client.on('connect', () => (connection.announced = false)); // a new session: say where again
    client.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      if (code === 4 || code === 5 || code === 134 || code === 135) {
        // Not provisioned (DEMO=off?) or wrong key: trying again will not help.
        connection.refused = true;
        client.end(true);
        if (!refusedKinds.has(apikey)) {
          refusedKinds.add(apikey);
          log.warn({ deviceId, apikey }, 'the server refused a simulated device: is the demo city provisioned?');
        }
      } else {
        log.debug({ deviceId, err: err.message }, 'simulated device: MQTT error');
      }
    });
    connections.set(deviceId, connection);
    return connection;
  };

  const publish = (deviceId: string, apikey: string, at: number, reading: Reading, announce?: LonLat): void => {
    const connection = connections.get(deviceId) ?? connect(deviceId, apikey);
    if (connection.refused) return;
    if (connection.pending >= MAX_PENDING_PER_DEVICE) {
      counts.skipped++;
      return;
    }
    connection.pending++;
    counts.sent++;
    const located = announce && !connection.announced ? { gps: `${announce[1]}, ${announce[0]}` } : {};
    if (announce) connection.announced = true;
    const payload = JSON.stringify({ TimeInstant: new Date(at).toISOString(), ...reading, ...located });
    connection.client.publish(`/${apikey}/${deviceId}/attrs`, payload, { qos: 1 }, (err) => {
      if (connection.closed) return;
      connection.pending--;
      if (err) counts.failed++;
      else counts.acknowledged++;
    });
  };

  /** Waits (a while) for the connection's readings to be acknowledged, then hangs up. */
  const closing = new Set<Promise<void>>();
  const disconnect = (connection: Connection): Promise<void> => {
    const done = (async () => {
      const deadline = Date.now() + (options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
      while (!connection.refused && connection.pending > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      counts.unacknowledged += connection.refused ? 0 : connection.pending;
      connection.closed = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        connection.client.endAsync(),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            connection.client.end(true); // its callback is not always called on a client still reconnecting
            resolve();
          }, END_TIMEOUT_MS);
        }),
      ]).catch(() => undefined);
      clearTimeout(timer);
    })();
    closing.add(done);
    void done.finally(() => closing.delete(done));
    return done;
  };

  // Spread first readings over each device's interval, as real devices would be.
  for (const device of sensors) device.nextDue = startMs + device.random.uniform(0, device.interval * 1000);
  /** Each vehicle's last report: what it was doing, and when it reports next if nothing changes. */
  const busLast = new Map<string, { kind: 'trip' | 'outOfService'; tripId: string | undefined; due: number }>();
  const share = Math.min(1, Math.max(0, options.busShare ?? 1));
  const running = new Map<string, boolean>();
  /** Is this vehicle one of the share that runs? Decided once per vehicle, by the seed. */
  const runs = (deviceId: string): boolean => {
    if (share >= 1) return true;
    let yes = running.get(deviceId);
    if (yes === undefined) running.set(deviceId, (yes = randomFor(seed, 'share', deviceId).next() < share));
    return yes;
  };

  const tick = (): void => {
    const now = clock();
    let silent = 0;
    for (const device of sensors) {
      if (device.nextDue > now) continue;
      const at = device.nextDue;
      device.nextDue = Math.max(at + Math.max(device.interval * 1000, minGap), now);
      if (isSilent(seed, device.id, at)) {
        silent++;
        continue;
      }
      let reading = device.read(at);
      if (device.random.chance(SPIKE_PER_READING)) {
        reading = device.spike(reading);
        counts.spikes++;
      }
      publish(device.id, device.apikey, at, reading, device.announce);
    }
    silentDevices = silent;

    const vehicles = fleet ? fleet.vehiclesAt(now).filter((v) => runs(v.deviceId)) : [];
    let onTrips = 0;
    for (const vehicle of vehicles) {
      const { state } = vehicle;
      if (state.kind === 'trip') onTrips++;
      // A vehicle says at once when it starts or ends a trip; in between as often as its state asks.
      const last = busLast.get(vehicle.deviceId);
      const changed = last?.kind !== state.kind || (state.kind === 'trip' && last.tripId !== state.tripId);
      if (!changed && (last?.due ?? 0) > now) continue;
      const interval = state.kind === 'trip' ? BUS_INTERVAL_S : OUT_OF_SERVICE_INTERVAL_S;
      busLast.set(vehicle.deviceId, {
        kind: state.kind,
        tripId: state.kind === 'trip' ? state.tripId : undefined,
        due: now + Math.max(interval * 1000, minGap),
      });
      if (state.kind === 'trip') {
        const { location, speed: kmh, heading, delay } = state.position;
        publish(vehicle.deviceId, DEMO_API_KEYS.bus, now, {
          gps: `${location[1].toFixed(5)}, ${location[0].toFixed(5)}`,
          speed: kmh,
          heading,
          route: vehicle.route,
          trip: state.tripId,
          delay,
          status: IN_SERVICE,
        });
      } else {
        // Out of service (between trips, after its day): where it stands, and that it carries nobody.
        publish(vehicle.deviceId, DEMO_API_KEYS.bus, now, {
          gps: `${state.location[1].toFixed(5)}, ${state.location[0].toFixed(5)}`,
          speed: 0,
          heading: state.heading,
          route: vehicle.route,
          status: OUT_OF_SERVICE,
        });
      }
    }
    activeBuses = onTrips;
    fleetSize = vehicles.length;
  };

  /**
   * The backfill: each station first reports its reading of now, as a station back on line does, then
   * uploads its logged readings, an hour per message, oldest first, one message in flight. The server
   * thus knows the present before the past arrives, and takes the log as history.
   */
  const BACKFILL_KINDS: readonly DeviceKind[] = ['air', 'water'];
  const backfill = async (hours: number): Promise<void> => {
    const from = startMs - hours * 3600_000;
    const stations = sensors.filter((d) => BACKFILL_KINDS.includes(d.kind));
    const send = async (device: SensorDevice, body: unknown, n: number): Promise<void> => {
      const connection = connections.get(device.id) ?? connect(device.id, device.apikey);
      if (stopped || connection.refused) return;
      counts.sent += n;
      try {
        await connection.client.publishAsync(`/${device.apikey}/${device.id}/attrs`, JSON.stringify(body), { qos: 1 });
        counts.acknowledged += n;
      } catch {
        counts.failed += n;
      }
    };
    await Promise.all(
      stations.map(async (device) => {
        device.nextDue = startMs + device.interval * 1000;
        if (isSilent(seed, device.id, startMs)) return;
        const located = device.announce ? { gps: `${device.announce[1]}, ${device.announce[0]}` } : {};
        await send(device, { TimeInstant: new Date(startMs).toISOString(), ...device.read(startMs), ...located }, 1);
      }),
    );
    await Promise.all(
      stations.map(async (device) => {
        const random = randomFor(seed, 'backfill', device.id);
        const logged: Record<string, unknown>[] = [];
        const step = device.interval * 1000;
        for (let at = from + random.uniform(0, step); at < startMs; at += step) {
          if (!isSilent(seed, device.id, at))
            logged.push({ TimeInstant: new Date(at).toISOString(), ...device.read(at) });
        }
        const perMessage = Math.max(1, Math.round(3600 / device.interval));
        for (let i = 0; i < logged.length && !stopped; i += perMessage) {
          const chunk = logged.slice(i, i + perMessage);
          await send(device, chunk, chunk.length);
        }
      }),
    );
    log.info({ hours, readings: counts.acknowledged }, 'simulator: stations uploaded their logged readings');
  };
  if ((options.backfillHours ?? 0) > 0) {
    void backfill(options.backfillHours as number).catch((err: unknown) => log.warn({ err }, 'backfill failed'));
  }

  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      log.error({ err }, 'simulator tick failed');
    }
  }, TICK_MS);
  const report = setInterval(() => log.info(stats(), 'simulator'), 60_000);
  report.unref();

  const local = hanoiTime(startMs);
  log.info(
    {
      start: new Date(startMs).toISOString(),
      hanoiHour: Math.round(local.hour * 100) / 100,
      speed,
      seed,
      sensors: sensors.length,
      busDirections: fleet?.directions ?? 0,
      fleetsPerRoute: Math.max(1, Math.floor(options.scale)),
    },
    'simulator started',
  );

  function stats(): SimulatorStats {
    return {
      simulatedTime: new Date(clock()).toISOString(),
      sensors: sensors.length,
      buses: activeBuses,
      vehicles: fleetSize,
      connections: connections.size,
      silentDevices,
      ...counts,
    };
  }

  return {
    stats,
    async stop() {
      if (stopped) return;
      stopped = true;
      stoppedAt = clock();
      clearInterval(timer);
      clearInterval(report);
      const all = [...connections.values()];
      connections.clear();
      await Promise.all([...all.map(disconnect), ...closing, emergency?.stop()]);
      log.info(stats(), 'simulator stopped');
    },
  };
}
