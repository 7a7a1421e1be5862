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
  readonly ingest: IngestMetrics;
  /** Device ingestion state, read when scraped. */
  watchIngest(pending: () => number, devices: () => Promise<{ online: number; offline: number; never: number }>): void;
}

/** Device messages and measures, counted where they happen. */
export interface IngestMetrics {
  readonly messages: Counter<'transport' | 'outcome'>;
  readonly rejected: Counter<'transport' | 'reason'>;
  /** MQTT connections closed for publishing over their rate too long. */
  readonly floodDisconnects: Counter;
  readonly measures: Counter;
  readonly batchMeasures: Histogram;
  /** From the moment a message is received to the commit that stores it. */
  readonly lag: Histogram;
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

  const ingest: IngestMetrics = {
    messages: new Counter({
      name: 'thanglong_iot_messages_total',
      help: 'Device messages received, by transport and outcome (accepted or rejected)',
      labelNames: ['transport', 'outcome'] as const,
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'thanglong_iot_rejected_total',
      help: 'Device messages rejected, by reason',
      labelNames: ['transport', 'reason'] as const,
      registers: [registry],
    }),
    floodDisconnects: new Counter({
      name: 'thanglong_iot_flood_disconnects_total',
      help: 'MQTT connections closed for publishing over IOT_DEVICE_RATE for MQTT_FLOOD_DISCONNECT',
      registers: [registry],
    }),
    measures: new Counter({
      name: 'thanglong_iot_measures_total',
      help: 'Measures stored (each one an attribute instance in history)',
      registers: [registry],
    }),
    batchMeasures: new Histogram({
      name: 'thanglong_iot_batch_measures',
      help: 'Measures per database write',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000],
      registers: [registry],
    }),
    lag: new Histogram({
      name: 'thanglong_iot_lag_seconds',
      help: 'Time from receiving a device message to the commit that stores it',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };

  return {
    registry,
    httpRequests,
    httpDuration,
    ingest,
    watchIngest(pending, devices) {
      new Gauge({
        name: 'thanglong_iot_pending_measures',
        help: 'Measures received and not yet stored',
        registers: [registry],
        collect() {
          this.set(pending());
        },
      });
      new Gauge({
        name: 'thanglong_iot_devices',
        help: 'Provisioned devices by status: online, offline (not heard for IOT_OFFLINE_AFTER), never heard',
        labelNames: ['status'] as const,
        registers: [registry],
        async collect() {
          const d = await devices();
          this.set({ status: 'online' }, d.online);
          this.set({ status: 'offline' }, d.offline);
          this.set({ status: 'never' }, d.never);
        },
      });
    },
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
