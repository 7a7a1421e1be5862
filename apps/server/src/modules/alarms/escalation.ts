import type { Logger } from 'pino';
import type { Sql } from '../../platform/db/index.js';
import type { Alarm } from './model.js';
import * as store from './store.js';

/**
 * Escalation: a critical alarm nobody has acknowledged in time is sent on by a sender. The sender is
 * chosen by name in ALARM_ESCALATION_SENDER (a name not listed here is refused at start). It sends in
 * the transaction that claims the alarm, so what it writes to the database commits with the claim, and
 * a failed send leaves the alarm to be claimed again.
 */
export interface EscalationSender {
  /** Sends word of the alarm; returns where it went, for the alarm's journal. */
  send(tx: Sql, alarm: Alarm, context: { readonly waitedMinutes: number; readonly log: Logger }): Promise<string>;
}

/** The demo's sender: a local outbox (the table alarm_outbox) that a gateway or a test reads. */
const outboxSender: EscalationSender = {
  async send(tx, alarm, { waitedMinutes }) {
    await store.addToOutbox(tx, {
      tenant: alarm.tenant,
      alarmId: alarm.id,
      sentAt: new Date(),
      subject: `[critical] ${alarm.title}`,
      body: [
        `Critical alarm unacknowledged for ${waitedMinutes} min.`,
        `Source: ${alarm.source}`,
        alarm.area ? `Area: ${alarm.area}` : null,
        alarm.value !== null ? `Value: ${alarm.value}${alarm.unit ? ` ${alarm.unit}` : ''}` : null,
        `Alarm: ${alarm.id}`,
      ]
        .filter((l) => l !== null)
        .join('\n'),
    });
    return 'outbox';
  },
};

/** The senders by the name ALARM_ESCALATION_SENDER gives; "none" turns escalation off. */
export const ESCALATION_SENDERS: Readonly<Record<string, EscalationSender | null>> = {
  outbox: outboxSender,
  none: null,
};
