import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { warningRoutes } from './routes.js';
import { WarningService } from './service.js';

/** Public warnings in CAP 1.2: the public surface of warnings/. */
export { capXml, capTime, atomFeed, CAP_NAMESPACE, type CapMessage, type CapInfo } from './cap.js';
export { WarningService, AIR_QUALITY_WARNING, FLOOD_WARNING, type WarningView } from './service.js';
export type { Place } from './content.js';

export interface Warnings {
  readonly service: WarningService;
  register(app: FastifyInstance): Promise<void>;
}

export function createWarnings(deps: {
  db: Database;
  log: Logger;
  sender: string;
  baseUrl: () => string | undefined;
}): Warnings {
  const service = new WarningService(deps);
  return {
    service,
    async register(app) {
      await app.register(warningRoutes, { warnings: service });
    },
  };
}
