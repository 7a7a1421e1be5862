import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ON_TIME_WINDOW_DAYS } from '../reports/index.js';
import type { KpiService } from './service.js';

/** The KPI strip of the operations centre: every number it shows, counted by the server. */

const read = { access: { permission: 'kpis:read' as const } };
const tags = ['Operations centre'];

const count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const instant = (description: string) => Type.String({ format: 'date-time', description });
const share = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description });
const text = (description: string) => Type.Union([Type.String(), Type.Null()], { description });
const Count = count();

export const KpisSchema = Type.Object({
  at: instant('When the figures were counted'),
  devices: Type.Object(
    {
      total: Count,
      online: Count,
      offline: count('Not heard within IOT_OFFLINE_AFTER and not out of service'),
      never: Count,
      outOfService: count('Vehicles that said they are out of service (between trips, after their day): not offline'),
      sensors: Type.Object(
        { total: Count, online: Count, offline: Count, never: Count },
        { description: 'Devices that never say whether they are in service: the sensors' },
      ),
      vehicles: Type.Object(
        { total: Count, inService: Count, online: Count, offline: Count, outOfService: Count },
        {
          description:
            "Devices that say whether they are in service (serviceStatus): the vehicles; and the Vehicle entities no device stands behind (an operator's feed, pushed or polled), heard when their position was observed",
        },
      ),
    },
    {
      description:
        'IoT devices, and vehicles no device stands behind, by health: heard within IOT_OFFLINE_AFTER, not since, or never; out of service is neither',
    },
  ),
  airQuality: Type.Object(
    {
      stations: count('AirQualityObserved entities'),
      rated: count('Stations with a current VN_AQI (within 3 h of the newest rating)'),
      cityAqi: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
        description: "Mean of the rated stations' VN_AQI, rounded half up",
      }),
      level: Type.Union([Type.Integer({ minimum: 1, maximum: 6 }), Type.Null()], {
        description: 'VN_AQI category of cityAqi (Table 1 of Decision 1459/QĐ-TCMT): 1 Tốt … 6 Nguy hại',
      }),
      worstWard: Type.Union(
        [
          Type.Object({
            code: text('Official ward code'),
            name: text('Ward name'),
            aqi: Type.Number({ minimum: 0 }),
            station: Type.String({ description: 'The station (entity id) with the highest current VN_AQI' }),
          }),
          Type.Null(),
        ],
        { description: 'The ward of the station with the highest current VN_AQI' },
      ),
      observedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        description: 'The newest current rating',
      }),
    },
    { description: 'VN_AQI across the station network' },
  ),
  buses: Type.Object(
    {
      inService: count(
        'Vehicles on duty (serviceStatus not outOfService) reporting within 5 min of the newest vehicle report',
      ),
      reporting: count(
        "Of those, the ones with a current delay: the trip matcher's deviation from the schedule, else the bus's own reported delay",
      ),
      matched: count(
        "Of those reporting, the ones whose delay is the trip matcher's deviation (the others: the delay the bus reports)",
      ),
      onTime: count('Of those reporting, the ones between 1 min early and 5 min late'),
      punctuality: share('onTime / reporting'),
      meanDelaySeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'negative: early' }),
    },
    { description: 'Bus punctuality' },
  ),
  parking: Type.Object(
    {
      lots: count('OffStreetParking and OnStreetParking entities'),
      capacity: count('Spots of the lots reporting both spots and free spots'),
      occupied: count('Spots taken in those lots'),
      occupancy: share('occupied / capacity'),
    },
    { description: 'Parking occupancy' },
  ),
  emergency: Type.Object(
    {
      openIncidents: count('EmergencyIncident entities not closed'),
      priorityOne: count('Of those, priority 1'),
      awaitingUnits: count('Of those, still pending: no unit sent yet'),
      units: Type.Object({
        available: count('EmergencyUnit entities available'),
        committed: count('Units dispatched, en route, on scene, transporting, at hospital or returning'),
        outOfService: count('Units out of service'),
      }),
    },
    { description: "The emergency centre's load" },
  ),
  alarms: Type.Object({
    open: Type.Object(
      { critical: Count, high: Count, medium: Count, low: Count },
      { description: 'Alarms not yet both cleared and acknowledged, by severity' },
    ),
    unacknowledged: Count,
    active: Type.Object(
      { critical: Count, high: Count, medium: Count, low: Count },
      { description: 'Alarms in alarm now and not shelved, by severity: what needs someone now' },
    ),
    toAcknowledge: count('Alarms back to normal that no one has acknowledged yet'),
    shelved: count('Alarms shelved for a while by an operator'),
  }),
  warnings: Type.Object({ inForce: count('Public warnings (CAP) in force') }),
  reports: Type.Object(
    {
      open: count('Citizen reports open: submitted, received or waiting on the reporter (imported records left out)'),
      overdue: count('Of those, past a time limit (receipt or resolution) and not yet received, asked or closed'),
      urgent: count('Of those, urgent (handled within 4 working hours)'),
      waiting: count('Of those, waiting on the reporter: their clocks stand still'),
      closed: count(`Reports resolved or rejected in the last ${ON_TIME_WINDOW_DAYS} days`),
      onTime: count('Of those, received and resolved within their time limits'),
      onTimeRate: share('onTime / closed; null when none closed'),
    },
    { description: 'Citizen reports (GT247 and iHanoi on Open311)' },
  ),
  services: Type.Object(
    {
      open: count(
        'Dossiers of online public services open: submitted, received, being handled, awaiting a supplement or the return',
      ),
      late: count('Of those, past their due date (those awaiting a supplement left out: their clocks stand still)'),
      dueToday: count('Of those, due by the end of today (Hà Nội)'),
      returned30d: count('Dossiers whose result was returned in the last 30 days'),
      onTimeRate: share('Of those, returned early or on time; null when none'),
    },
    { description: 'Online public services (Decree 118/2025 dossiers)' },
  ),
});

/** The KPI strip's figures, as the web app reads them. */
export type Kpis = Static<typeof KpisSchema>;

export async function kpiRoutes(fastify: FastifyInstance, { kpis }: { kpis: KpiService }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/kpis',
    {
      config: read,
      schema: {
        tags,
        summary:
          "The operations centre's headline figures for the tenant: devices, air, buses, parking, emergencies, alarms, citizen reports",
        response: { 200: KpisSchema },
      },
    },
    async (request) => kpis.of(request.tenant),
  );
}
