// The console keeping up: Thang Long runs as its own process (`thanglong start`, DEMO off, embedded
// database); this process is the fleet (its units are MQTT devices through ingestion, as in the demo)
// and the dispatcher's console (it follows GET /api/v1/events for EmergencyIncident and EmergencyUnit
// changes, and refetches the open incidents as the console does). 300 units report a position every 5 s;
// 50 incidents are taken as calls, each sent the recommended units, whose crews then report en route
// and on scene. Event lag: from a unit's report leaving this process to its change arriving on the
// console's stream; for an incident, from the dispatch request to its change on the stream.
// Target (issue 19): event lag p95 ≤ 1 s. Prints figures; asserts nothing.
//
// Built against the HTTP API of the module's contract (roster, calls, recommendations, dispatch): it
// needs the whole emergency module in the server.
//
//   BENCH_UNITS=300        units (default 300)
//   BENCH_INCIDENTS=50     incidents open at once (default 50)
//   BENCH_SECONDS=30       length of the measured window (default 30)
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { adminSession, startThangLongProcess } from '../lib/server.js';
import { hanoiFleet, randomPlace, seeded } from './fleet.js';

const TARGET_P95_MS = 1000;
const PERIOD_S = 5;
const ADMIN_PASSWORD = 'bench-emergency-first-passphrase';
const APIKEY = 'bench-emergency-units';
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function quantiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { n: sorted.length, p50: q(0.5), p95: q(0.95), max: round(sorted[sorted.length - 1] ?? NaN) };
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

interface Change {
  id: string;
  kind: string;
  status?: string;
  location?: { coordinates: [number, number] };
}

/** Reads an event stream, handing each `change` event's data to `on`. */
async function followEvents(url: string, token: string, on: (c: Change) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`event stream: ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: change$/m.test(block)) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) on(JSON.parse(data) as Change);
        }
      }
    } catch {
      // Aborted at the end of the run.
    }
  })();
}

export async function run(): Promise<void> {
  const unitCount = Number(process.env['BENCH_UNITS'] ?? 300);
  const incidentCount = Number(process.env['BENCH_INCIDENTS'] ?? 50);
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 30);
  const random = seeded(19);
  const { stations, units } = hanoiFleet(unitCount, random, false);
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-bench-emergency-'));
  let server: ChildProcess | undefined;
  const clients: mqtt.MqttClient[] = [];
  const abort = new AbortController();
  try {
    const mqttPort = await freePort();
    const started = await startThangLongProcess({
      MQTT_PORT: String(mqttPort),
      AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DATA_DIR: dataDir,
    });
    server = started.child;
    const url = started.url;
    const { token, headers, call } = await adminSession(url, ADMIN_PASSWORD);

    const probe = await fetch(`${url}/api/v1/emergency/incident-types`, { headers });
    if (probe.status === 404) {
      process.stdout.write('The emergency module is not in this server (no /api/v1/emergency): part lag skipped.\n');
      return;
    }
    // The roster through the admin routes, then one device per unit (the module may have made them: 409 is fine).
    for (const s of stations) await call('POST', '/api/v1/emergency/stations', s);
    for (const u of units) {
      const { id, callSign, kind, agency, capabilities, stationId, crew } = u;
      await call('POST', '/api/v1/emergency/units', { id, callSign, kind, agency, capabilities, stationId, crew });
    }
    await call(
      'POST',
      '/iot/services',
      {
        services: [
          {
            apikey: APIKEY,
            resource: '/iot/json',
            entity_type: 'EmergencyUnit',
            autoprovision: false,
            // Each terminal its own secret, as the demo's: the centre takes no position proved by an API key alone.
            deviceAuth: 'secret',
            attributes: [
              { object_id: 'gps', name: 'location', type: 'geo:point' },
              { object_id: 'status', name: 'status', type: 'Text' },
              { object_id: 'speed', name: 'speed', type: 'Number', unitCode: 'KMH' },
              { object_id: 'heading', name: 'heading', type: 'Number' },
            ],
            commands: [{ name: 'assignment', type: 'command' }],
          },
        ],
      },
      [409],
    );
    const deviceOf = (callSign: string) => callSign.toLowerCase();
    const entityOf = (callSign: string) => `urn:ngsi-ld:EmergencyUnit:${callSign}`;
    for (let from = 0; from < units.length; from += 100)
      await call(
        'POST',
        '/iot/devices',
        {
          devices: units.slice(from, from + 100).map((u) => ({
            device_id: deviceOf(u.callSign),
            entity_name: entityOf(u.callSign),
            entity_type: 'EmergencyUnit',
          })),
        },
        [409],
      );
    // Each terminal connects as itself (its device id, its secret), as the demo's unit terminals do.
    for (const u of units) {
      const device = deviceOf(u.callSign);
      const { secret } = (await call('POST', `/iot/devices/${device}/secret`, {})) as { secret: string };
      clients.push(
        await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
          clientId: device,
          username: device,
          password: secret,
          reconnectPeriod: 1000,
        }),
      );
    }

    // The console: one stream, as the page keeps it.
    const sent = new Map<string, number>();
    const positionKey = (entity: string, lon: number, lat: number) => `${entity}|${lon.toFixed(5)}|${lat.toFixed(5)}`;
    const dispatchedAt = new Map<string, number>();
    const unitLag: number[] = [];
    const incidentLag: number[] = [];
    let changes = 0;
    let measuring = false;
    await followEvents(
      `${url}/api/v1/events?type=EmergencyIncident,EmergencyUnit`,
      token,
      (c) => {
        changes++;
        const now = performance.now();
        const at = c.location && sent.get(positionKey(c.id, c.location.coordinates[0], c.location.coordinates[1]));
        if (at !== undefined && at !== 0) {
          if (measuring) unitLag.push(now - at);
          sent.set(positionKey(c.id, c.location!.coordinates[0], c.location!.coordinates[1]), 0);
        }
        const asked = dispatchedAt.get(c.id);
        if (asked !== undefined && c.status === 'dispatched') {
          incidentLag.push(now - asked);
          dispatchedAt.delete(c.id);
        }
      },
      abort.signal,
    );

    // Each unit where it stands, moving a little every period.
    const stationAt = new Map(stations.map((s) => [s.id, s.location]));
    const where = units.map((u) => [...stationAt.get(u.stationId)!] as [number, number]);
    let publishFailures = 0;
    const report = (i: number, extra: Record<string, unknown> = {}) => {
      const u = units[i]!;
      const p = where[i]!;
      // Rounded as sent, so the position read back on the stream is the same number.
      p[0] = Number((p[0] + (random() - 0.5) * 0.002).toFixed(6));
      p[1] = Number((p[1] + (random() - 0.5) * 0.002).toFixed(6));
      sent.set(positionKey(entityOf(u.callSign), p[0], p[1]), performance.now());
      const body = { gps: `${p[1].toFixed(6)},${p[0].toFixed(6)}`, speed: Math.round(20 + random() * 30), ...extra };
      clients[i]!.publish(`/${APIKEY}/${deviceOf(u.callSign)}/attrs`, JSON.stringify(body), { qos: 1 }, (err) => {
        if (err) publishFailures++;
      });
    };
    units.forEach((_, i) => report(i, { status: 'available' }));
    await sleep(3000);

    // The incidents: a call each, the recommended units sent.
    const types = ((await call('GET', '/api/v1/emergency/incident-types')) as { types: { code: string }[] }).types;
    const incidents: { id: string; unitIds: string[] }[] = [];
    const refused = { dispatch: 0 };
    measuring = true;
    const windowStarted = performance.now();
    for (let n = 0; n < incidentCount; n++) {
      const { incident } = (await call('POST', '/api/v1/emergency/calls', {
        phone: `09${String(10_000_000 + n)}`,
        typeCode: types[n % types.length]!.code,
        location: randomPlace(random),
        text: 'bench',
      })) as { incident: { id: string } };
      const rec = (await call('GET', `/api/v1/emergency/incidents/${incident.id}/recommendations`)) as {
        suggested: { unit: { id: string } }[];
      };
      const unitIds = rec.suggested.map((s) => s.unit.id);
      if (unitIds.length === 0) continue;
      dispatchedAt.set(`urn:ngsi-ld:EmergencyIncident:${incident.id}`, performance.now());
      try {
        await call('POST', `/api/v1/emergency/incidents/${incident.id}/dispatch`, { unitIds });
        incidents.push({ id: incident.id, unitIds });
      } catch {
        refused.dispatch++;
      }
    }
    const unitIndex = new Map(units.map((u, i) => [u.id, i]));
    const crewsOnTheirWay = incidents.flatMap((x) => x.unitIds.map((id) => unitIndex.get(id)!));

    // The window: every unit reports each period, spread over it; crews report en route, then on scene;
    // the console refetches the open incidents once a second.
    const refetchMs: number[] = [];
    const refetcher = setInterval(() => {
      const t = performance.now();
      void call('GET', '/api/v1/emergency/incidents?status=open').then(
        () => refetchMs.push(performance.now() - t),
        () => refetchMs.push(Infinity),
      );
    }, 1000);
    const ticksPerPeriod = 10;
    let tick = 0;
    const perTick = Math.ceil(units.length / ticksPerPeriod);
    const statusOf = (i: number, period: number) => {
      if (!crewsOnTheirWay.includes(i)) return {};
      return period === 1 ? { status: 'en_route' } : period === 3 ? { status: 'on_scene' } : {};
    };
    while (performance.now() - windowStarted < seconds * 1000) {
      const period = Math.floor(tick / ticksPerPeriod);
      const slot = tick % ticksPerPeriod;
      for (let i = slot * perTick; i < Math.min(units.length, (slot + 1) * perTick); i++)
        report(i, statusOf(i, period));
      tick++;
      await sleep((PERIOD_S * 1000) / ticksPerPeriod);
    }
    clearInterval(refetcher);
    await sleep(2000);
    measuring = false;
    const lost = [...sent.values()].filter((t) => t !== 0).length;

    const unitQ = quantiles(unitLag);
    // The centre keeps a unit's position only from a terminal that proved itself: none is kept if refused.
    const roster = (await call('GET', '/api/v1/emergency/units')) as { units: { location?: unknown }[] };
    const figures = {
      unitsWhosePositionTheCentreTook: roster.units.filter((u) => u.location !== undefined).length,
      units: units.length,
      incidents: incidents.length,
      dispatchesRefused: refused.dispatch,
      windowSeconds: seconds,
      positionsPerSecond: round(units.length / PERIOD_S),
      changesOnTheStream: changes,
      unitEventLagMs: unitQ,
      reportsNotSeenOnTheStream: lost,
      publishFailures,
      incidentDispatchToEventMs: quantiles(incidentLag),
      consoleRefetchOpenIncidentsMs: quantiles(refetchMs),
      machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => round(l, 2)) },
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `Event lag, ${units.length} units every ${PERIOD_S} s and ${incidents.length} incidents: p50 ${unitQ.p50} ms, p95 ${unitQ.p95} ms; target p95 ≤ ${TARGET_P95_MS} ms: ${met(unitQ.p95 <= TARGET_P95_MS && lost === 0)}\n`,
    );
  } finally {
    abort.abort();
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
