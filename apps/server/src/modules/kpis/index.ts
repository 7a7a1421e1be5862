import { SnapshotFeed } from '../../context/index.js';
import { defineModule } from '../../platform/modules.js';
import { ALARM_TYPE, alarmsModule } from '../alarms/index.js';
import { reportsModule } from '../reports/index.js';
import { servicesModule } from '../services/index.js';
import { transitModule } from '../transit/index.js';
import { warningsModule } from '../warnings/index.js';
import { kpiRoutes } from './routes.js';
import { KpiService } from './service.js';

/** The operations centre's KPI strip (GET /api/v1/kpis): the public surface of kpis/. */
export { KpisSchema, type Kpis } from './routes.js';
export { KpiService, ON_TIME_SECONDS, RATING_WINDOW_SECONDS, SERVICE_WINDOW_SECONDS } from './service.js';

/** How often the KPIs are counted again for the pages that watch them. */
export const LIVE_KPIS_MS = 10_000;

export const kpisModule = defineModule({
  name: 'kpis',
  permissions: {
    // The KPI strip: everyone in the operations centre (leaders read it with the viewer role).
    'kpis:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  },
  needs: {
    alarms: alarmsModule,
    warnings: warningsModule,
    reports: reportsModule,
    services: servicesModule,
    transit: transitModule,
  },
  create({ db, broker, config, needs, log }) {
    const service = new KpiService({
      db,
      measures: broker.measures,
      resolver: broker.resolver,
      alarms: needs.alarms,
      warnings: needs.warnings.service,
      reports: needs.reports,
      services: needs.services.dossiers,
      // Bus punctuality from the trip matcher, as the Buses page counts it.
      schedule: needs.transit.live,
      // IOT_OFFLINE_AFTER, the device registry's own measure of offline.
      offlineAfterMs: config.ingest.offlineAfterMs,
    });
    // The KPI strip on the live stream (`feeds=kpis`): counted every few seconds and soon after an
    // alarm changes, once per tenant however many pages watch, and sent only when a figure moved.
    broker.feeds.add(
      new SnapshotFeed({
        name: 'kpis',
        permission: 'kpis:read',
        event: 'kpis',
        everyMs: LIVE_KPIS_MS,
        read: (tenant) => service.of(tenant),
        fingerprint: ({ at: _at, ...figures }) => JSON.stringify(figures),
        wakeOn: async (tenant, nudge) => {
          const type = (await broker.resolver.core()).expand(ALARM_TYPE);
          return broker.notifier.tail.watch({ tenant, types: [type] }, nudge);
        },
        log,
      }),
    );
    return {
      provides: service,
      async routes(app) {
        await app.register(kpiRoutes, { kpis: service });
      },
    };
  },
});
