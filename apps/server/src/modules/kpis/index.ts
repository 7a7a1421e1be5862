import { defineModule } from '../../platform/modules.js';
import { alarmsModule } from '../alarms/index.js';
import { warningsModule } from '../warnings/index.js';
import { kpiRoutes } from './routes.js';
import { KpiService } from './service.js';

/** The operations centre's KPI strip (GET /api/v1/kpis): the public surface of kpis/. */
export { KpisSchema, type Kpis } from './routes.js';
export { KpiService, ON_TIME_SECONDS, RATING_WINDOW_SECONDS, SERVICE_WINDOW_SECONDS } from './service.js';

export const kpisModule = defineModule({
  name: 'kpis',
  permissions: {
    // The KPI strip: everyone in the operations centre (leaders read it with the viewer role).
    'kpis:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
  },
  needs: { alarms: alarmsModule, warnings: warningsModule },
  create({ db, broker, config, needs }) {
    const service = new KpiService({
      db,
      measures: broker.measures,
      resolver: broker.resolver,
      alarms: needs.alarms,
      warnings: needs.warnings.service,
      // IOT_OFFLINE_AFTER, the device registry's own measure of offline.
      offlineAfterMs: config.ingest.offlineAfterMs,
    });
    return {
      provides: service,
      async routes(app) {
        await app.register(kpiRoutes, { kpis: service });
      },
    };
  },
});
