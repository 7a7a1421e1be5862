import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { wardOf } from '../modules/city/index.js';
import type { ProvisioningService } from '../ingest/index.js';

/**
 * The demo city's devices, provisioned on first start (DEMO=on) through the same provisioning
 * service the /iot API uses, so they are devices and entities like any real installation. Sites come
 * from the city facts in apps/server/data/city (see its README for what is real and what illustrative).
 * Idempotent: once the demo's groups exist, nothing is provisioned again.
 */

const CITY = new URL('../../data/city/', import.meta.url);
const TENANT = ''; // the default tenant: what the operations centre shows without choosing one
const SERVICE_PATH = '/';
const CHUNK = 500;

/** The demo's API keys, one per kind of device; the simulator publishes with them. */
export const DEMO_API_KEYS = {
  air: 'demo-air-hanoi',
  noise: 'demo-noise-hanoi',
  water: 'demo-water-hanoi',
  parking: 'demo-parking-hanoi',
  traffic: 'demo-traffic-hanoi',
  bus: 'demo-bus-hanoi',
  emergency: 'demo-emergency-hanoi',
} as const;

/**
 * The demo's emergency units are terminals of a group with per-device secrets: at each start the
 * server makes a fresh key, sets each unit's secret to demoUnitSecret(key, deviceId) (so the secrets
 * of the previous start are refused), and hands the key to its simulator process in this variable.
 */
export const DEMO_UNITS_KEY_ENV = 'THANGLONG_DEMO_UNITS_KEY';

/**
 * What the centre has the demo units doing at this start (demo/emergency.ts, DemoUnitDoing[] as JSON),
 * handed to the simulator process in this variable, so its units resume it rather than start blank.
 */
export const DEMO_UNITS_DOING_ENV = 'THANGLONG_DEMO_UNITS_DOING';

/** A demo unit's own secret, derived from the start's key: the simulator derives it the same way. */
export const demoUnitSecret = (key: string, deviceId: string): string =>
  createHmac('sha256', key).update(deviceId, 'utf8').digest('base64url');

/** A fresh key for the demo units' secrets. */
export const newDemoUnitsKey = (): string => randomBytes(32).toString('base64url');

type Point = [number, number];
interface Site {
  readonly id: string;
  readonly name: string;
  readonly area: string;
  readonly location: Point;
}
interface Sensors {
  readonly airQuality: (Site & { siting: string })[];
  readonly noise: Site[];
  readonly waterLevel: (Site & { riverName: string; warning: number; danger: number })[];
  readonly parking: (Site & { kind: string; capacity: number; street: string })[];
  readonly cameras: (Site & { streets: string[] })[];
}

const number = (object_id: string, name: string, unitCode?: string) => ({
  object_id,
  name,
  type: 'Number',
  ...(unitCode ? { unitCode } : {}),
});

/** The device groups: what each kind of device measures, with UN/CEFACT units. */
const GROUPS = [
  {
    apikey: DEMO_API_KEYS.air,
    entity_type: 'AirQualityObserved',
    attributes: [
      number('pm25', 'pm25', 'GQ'),
      number('pm10', 'pm10', 'GQ'),
      number('no2', 'no2', 'GQ'),
      number('o3', 'o3', 'GQ'),
      number('so2', 'so2', 'GQ'),
      number('co', 'co', 'GQ'),
      number('t', 'temperature', 'CEL'),
      number('h', 'relativeHumidity', 'P1'),
    ],
  },
  {
    apikey: DEMO_API_KEYS.noise,
    entity_type: 'NoiseLevelObserved',
    attributes: [number('laeq', 'LAeq', '2N'), number('lamax', 'LAmax', '2N')],
  },
  { apikey: DEMO_API_KEYS.water, entity_type: 'WaterLevelObserved', attributes: [number('h', 'waterLevel', 'MTR')] },
  {
    apikey: DEMO_API_KEYS.parking,
    entity_type: 'OffStreetParking',
    attributes: [number('free', 'availableSpotNumber'), number('occ', 'occupancy', 'P1')],
  },
  {
    apikey: DEMO_API_KEYS.traffic,
    entity_type: 'TrafficFlowObserved',
    attributes: [
      number('flow', 'intensity'),
      number('speed', 'averageVehicleSpeed', 'KMH'),
      { object_id: 'jam', name: 'congested', type: 'Boolean' },
    ],
  },
  {
    // Buses are registered by their first message: the simulator (or a real tracker) brings them.
    apikey: DEMO_API_KEYS.bus,
    entity_type: 'Vehicle',
    attributes: [
      number('speed', 'speed', 'KMH'),
      number('heading', 'heading', 'DD'),
      { object_id: 'route', name: 'routeCode', type: 'Text' },
      { object_id: 'trip', name: 'tripId', type: 'Text' },
      number('delay', 'delay', 'SEC'),
      // onRoute on a trip, outOfService between trips and after its day (Smart Data Models Vehicle).
      { object_id: 'status', name: 'serviceStatus', type: 'Text' },
    ],
  },
].map((g) => ({
  resource: '/iot/json',
  // Buses register with their first message, and so do the extra sensors of `simulate --scale`,
  // which say where they stand with "gps".
  autoprovision: true,
  ...g,
  attributes: [...g.attributes, { object_id: 'gps', name: 'location', type: 'geo:point' }],
}));

/** A site's ward by name (areaServed, as people say it) and by official code. */
const statics = (site: Site, extra: { name: string; type: string; value: unknown }[] = []) => [
  { name: 'name', type: 'Text', value: site.name },
  { name: 'location', type: 'geo:json', value: { type: 'Point', coordinates: site.location } },
  { name: 'areaServed', type: 'Text', value: wardOf(site.area)?.name ?? site.area },
  { name: 'wardCode', type: 'Text', value: site.area },
  ...extra,
];

function demoDevices(sensors: Sensors): Record<string, unknown>[] {
  return [
    ...sensors.airQuality.map((s) => ({
      device_id: s.id,
      apikey: DEMO_API_KEYS.air,
      static_attributes: statics(s, [{ name: 'siting', type: 'Text', value: s.siting }]),
    })),
    ...sensors.noise.map((s) => ({ device_id: s.id, apikey: DEMO_API_KEYS.noise, static_attributes: statics(s) })),
    ...sensors.waterLevel.map((s) => ({
      device_id: s.id,
      apikey: DEMO_API_KEYS.water,
      static_attributes: statics(s, [
        { name: 'river', type: 'Text', value: s.riverName },
        { name: 'warningLevel', type: 'Number', value: s.warning },
        { name: 'dangerLevel', type: 'Number', value: s.danger },
      ]),
    })),
    ...sensors.parking.map((s) => ({
      device_id: s.id,
      apikey: DEMO_API_KEYS.parking,
      entity_type: s.kind === 'on-street' ? 'OnStreetParking' : 'OffStreetParking',
      static_attributes: statics(s, [
        { name: 'totalSpotNumber', type: 'Number', value: s.capacity },
        { name: 'street', type: 'Text', value: s.street },
      ]),
    })),
    ...sensors.cameras.map((s) => ({
      device_id: s.id,
      apikey: DEMO_API_KEYS.traffic,
      static_attributes: statics(s, [{ name: 'streets', type: 'Text', value: s.streets.join(' – ') }]),
    })),
  ];
}

/**
 * Provisions what the demo city lacks (all of it on a first start; what a start interrupted part-way
 * left out after that); resolves with the number of devices provisioned now.
 */
export async function provisionDemoCity(provisioning: ProvisioningService, log: Logger): Promise<number> {
  const groups = await provisioning.listGroups(TENANT, SERVICE_PATH, { limit: 1000, offset: 0 });
  const keys = new Set(groups.services.map((g) => g['apikey']));
  const missingGroups = GROUPS.filter((g) => !keys.has(g.apikey));
  if (missingGroups.length > 0) await provisioning.createGroups(TENANT, SERVICE_PATH, { services: missingGroups });

  const sensors = JSON.parse(readFileSync(new URL('sensors.json', CITY), 'utf8')) as Sensors;
  const present = await provisionedDeviceIds(provisioning);
  const devices = demoDevices(sensors).filter((d) => !present.has(d['device_id'] as string));
  for (let from = 0; from < devices.length; from += CHUNK) {
    await provisioning.createDevices(TENANT, SERVICE_PATH, { devices: devices.slice(from, from + CHUNK) });
  }
  if (devices.length > 0) log.info({ devices: devices.length }, 'demo city provisioned');
  return devices.length;
}

async function provisionedDeviceIds(provisioning: ProvisioningService): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += CHUNK) {
    const page = await provisioning.listDevices(TENANT, SERVICE_PATH, { limit: CHUNK, offset });
    for (const d of page.devices) ids.add(d['device_id']);
    if (page.devices.length < CHUNK) return ids;
  }
}
