import type { AlarmService } from '../alarms/index.js';
import { wardOf } from '../city/index.js';
import type { ContextResolver, Measures } from '../../context/index.js';
import { countDevices, entitiesWithDevice } from '../../ingest/index.js';
import { vnAqiCategory } from '../environment/index.js';
import type { Database } from '../../platform/db/index.js';
import type { ReportsService } from '../reports/index.js';

/** What the strip reads of the dossiers of online public services. */
export interface ServicesSummary {
  summary(
    tenant: string,
  ): Promise<{ open: number; late: number; dueToday: number; returned30d: number; onTimeRate: number | null }>;
}
import type { WarningService } from '../warnings/index.js';
import * as figures from './figures.js';

/** What the strip reads of the live buses: each one's deviation from its trip, as the transit matcher has it. */
export interface BusSchedule {
  scheduleDeviations(tenant: string): Promise<figures.MatchedDeviations>;
}
import type { Kpis } from './routes.js';

/**
 * The operations centre's headline figures for one tenant, counted from what the platform holds now.
 * Where a figure depends on "recent", recent is measured from the tenant's own newest data, not the
 * server's clock, so a simulated or replayed timeline shows the same figures as a live one.
 */

/** A station's rating is current when observed at most 3 hours before the tenant's newest rating. */
export const RATING_WINDOW_SECONDS = 3 * 3600;

/** A bus is in service when it reported at most 5 minutes before the tenant's newest bus report. */
export const SERVICE_WINDOW_SECONDS = 5 * 60;

/**
 * On time: at most 1 minute early and at most 5 minutes late, the common bus punctuality window
 * (delay in seconds, negative = early). See docs/operations-centre.md.
 */
export const ON_TIME_SECONDS = { earliest: -60, latest: 300 } as const;

export class KpiService {
  readonly #db: Database;
  readonly #measures: Measures;
  readonly #resolver: ContextResolver;
  readonly #alarms: AlarmService;
  readonly #warnings: WarningService;
  readonly #reports: ReportsService;
  readonly #services: ServicesSummary;
  readonly #schedule: BusSchedule | undefined;
  readonly #offlineAfterMs: number;

  constructor(deps: {
    db: Database;
    /** The broker's current values, which the figures count. */
    measures: Measures;
    resolver: ContextResolver;
    alarms: AlarmService;
    warnings: WarningService;
    /** Citizen reports: counted in the module's tables, never by reading every ServiceRequest entity. */
    reports: ReportsService;
    /** Online public services' dossiers: counted in the module's tables. */
    services: ServicesSummary;
    /** The live buses matched to their trips; without it, buses' own reported delays are counted. */
    schedule?: BusSchedule;
    /** A device not heard from for this long is offline (IOT_OFFLINE_AFTER, as the device registry). */
    offlineAfterMs: number;
  }) {
    this.#db = deps.db;
    this.#measures = deps.measures;
    this.#resolver = deps.resolver;
    this.#alarms = deps.alarms;
    this.#warnings = deps.warnings;
    this.#reports = deps.reports;
    this.#services = deps.services;
    this.#schedule = deps.schedule;
    this.#offlineAfterMs = deps.offlineAfterMs;
  }

  async of(tenant: string): Promise<Kpis> {
    const now = new Date();
    const terms = await this.#resolver.core();
    const iri = (short: string) => terms.expand(short);
    const stationNames: figures.AirQualityNames = {
      types: [iri('AirQualityObserved')],
      index: iri('airQualityIndex'),
      wardCode: iri('wardCode'),
      area: iri('areaServed'),
    };
    const busNames: figures.BusNames = {
      types: [iri('Vehicle')],
      location: iri('location'),
      delay: iri('delay'),
      status: iri('serviceStatus'),
    };
    const lotNames: figures.ParkingNames = {
      types: [iri('OffStreetParking'), iri('OnStreetParking')],
      total: iri('totalSpotNumber'),
      available: iri('availableSpotNumber'),
    };
    const emergencyNames: figures.EmergencyNames = {
      incidentTypes: [iri('EmergencyIncident')],
      unitTypes: [iri('EmergencyUnit')],
      status: iri('status'),
      priority: iri('priority'),
    };
    const current = (names: { types: readonly string[] }, attrs: readonly string[]) =>
      this.#measures.current(tenant, names.types, attrs);
    const offlineBefore = new Date(now.getTime() - this.#offlineAfterMs);
    const vehicles = current(busNames, [busNames.location, busNames.delay, busNames.status]);
    const [devices, air, buses, parking, emergency, alarms, warnings, reports, services] = await Promise.all([
      Promise.all([countDevices(this.#db, tenant, offlineBefore), vehicles]).then(async ([counts, all]) => {
        const tracked = await entitiesWithDevice(
          this.#db,
          tenant,
          all.map((v) => v.id),
        );
        const fed = all.filter((v) => !tracked.has(v.id));
        return figures.withFedVehicles(counts, fed, busNames, offlineBefore.getTime());
      }),
      current(stationNames, [stationNames.index, stationNames.wardCode, stationNames.area]).then((stations) =>
        figures.airQuality(stations, stationNames, RATING_WINDOW_SECONDS),
      ),
      Promise.all([vehicles, this.#schedule?.scheduleDeviations(tenant)]).then(([vehicles, matched]) =>
        figures.buses(vehicles, busNames, SERVICE_WINDOW_SECONDS, ON_TIME_SECONDS, matched),
      ),
      current(lotNames, [lotNames.total, lotNames.available]).then((lots) => figures.parking(lots, lotNames)),
      Promise.all([
        this.#measures.current(tenant, emergencyNames.incidentTypes, [emergencyNames.status, emergencyNames.priority]),
        this.#measures.current(tenant, emergencyNames.unitTypes, [emergencyNames.status]),
      ]).then(([incidents, units]) => figures.emergency(incidents, units, emergencyNames)),
      this.#alarms.summary(tenant),
      // inForce() counts every tenant; the tenant's own are those active() lists.
      this.#warnings.active(tenant),
      this.#reports.summary(tenant, now),
      this.#services.summary(tenant),
    ]);
    const worst = air.worst;
    return {
      at: now.toISOString(),
      devices,
      airQuality: {
        stations: air.stations,
        rated: air.rated,
        cityAqi: air.cityAqi,
        // The city's index across its network (the decision rates stations only): see docs/operations-centre.md.
        level: air.cityAqi === null ? null : vnAqiCategory(air.cityAqi).level,
        worstWard: worst
          ? {
              code: worst.wardCode,
              // The official name when the code names a Hanoi ward; else the name the station gives.
              name: wardOf(worst.wardCode)?.name ?? worst.area,
              aqi: worst.aqi,
              station: worst.station,
            }
          : null,
        observedAt: air.observedAt?.toISOString() ?? null,
      },
      buses,
      parking,
      emergency,
      alarms: {
        open: alarms.bySeverity,
        unacknowledged: alarms.unacknowledged,
        active: alarms.activeBySeverity,
        toAcknowledge: alarms.toAcknowledge,
        shelved: alarms.shelved,
      },
      warnings: { inForce: warnings.length },
      reports,
      services,
    };
  }
}
