import type { Entity } from '../api';
import { AQI_COLOURS, aqiColour } from '../format';
import type { MessageKey } from '../i18n';
import type { ShapeKey } from './shapes';
import { PUNCTUALITY, punctualityColour } from '../palette';
import { PRIORITY_COLOURS, STATUS_COLOURS } from '../panels/emergency/colours';

/**
 * The live layers of the city map: which entity types each shows, and how an entity becomes a point
 * with the few properties the map styles with (colour, rotation). Everything else stays in the store
 * and is shown by the inspector.
 */

export type LayerKey =
  'air' | 'noise' | 'water' | 'buses' | 'parking' | 'cameras' | 'alarms' | 'reports' | 'incidents' | 'units';

export interface LayerDef {
  readonly key: LayerKey;
  readonly label: MessageKey;
  readonly types: readonly string[];
  /**
   * The attributes the map draws this layer's points with and dates them by (their observedAt): a
   * snapshot of the layer asks for these alone, the inspector reads the whole entity.
   */
  readonly reads: readonly string[];
  /** Points merge into clusters below this zoom. */
  readonly clusterBelow?: number;
  /** How close (px) points must be to merge; 40 unless said. */
  readonly clusterRadius?: number;
  /**
   * What needs action now (open emergency incidents): drawn above every other layer and the basemap's
   * places, on a halo of its colour, so a hospital's icon or a bus never hides it.
   */
  readonly topmost?: boolean;
  readonly legend: readonly { readonly colour: string; readonly label: MessageKey; readonly hollow?: boolean }[];
  /**
   * A layer whose markers differ in shape by kind (emergency units): each kind's shape, drawn in the
   * legend in grey; the marker takes its kind's shape and the layer's shape for a kind not listed.
   */
  readonly kinds?: readonly { readonly kind: string; readonly shape: ShapeKey; readonly label: MessageKey }[];
  /** The marker's shape on the map and in the legend: each layer has its own. */
  readonly shape: ShapeKey;
  /**
   * Where the marker sits beside its point (icon units, x right): noise sensors and traffic cameras
   * often stand at one junction, and one would hide the other.
   */
  readonly offset?: readonly [number, number];
  /**
   * Only some of the types' entities belong on the layer: `q` (NGSI-LD) picks them in the snapshot,
   * `holds` tells a live change (the stream does not filter by value) that one no longer does.
   */
  readonly only?: { readonly q: string; readonly holds: (e: Entity) => boolean };
}

export const GOOD = '#2e9d5b';
export const WARN = '#f2b01e';
export const BAD = '#d7301f';
/** No reading yet: every layer's shape in grey. */
export const GREY = '#8a94a3';
/** A cleared alarm still to acknowledge: a small grey hollow ring, never the severity's colour. */
export const ALARM_CLEARED = '#5b6573';
/** An open citizen report, neither overdue nor urgent. */
export const REPORT_OPEN = '#3a7bd5';

/** A citizen report's open states (reports/model.ts): closed ones leave the map. */
export const OPEN_REPORT_STATES: readonly string[] = ['submitted', 'received', 'waiting'];

/** An emergency incident's open states (emergency/model.ts): a closed one leaves the map. */
export const OPEN_INCIDENT_STATES: readonly string[] = ['pending', 'dispatched', 'on_scene'];

/** An emergency unit's shape by its kind: fire and rescue, medical and police tell apart at a glance. */
const UNIT_KINDS = [
  { kind: 'fire_engine', shape: 'engine', label: 'dispatch.unitKind.fire_engine' },
  { kind: 'ladder_truck', shape: 'ladder', label: 'dispatch.unitKind.ladder_truck' },
  { kind: 'rescue_team', shape: 'rescue', label: 'dispatch.unitKind.rescue_team' },
  { kind: 'ambulance', shape: 'medic', label: 'dispatch.unitKind.ambulance' },
  { kind: 'police_patrol', shape: 'patrol', label: 'dispatch.unitKind.police_patrol' },
] as const satisfies readonly { kind: string; shape: ShapeKey; label: MessageKey }[];
const unitShape = new Map<string, ShapeKey>(UNIT_KINDS.map((k) => [k.kind, k.shape]));

export const LAYERS: readonly LayerDef[] = [
  {
    key: 'air',
    label: 'layers.air',
    shape: 'circle',
    types: ['AirQualityObserved'],
    reads: ['name', 'location', 'airQualityIndex', 'usAirQualityIndex', 'pm25', 'pm10'],
    legend: AQI_COLOURS.map((colour, i) => ({ colour, label: `aqi.${i + 1}` as MessageKey })),
  },
  {
    key: 'noise',
    label: 'layers.noise',
    shape: 'triangle',
    offset: [-11, 0],
    types: ['NoiseLevelObserved'],
    reads: ['name', 'location', 'LAeq', 'dateObserved', 'noiseLimitDay', 'noiseLimitNight'],
    clusterBelow: 12,
    legend: [
      { colour: GOOD, label: 'legend.noise.ok' },
      { colour: BAD, label: 'legend.noise.over' },
    ],
  },
  {
    key: 'water',
    label: 'layers.water',
    shape: 'drop',
    types: ['WaterLevelObserved'],
    reads: ['name', 'location', 'waterLevel', 'warningLevel', 'dangerLevel'],
    legend: [
      { colour: GOOD, label: 'legend.water.normal' },
      { colour: WARN, label: 'legend.water.warning' },
      { colour: BAD, label: 'legend.water.danger' },
    ],
  },
  {
    key: 'buses',
    label: 'layers.buses',
    shape: 'bus',
    types: ['Vehicle'],
    reads: ['name', 'location', 'routeCode', 'heading', 'serviceStatus'],
    legend: [
      { colour: PUNCTUALITY.onTime, label: 'legend.buses.onTime' },
      { colour: PUNCTUALITY.late, label: 'legend.buses.late' },
      { colour: PUNCTUALITY.early, label: 'legend.buses.early' },
      { colour: PUNCTUALITY.unknown, label: 'legend.buses.unmatched' },
    ],
  },
  {
    key: 'parking',
    label: 'layers.parking',
    shape: 'parking',
    types: ['OffStreetParking', 'OnStreetParking'],
    reads: ['name', 'location', 'totalSpotNumber', 'availableSpotNumber'],
    clusterBelow: 12,
    legend: [
      { colour: GOOD, label: 'legend.parking.free' },
      { colour: WARN, label: 'legend.parking.busy' },
      { colour: BAD, label: 'legend.parking.full' },
    ],
  },
  {
    key: 'cameras',
    label: 'layers.cameras',
    shape: 'diamond',
    offset: [11, 0],
    types: ['TrafficFlowObserved'],
    reads: ['name', 'location', 'congested', 'intensity'],
    clusterBelow: 12,
    legend: [
      { colour: GOOD, label: 'legend.traffic.free' },
      { colour: BAD, label: 'legend.traffic.jam' },
    ],
  },
  {
    key: 'alarms',
    label: 'layers.alarms',
    shape: 'ring',
    types: ['Alarm'],
    reads: ['name', 'location', 'open', 'shelved', 'alarmState', 'severity'],
    legend: [
      { colour: '#b0003a', label: 'severity.critical' },
      { colour: BAD, label: 'severity.high' },
      { colour: WARN, label: 'severity.medium' },
      { colour: '#4a90d9', label: 'severity.low' },
      { colour: ALARM_CLEARED, label: 'legend.alarm.cleared' },
    ],
  },
  {
    // Citizen reports (ServiceRequest entities carry no personal data): the open ones, by how late.
    key: 'reports',
    label: 'layers.reports',
    shape: 'bubble',
    types: ['ServiceRequest'],
    reads: ['location', 'category', 'serviceCode', 'status', 'level', 'overdue'],
    clusterBelow: 14,
    only: {
      q: `status==${OPEN_REPORT_STATES.map((s) => `"${s}"`).join(',')}`,
      holds: (e) => OPEN_REPORT_STATES.includes(String(e['status'])),
    },
    legend: [
      { colour: BAD, label: 'legend.reports.overdue' },
      { colour: WARN, label: 'legend.reports.urgent' },
      { colour: REPORT_OPEN, label: 'legend.reports.open' },
    ],
  },
  {
    // Emergency incidents (their entities carry no caller's name, number or words): the open ones, by priority.
    key: 'incidents',
    label: 'layers.incidents',
    shape: 'incident',
    types: ['EmergencyIncident'],
    reads: ['location', 'category', 'incidentNumber', 'priority', 'status'],
    topmost: true,
    // Only incidents whose markers would overlap merge (the cluster takes the most urgent one's colour).
    clusterBelow: 16,
    clusterRadius: 22,
    only: {
      q: `status==${OPEN_INCIDENT_STATES.map((s) => `"${s}"`).join(',')}`,
      holds: (e) => OPEN_INCIDENT_STATES.includes(String(e['status'])),
    },
    legend: ([1, 2, 3, 4] as const).map((p) => ({
      colour: PRIORITY_COLOURS[p],
      label: `dispatch.priority.${p}` as MessageKey,
    })),
  },
  {
    // Emergency units where their terminals put them, by status; out of service hollow.
    key: 'units',
    label: 'layers.units',
    shape: 'unit',
    types: ['EmergencyUnit'],
    reads: ['location', 'callSign', 'unitKind', 'status'],
    kinds: UNIT_KINDS,
    legend: Object.entries(STATUS_COLOURS).map(([status, colour]) => ({
      colour,
      label: `dispatch.unitStatus.${status}` as MessageKey,
      hollow: status === 'out_of_service',
    })),
  },
];

export const layerOfType = new Map<string, LayerKey>(LAYERS.flatMap((l) => l.types.map((t) => [t, l.key] as const)));

const SEVERITY_COLOURS: Record<string, string> = { critical: '#b0003a', high: BAD, medium: WARN, low: '#4a90d9' };

/** A bus route's colour: stable for the route, spread over a palette that reads on a light map. */
const ROUTE_PALETTE = [
  '#1f6fd1',
  '#0f9d8a',
  '#8e44ad',
  '#d35400',
  '#c0392b',
  '#16a085',
  '#2c3e50',
  '#b8860b',
  '#7b1fa2',
  '#00796b',
];
export function routeColour(route: unknown): string {
  const text = typeof route === 'string' ? route : '';
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return ROUTE_PALETTE[h % ROUTE_PALETTE.length] as string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The Hanoi hour of a time, for day/night limits (QCVN 26:2010: day 6:00–21:00). */
function hanoiHour(iso: unknown): number {
  const d = typeof iso === 'string' ? new Date(iso) : new Date();
  return (d.getUTCHours() + 7) % 24;
}

/** The properties a point is drawn with; null when the entity has nothing to draw (no location). */
export function pointOf(
  layer: LayerKey,
  e: Entity,
  usAqi: boolean,
  newestMs?: number,
  punctuality?: ReadonlyMap<string, number | null>,
): GeoJSON.Feature<GeoJSON.Point> | null {
  const location = e['location'] as { type?: string; coordinates?: number[] } | undefined;
  if (location?.type !== 'Point' || !location.coordinates) return null;
  const properties: Record<string, unknown> = { id: e.id, type: e.type, name: e['name'] ?? '' };
  // Freshness (see the block at the end): a stale marker is drawn faded and hollow.
  properties['stale'] = newestMs !== undefined && isStale(layer, e, newestMs);
  switch (layer) {
    case 'air': {
      const aqi = num(usAqi ? e['usAirQualityIndex'] : e['airQualityIndex']);
      properties['colour'] = aqi === undefined ? GREY : aqiColour(aqi);
      properties['label'] = aqi === undefined ? '' : String(Math.round(aqi));
      break;
    }
    case 'noise': {
      const laeq = num(e['LAeq']);
      const day = hanoiHour(e['dateObserved']) >= 6 && hanoiHour(e['dateObserved']) < 21;
      const limit = num(day ? e['noiseLimitDay'] : e['noiseLimitNight']) ?? (day ? 70 : 55);
      properties['colour'] = laeq === undefined ? GREY : laeq > limit ? BAD : GOOD;
      break;
    }
    case 'water': {
      const level = num(e['waterLevel']);
      const warning = num(e['warningLevel']);
      const danger = num(e['dangerLevel']);
      properties['colour'] =
        level === undefined
          ? GREY
          : danger !== undefined && level >= danger
            ? BAD
            : warning !== undefined && level >= warning
              ? WARN
              : GOOD;
      break;
    }
    case 'buses':
      // By punctuality where the schedule knows the bus (grey: on no trip it matched); by route where
      // punctuality is not known (no schedule, or not allowed to read it).
      properties['colour'] =
        punctuality && punctuality.size > 0 ? punctualityColour(punctuality.get(e.id)) : routeColour(e['routeCode']);
      properties['heading'] = num(e['heading']) ?? 0;
      properties['label'] = typeof e['routeCode'] === 'string' ? e['routeCode'] : '';
      break;
    case 'parking': {
      const total = num(e['totalSpotNumber']);
      const free = num(e['availableSpotNumber']);
      const share = total && free !== undefined ? 1 - free / total : undefined;
      properties['colour'] = share === undefined ? GREY : share > 0.9 ? BAD : share >= 0.7 ? WARN : GOOD;
      break;
    }
    case 'cameras':
      properties['colour'] = e['congested'] === true ? BAD : e['congested'] === false ? GOOD : GREY;
      break;
    case 'alarms': {
      // Only what is in alarm now gets a ring of its severity; a cleared one still to acknowledge is a
      // small grey ring; closed and shelved ones are not drawn (the console lists them).
      if (e['open'] === false || e['shelved'] === true) return null;
      const state = typeof e['alarmState'] === 'string' ? e['alarmState'] : 'active-unacknowledged';
      const active = state.startsWith('active-');
      properties['kind'] = active ? 'active' : 'cleared';
      properties['state'] = state;
      properties['severity'] = e['severity'] ?? '';
      properties['colour'] = active ? (SEVERITY_COLOURS[String(e['severity'])] ?? BAD) : ALARM_CLEARED;
      break;
    }
    case 'reports': {
      if (!OPEN_REPORT_STATES.includes(String(e['status']))) return null;
      properties['name'] = typeof e['category'] === 'string' ? e['category'] : (e['serviceCode'] ?? '');
      properties['colour'] = e['overdue'] === true ? BAD : e['level'] === 'urgent' ? WARN : REPORT_OPEN;
      break;
    }
    case 'incidents': {
      if (!OPEN_INCIDENT_STATES.includes(String(e['status']))) return null;
      properties['name'] = typeof e['incidentNumber'] === 'string' ? e['incidentNumber'] : '';
      const priority = Number(e['priority']);
      properties['colour'] = PRIORITY_COLOURS[priority as 1 | 2 | 3 | 4] ?? GREY;
      // A cluster of incidents is drawn in its most urgent one's colour (1 is the most urgent).
      properties['priority'] = priority >= 1 && priority <= 4 ? priority : 4;
      break;
    }
    case 'units': {
      const status = String(e['status']);
      properties['name'] = typeof e['callSign'] === 'string' ? e['callSign'] : '';
      properties['shape'] = unitShape.get(String(e['unitKind'])) ?? 'unit';
      properties['colour'] = STATUS_COLOURS[status as keyof typeof STATUS_COLOURS] ?? GREY;
      // Out of service: drawn hollow, as what is not current is.
      if (status === 'out_of_service') properties['stale'] = true;
      break;
    }
    default:
      layer satisfies never;
  }
  return { type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: location.coordinates }, properties };
}

// — Data freshness: what is stale looks stale, a bus off duty or silent leaves the live layer —

/**
 * How long after the layer's newest observation an entity's own newest observation may lie before it
 * is stale: a few missed readings of its kind (air and water report every 5 min, the others every
 * minute). Measured on the data's own timeline (observedAt), as the KPIs are, so a catch-up or replay
 * looks as live as live. Buses: 5 min, the KPIs' service window, so the map draws the buses they count.
 */
export const STALE_AFTER_MS: Readonly<Record<LayerKey, number>> = {
  air: 30 * 60_000,
  water: 30 * 60_000,
  noise: 10 * 60_000,
  parking: 10 * 60_000,
  cameras: 10 * 60_000,
  buses: 5 * 60_000,
  alarms: Number.POSITIVE_INFINITY,
  // A report is not a reading: it is on the map while open, however long.
  reports: Number.POSITIVE_INFINITY,
  // An incident is on the map while open; a unit parked at its station sends nothing, and is not stale.
  incidents: Number.POSITIVE_INFINITY,
  units: Number.POSITIVE_INFINITY,
};

/** An entity's newest observation (epoch ms), or undefined when nothing it holds says when. */
export function observedMs(e: Entity): number | undefined {
  const at = e['observedAt'];
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

export function isStale(layer: LayerKey, e: Entity, newestMs: number): boolean {
  const at = observedMs(e);
  return at !== undefined && at < newestMs - STALE_AFTER_MS[layer];
}

/** A vehicle is on duty when it does not say it is out of service (serviceStatus). */
export const onDuty = (e: Entity): boolean => e['serviceStatus'] !== 'outOfService';

/** The newest observation among entities: the layer's "now". */
export function newestOf(entities: Iterable<Entity>): number | undefined {
  let newest: number | undefined;
  for (const e of entities) {
    const at = observedMs(e);
    if (at !== undefined && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}
