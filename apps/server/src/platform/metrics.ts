import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './db/index.js';

/** Prometheus metrics of one instance. Each app gets its own registry, so tests never share counters. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  watchDatabase(db: Database): void;
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
  };
}
