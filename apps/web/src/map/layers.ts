import type { Entity } from '../api';
import { AQI_COLOURS, aqiColour } from '../format';
import type { MessageKey } from '../i18n';

/**
 * The live layers of the city map: which entity types each shows, and how an entity becomes a point
 * with the few properties the map styles with (colour, rotation). Everything else stays in the store
 * and is shown by the inspector.
 */

export type LayerKey = 'air' | 'noise' | 'water' | 'buses' | 'parking' | 'cameras' | 'alarms';

export interface LayerDef {
  readonly key: LayerKey;
  readonly label: MessageKey;
  readonly types: readonly string[];
  /** Points merge into clusters below this zoom. */
  readonly clusterBelow?: number;
  readonly legend: readonly { readonly colour: string; readonly label: MessageKey }[];
}

export const GOOD = '#2e9d5b';
export const WARN = '#f2b01e';
export const BAD = '#d7301f';
const GREY = '#8a94a3';

export const LAYERS: readonly LayerDef[] = [
  {
    key: 'air',
    label: 'layers.air',
    types: ['AirQualityObserved'],
    legend: AQI_COLOURS.map((colour, i) => ({ colour, label: `aqi.${i + 1}` as MessageKey })),
  },
  {
    key: 'noise',
    label: 'layers.noise',
    types: ['NoiseLevelObserved'],
    clusterBelow: 12,
    legend: [
      { colour: GOOD, label: 'legend.noise.ok' },
      { colour: BAD, label: 'legend.noise.over' },
    ],
  },
  {
    key: 'water',
    label: 'layers.water',
    types: ['WaterLevelObserved'],
    legend: [
      { colour: GOOD, label: 'legend.water.normal' },
      { colour: WARN, label: 'legend.water.warning' },
      { colour: BAD, label: 'legend.water.danger' },
    ],
  },
  {
    key: 'buses',
    label: 'layers.buses',
    types: ['Vehicle'],
    legend: [{ colour: '#1f6fd1', label: 'legend.buses' }],
  },
  {
    key: 'parking',
    label: 'layers.parking',
    types: ['OffStreetParking', 'OnStreetParking'],
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
    types: ['TrafficFlowObserved'],
    clusterBelow: 12,
    legend: [
      { colour: GOOD, label: 'legend.traffic.free' },
      { colour: BAD, label: 'legend.traffic.jam' },
    ],
  },
  {
    key: 'alarms',
    label: 'layers.alarms',
    types: ['Alarm'],
    legend: [
      { colour: '#b0003a', label: 'severity.critical' },
      { colour: BAD, label: 'severity.high' },
      { colour: WARN, label: 'severity.medium' },
      { colour: '#4a90d9', label: 'severity.low' },
    ],
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
export function pointOf(layer: LayerKey, e: Entity, usAqi: boolean): GeoJSON.Feature<GeoJSON.Point> | null {
  const location = e['location'] as { type?: string; coordinates?: number[] } | undefined;
  if (location?.type !== 'Point' || !location.coordinates) return null;
  const properties: Record<string, unknown> = { id: e.id, type: e.type, name: e['name'] ?? '' };
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
      properties['colour'] = routeColour(e['routeCode']);
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
    case 'alarms':
      if (e['open'] === false) return null;
      properties['colour'] = SEVERITY_COLOURS[String(e['severity'])] ?? BAD;
      break;
    default:
      layer satisfies never;
  }
  return { type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: location.coordinates }, properties };
}
