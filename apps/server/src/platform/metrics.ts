import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './db/index.js';

/** Prometheus metrics of one instance. Each app gets its own registry, so tests never share counters. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  watchDatabase(db: Database): void;
  /** Notification delivery, read when scraped. */
  watchNotifications(stats: () => NotificationStats): void;
}

export interface NotificationStats {
  /** Notifications produced by matching (cumulative, this instance). */
  readonly matched: number;
  readonly delivered: number;
  /** Failed delivery attempts (each retry counts). */
  readonly failed: number;
  /** Notifications held in memory for delivery now. */
  readonly held: number;
  readonly receivers: number;
  readonly receiversBackingOff: number;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'thanglong' });
  collectDefaultMetrics({ register: registry, prefix: 'thanglong_' });

  const httpRequests = new Counter({
    name: 'thanglong_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'thanglong_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    httpRequests,
    httpDuration,
    watchDatabase(db) {
      new Gauge({
        name: 'thanglong_db_pool_connections',
        help: 'Database connections by state (the embedded database has one)',
        labelNames: ['driver', 'state'] as const,
        registers: [registry],
        collect() {
          const s = db.poolStats();
          this.set({ driver: db.driver, state: 'total' }, s.total);
          this.set({ driver: db.driver, state: 'idle' }, s.idle);
          this.set({ driver: db.driver, state: 'waiting' }, s.waiting);
          this.set({ driver: db.driver, state: 'max' }, s.max);
        },
      });
    },
    watchNotifications(stats) {
      const cumulative = (name: string, help: string, read: (s: NotificationStats) => number) =>
        new Counter({
          name,
          help,
          registers: [registry],
          collect() {
            this.reset();
            this.inc(read(stats()));
          },
        });
      cumulative('thanglong_notifications_matched_total', 'Notifications produced for subscriptions', (s) => s.matched);
      cumulative(
        'thanglong_notifications_delivered_total',
        'Notifications accepted by their receiver',
        (s) => s.delivered,
      );
      cumulative(
        'thanglong_notification_failures_total',
        'Delivery attempts that failed (retried later)',
        (s) => s.failed,
      );
      new Gauge({
        name: 'thanglong_notification_delivery',
        help: 'Notification delivery now: held in memory, receivers known, receivers backing off',
        labelNames: ['state'] as const,
        registers: [registry],
        collect() {
          const s = stats();
          this.set({ state: 'held' }, s.held);
          this.set({ state: 'receivers' }, s.receivers);
          this.set({ state: 'backing_off' }, s.receiversBackingOff);
        },
      });
    },
  };
}
