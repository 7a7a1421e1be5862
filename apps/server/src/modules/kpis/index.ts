import type { FastifyInstance } from 'fastify';
import type { AlarmService } from '../alarms/index.js';
import type { ContextBroker } from '../../context/index.js';
import type { Database } from '../../platform/db/index.js';
import type { WarningService } from '../warnings/index.js';
import { kpiRoutes } from './routes.js';
import { KpiService } from './service.js';

/** The operations centre's KPI strip (GET /api/v1/kpis): the public surface of kpis/. */
export { KpisSchema, type Kpis } from './routes.js';
export { KpiService, ON_TIME_SECONDS, RATING_WINDOW_SECONDS, SERVICE_WINDOW_SECONDS } from './service.js';

export interface KpiModule {
  readonly service: KpiService;
  register(app: FastifyInstance): Promise<void>;
}

export function createKpis(deps: {
  db: Database;
  broker: ContextBroker;
  alarms: AlarmService;
  warnings: WarningService;
  /** IOT_OFFLINE_AFTER, the device registry's own measure of offline. */
  offlineAfterMs: number;
}): KpiModule {
  const service = new KpiService({
    db: deps.db,
    resolver: deps.broker.resolver,
    alarms: deps.alarms,
    warnings: deps.warnings,
    offlineAfterMs: deps.offlineAfterMs,
  });
  return {
    service,
    async register(app) {
      await app.register(kpiRoutes, { kpis: service });
    },
  };
}
