import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { simulatedStart } from '../src/platform/hanoi-time.js';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from './support/process.js';

// `npm start` as a new user runs it: the real server process with DEMO=on, provisioning the city and
// running the simulator beside it as a process of its own, over MQTT. Then a restart, which replays
// the same simulated morning: everything must be there once.

const ADMIN_PASSWORD = 'demo-city-test-first-passphrase';
// A morning at least an hour ago, so the simulated minutes stay in the past; the same for both starts.
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const DEADLINE_MS = 180_000;

interface DeviceRow {
  device_id: string;
  entity_type: string;
  health: { status: string; lastSeenAt: string | null; messages: number };
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + DEADLINE_MS;
  let last = '';
  for (;;) {
    try {
      const found = await probe();
      if (found !== undefined) return found;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > until) throw new Error(`${what}: not within ${DEADLINE_MS / 1000} s (${last})`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`the demo city as npm start runs it [${driver}]`, skip ? { skip } : {}, () => {
    it('reports from hundreds of devices with buses moving, and survives a restart without duplicates', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: MORNING,
        LOG_LEVEL: 'warn',
      };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      let server: RunningServer | undefined;
      try {
        server = await startServer(env);
        assert.match(server.output(), /Demo city:\s+\d{3} Hanoi devices provisioned/);
        assert.match(server.output(), /Demo buses:\s+\d{4} trips of \d{2} routes imported as GTFS/);
        let token = await loginAdmin(server, ADMIN_PASSWORD);
        const get = async <T>(path: string): Promise<T> => {
          const res = await callServer(server!, 'GET', path, token);
          assert.equal(res.status, 200, res.text);
          return JSON.parse(res.text) as T;
        };
        const devices = async () => (await get<{ devices: DeviceRow[] }>('/iot/devices?limit=1000')).devices;
        const buses = async () =>
          new Map(
            (
              await get<{ id: string; location?: { coordinates: number[] } }[]>(
                '/ngsi-ld/v1/entities?type=Vehicle&options=keyValues&limit=1000',
              )
            )
              .filter((v) => v.location)
              .map((v) => [v.id, v.location!.coordinates.join(',')]),
          );

        const reporting = await poll('hundreds of devices reporting', async () => {
          const seen = (await devices()).filter((d) => d.health.lastSeenAt !== null && d.health.status === 'online');
          return seen.length >= 200 ? seen : undefined;
        });
        assert.ok(
          reporting.some((d) => d.entity_type === 'AirQualityObserved'),
          "reporting.some((d) => d.entity_type === 'AirQualityObserved')",
        );
        assert.ok(
          reporting.some((d) => d.entity_type === 'Vehicle'),
          "reporting.some((d) => d.entity_type === 'Vehicle')",
        );
        const before = await buses();
        const moved = await poll('a bus moving', async () => {
          const now = await buses();
          const ids = [...now].filter(([id, at]) => before.has(id) && before.get(id) !== at).map(([id]) => id);
          return ids.length > 0 ? ids : undefined;
        });
        assert.ok(moved[0]!.startsWith('urn:ngsi-ld:Vehicle:'), "moved[0]!.startsWith('urn:ngsi-ld:Vehicle:')");
        // The buses run the schedule the demo imported: their route is one of its routes.
        const routes = new Set(
          (await get<{ routes: { id: string }[] }>('/api/v1/transit/routes?limit=1000')).routes.map((r) => r.id),
        );
        const onTrips = (
          await get<{ routeCode?: string; tripId?: string }[]>(
            '/ngsi-ld/v1/entities?type=Vehicle&options=keyValues&limit=1000',
          )
        ).filter((v) => v.tripId);
        assert.ok(onTrips.length > 0, 'onTrips.length > 0');
        for (const v of onTrips) assert.ok(routes.has(v.routeCode!), `${v.tripId} on route ${v.routeCode}`);

        // A noise sensor reports every simulated minute: a few readings of this morning by now.
        const noise = reporting.find((d) => d.entity_type === 'NoiseLevelObserved')!;
        const noiseId = `urn:ngsi-ld:NoiseLevelObserved:${noise.device_id}`;
        const history = async () =>
          (
            await get<{ LAeq?: { values?: [number, string][] } }>(
              `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(noiseId)}?attrs=LAeq&options=temporalValues&timerel=after&timeAt=2000-01-01T00:00:00Z&lastN=1000`,
            )
          ).LAeq?.values ?? [];
        const firstRun = await poll('readings of the noise sensor', async () => {
          const values = await history();
          return values.length >= 3 ? values : undefined;
        });

        server.child.kill('SIGTERM');
        assert.equal(await server.exited, 0, server.output());

        // The same morning again: the simulator sends the readings it sent before, and more.
        server = await startServer(env);
        assert.doesNotMatch(server.output(), /Demo city:/, 'nothing left to provision');
        assert.doesNotMatch(server.output(), /Demo buses:/, 'the schedule is current already');
        token = await loginAdmin(server, ADMIN_PASSWORD);
        assert.equal((await get<{ count: number }>('/api/v1/transit/feeds')).count, 1);
        const latest = firstRun
          .map(([, at]) => at)
          .sort()
          .at(-1)!;
        const secondRun = await poll('newer readings after the restart', async () => {
          const values = await history();
          return values.some(([, at]) => at > latest) ? values : undefined;
        });
        const instants = secondRun.map(([, at]) => at);
        assert.equal(new Set(instants).size, instants.length, `a reading stored twice: ${instants.join(' ')}`);
        for (const [, at] of firstRun) assert.ok(instants.includes(at), `${at} was lost`);

        // One device per site and per bus; one entity per site (a bus has one from its first reading on).
        // Entities are listed before devices: a bus autoprovisioned meanwhile (its device row written
        // before its entity) is then among the devices, so every entity listed has its device.
        const entities = async (type: string) =>
          (await get<{ id: string }[]>(`/ngsi-ld/v1/entities?type=${type}&limit=1000`)).map((e) => e.id);
        const types = ['AirQualityObserved', 'NoiseLevelObserved', 'WaterLevelObserved', 'TrafficFlowObserved'];
        const listed = new Map<string, string[]>();
        for (const type of [...types, 'Vehicle']) listed.set(type, await entities(type));
        const all = await devices();
        assert.equal(new Set(all.map((d) => d.device_id)).size, all.length);
        const deviceEntities = (type: string) =>
          all.filter((d) => d.entity_type === type).map((d) => `urn:ngsi-ld:${type}:${d.device_id}`);
        for (const type of types) assert.deepEqual(listed.get(type)?.sort(), deviceEntities(type).sort(), type);
        const busDevices = new Set(deviceEntities('Vehicle'));
        const strays = (listed.get('Vehicle') ?? []).filter((id) => !busDevices.has(id));
        assert.deepEqual(strays, [], `${busDevices.size} bus devices; entities without one: ${strays.join(' ')}`);
        server.child.kill('SIGTERM');
        assert.equal(await server.exited, 0, server.output());
        server = undefined;
      } finally {
        server?.child.kill('SIGKILL');
        await t.dispose();
      }
    });
  });
}
