import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ContextBroker } from '../../context/index.js';
import type { Database } from '../../platform/db/index.js';
import { alarmRoutes } from './routes.js';
import { AlarmService } from './service.js';

/** Alarms of the operations centre (ISA-18.2 states): the public surface of alarms/. */
export { ALARM_STATES, SEVERITIES, type Alarm, type AlarmCondition, type AlarmState, type Severity } from './model.js';
export { AlarmService, ALARM_TYPE, entityIdOf as alarmEntityId } from './service.js';

export interface Alarms {
  readonly service: AlarmService;
  register(app: FastifyInstance): Promise<void>;
}

export function createAlarms(deps: {
  db: Database;
  broker: ContextBroker;
  userExists: (username: string) => Promise<boolean>;
  log: Logger;
}): Alarms {
  const service = new AlarmService({
    db: deps.db,
    context: deps.broker.service,
    resolver: deps.broker.resolver,
    userExists: deps.userExists,
    log: deps.log,
  });
  return {
    service,
    async register(app) {
      await app.register(alarmRoutes, { alarms: service });
    },
  };
}
