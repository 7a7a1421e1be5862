import type { App } from '../../src/app.js';
import { Notifier } from '../../src/context/notify/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { silentLog } from './databases.js';

/**
 * A notifier over a test app's broker, polling often so notifications arrive within a test's patience.
 * `options` adds to (or replaces) the usual test timings.
 */
export function testNotifier(
  app: App,
  db: Database,
  options: Partial<ConstructorParameters<typeof Notifier>[0]['options']> = {},
): Notifier {
  return new Notifier({
    db,
    bus: app.bus,
    log: silentLog,
    service: app.broker.service,
    subscriptions: app.broker.subscriptions,
    resolver: app.broker.resolver,
    outbound: app.broker.outbound,
    options: { timeoutMs: 2000, maxAgeMs: 3600_000, pollMs: 50, leaseMs: 4000, ...options },
  });
}
