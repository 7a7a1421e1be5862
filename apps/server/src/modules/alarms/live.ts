import type { Logger } from 'pino';
import type { ContextBroker, LiveFeed } from '../../context/index.js';
import { OPEN_STATES } from './model.js';
import { ALARM_TYPE, type AlarmService } from './service.js';

/**
 * The alarms on the live stream (`feeds=alarms`): the open ones when the stream opens (`alarms`, as
 * GET /api/v1/alarms lists them), then each alarm as it is after a change (`alarm`), whichever
 * instance made it: the change log carries the alarm's entity, and the alarm is read from its table.
 */

/** As many open alarms as the operations centre lists. */
export const LIVE_ALARMS = 200;
const ID = /^urn:ngsi-ld:Alarm:(.+)$/;

export function alarmFeed(alarms: AlarmService, broker: ContextBroker, log: Logger): LiveFeed {
  return {
    name: 'alarms',
    permission: 'alarms:read',
    async open(tenant, send) {
      const type = (await broker.resolver.core()).expand(ALARM_TYPE);
      let stopped = false;
      // One after another, so what is sent last is what holds last.
      let queue = Promise.resolve();
      const then = (work: () => Promise<void>) => {
        queue = queue
          .then(() => (stopped ? undefined : work()))
          .catch((err: unknown) => log.warn({ err }, 'could not send an alarm on the live stream'));
      };
      // Watching starts before the list is read: a change in between is sent after it.
      const stop = await broker.notifier.tail.watch({ tenant, types: [type] }, (change) => {
        const id = ID.exec(change.entityId)?.[1];
        if (id === undefined) return;
        then(async () => {
          const alarm = await alarms.find(tenant, id);
          if (alarm && !stopped) send('alarm', alarm);
        });
      });
      then(async () => {
        const open = await alarms.list(tenant, { states: OPEN_STATES, limit: LIVE_ALARMS, offset: 0 });
        if (!stopped) send('alarms', open);
      });
      return () => {
        stopped = true;
        stop();
      };
    },
  };
}
