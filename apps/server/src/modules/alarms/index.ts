import { Gauge } from 'prom-client';
import { defineErrors } from '../../platform/errors.js';
import { defineModule } from '../../platform/modules.js';
import { alarmFeed } from './live.js';
import { alarmRoutes } from './routes.js';
import { AlarmService } from './service.js';

/** Alarms of the operations centre (ISA-18.2 states): the public surface of alarms/. */
export { ALARM_STATES, SEVERITIES, type Alarm, type AlarmCondition, type AlarmState, type Severity } from './model.js';
export type { AlarmEvent } from './model.js';
export { AlarmService, ALARM_TYPE, entityIdOf as alarmEntityId } from './service.js';

export const alarmsModule = defineModule({
  name: 'alarms',
  permissions: {
    // The operations centre sees alarms; its operators and dispatchers act on them.
    'alarms:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    'alarms:write': ['admin', 'operator', 'dispatcher'],
  },
  errors: defineErrors({
    BAD_ALARM_STATE: { status: 400, when: 'alarms: `state` is not open, active or an ISA-18.2 state' },
    BAD_ALARM_SEVERITY: { status: 400, when: 'alarms: `severity` is not critical, high, medium or low' },
    ALARM_UNKNOWN_ASSIGNEE: { status: 400, when: 'alarms: the assignee is not a user' },
    ALARM_BAD_COMMENT: { status: 400, when: 'alarms: a comment is empty or too long' },
    ALARM_CLEARS_ITSELF: {
      status: 409,
      when: 'alarms: clearing an alarm a module raised, which clears when its condition returns to normal',
    },
  }),
  create({ db, broker, auth, log }) {
    const service = new AlarmService({
      db,
      context: broker.service,
      resolver: broker.resolver,
      userExists: (username) => auth.userExists(username),
    });
    broker.feeds.add(alarmFeed(service, broker, log));
    return {
      provides: service,
      async routes(app) {
        await app.register(alarmRoutes, { alarms: service });
      },
      metrics(registry) {
        new Gauge({
          name: 'thanglong_alarms_open',
          help: 'Open alarms (not both cleared and acknowledged) by severity',
          labelNames: ['severity'] as const,
          registers: [registry],
          async collect() {
            for (const [severity, n] of Object.entries(await service.openBySeverity())) this.set({ severity }, n);
          },
        });
      },
    };
  },
});
