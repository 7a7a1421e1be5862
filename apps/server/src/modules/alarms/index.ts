import { Gauge } from 'prom-client';
import { Invalid, parseDuration, variable } from '../../platform/config.js';
import { defineErrors } from '../../platform/errors.js';
import { defineConfig, defineModule } from '../../platform/modules.js';
import { ESCALATION_SENDERS, type EscalationSender } from './escalation.js';
import { alarmFeed } from './live.js';
import { alarmRoutes } from './routes.js';
import { AlarmService } from './service.js';

/** Alarms of the operations centre (ISA-18.2 states): the public surface of alarms/. */
export { ALARM_STATES, SEVERITIES, type Alarm, type AlarmCondition, type AlarmState, type Severity } from './model.js';
export type { AlarmEvent } from './model.js';
export { AlarmService, ALARM_TYPE, entityIdOf as alarmEntityId } from './service.js';
export type { EscalationSender } from './escalation.js';

/** Who may act on alarms, and so be assigned one. */
const ALARM_WRITERS = ['admin', 'operator', 'dispatcher'] as const;

export interface AlarmSettings {
  /** The escalation sender; null: no escalation. */
  readonly sender: EscalationSender | null;
  readonly senderName: string;
  /** How long a critical alarm may stay unacknowledged before it is escalated. */
  readonly escalateAfterMs: number;
}

const parseSender = (raw: string): string => {
  const name = raw.trim().toLowerCase();
  if (!Object.hasOwn(ESCALATION_SENDERS, name)) {
    throw new Invalid(`no escalation sender is named "${raw}": use ${Object.keys(ESCALATION_SENDERS).join(', ')}`);
  }
  return name;
};

export const alarmsModule = defineModule({
  name: 'alarms',
  permissions: {
    // The operations centre sees alarms; its operators and dispatchers act on them.
    'alarms:read': ['admin', 'operator', 'dispatcher', 'officer', 'viewer'],
    'alarms:write': ALARM_WRITERS,
  },
  config: defineConfig(
    {
      ALARM_ESCALATION_SENDER: variable({
        doc: 'Who is told of a critical alarm left unacknowledged: `outbox` (the table alarm_outbox, for a gateway to read) or `none`',
        parse: parseSender,
        fallback: 'outbox',
      }),
      ALARM_ESCALATE_AFTER: variable({
        doc: 'How long a critical alarm may stay unacknowledged before it is escalated (e.g. 15m)',
        parse: parseDuration(60_000, 24 * 3_600_000),
        fallback: '15m',
      }),
    },
    (v): AlarmSettings => {
      const senderName = v.ALARM_ESCALATION_SENDER ?? 'outbox';
      return {
        senderName,
        sender: ESCALATION_SENDERS[senderName] ?? null,
        escalateAfterMs: v.ALARM_ESCALATE_AFTER ?? 15 * 60_000,
      };
    },
  ),
  errors: defineErrors({
    BAD_ALARM_STATE: { status: 400, when: 'alarms: `state` is not open, active or an ISA-18.2 state' },
    BAD_ALARM_SEVERITY: { status: 400, when: 'alarms: `severity` is not critical, high, medium or low' },
    ALARM_UNKNOWN_ASSIGNEE: { status: 400, when: 'alarms: the assignee is not a user' },
    ALARM_BAD_COMMENT: { status: 400, when: 'alarms: a comment is empty or too long' },
    ALARM_NOT_SHELVABLE: { status: 409, when: 'alarms: shelving an alarm that is closed (cleared and acknowledged)' },
    ALARM_BAD_SHELVE: {
      status: 400,
      when: 'alarms: a shelve without a reason (1–500 characters) or for less than 5 minutes or more than 12 hours',
    },
    ALARM_CLEARS_ITSELF: {
      status: 409,
      when: 'alarms: clearing an alarm a module raised, which clears when its condition returns to normal',
    },
  }),
  create({ db, broker, auth, log, settings }) {
    const service = new AlarmService({
      db,
      context: broker.service,
      resolver: broker.resolver,
      assignees: async (tenant) => {
        // The tenant's own accounts and those of every tenant ('*'), active, allowed to act on alarms.
        const out: { username: string; roles: string[] }[] = [];
        for (let offset = 0; ; offset += 500) {
          const { items } = await auth.listUsers('*', { limit: 500, offset });
          for (const u of items) {
            if (u.disabled || (u.tenant !== tenant && u.tenant !== '*')) continue;
            if (!u.roles.some((r) => (ALARM_WRITERS as readonly string[]).includes(r))) continue;
            out.push({ username: u.username, roles: u.roles });
          }
          if (items.length < 500) return out;
        }
      },
    });
    const { sender, escalateAfterMs } = settings;
    broker.feeds.add(alarmFeed(service, broker, log));
    return {
      provides: service,
      async routes(app) {
        await app.register(alarmRoutes, { alarms: service });
      },
      jobs: [
        { name: 'unshelve-expired', everyMs: 30_000, run: async () => void (await service.unshelveExpired()) },
        ...(sender
          ? [
              {
                name: 'escalate',
                everyMs: Math.min(60_000, Math.max(5_000, escalateAfterMs / 4)),
                run: async () => void (await service.escalate(sender, escalateAfterMs, log)),
              },
            ]
          : []),
      ],
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
