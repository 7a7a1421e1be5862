import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ContextBroker, TermMap } from '../context/index.js';
import type { AuthService, PermissionTable } from '../platform/auth/index.js';
import type { EventBus } from '../platform/bus.js';
import type { Config } from '../platform/config.js';
import type { Database, Sql } from '../platform/db/index.js';
import type { Metrics } from '../platform/metrics.js';
import { CommandDispatcher } from './commands.js';
import { DEFAULT_LIMITS } from './decode.js';
import type { AuditSink } from './device-audit.js';
import { ExternalBroker } from './external.js';
import { EmbeddedBroker } from './mqtt.js';
import type { Downlink } from './uplink.js';
import { IngestPipeline } from './pipeline.js';
import { ProvisioningService } from './provisioning.js';
import { DeviceRegistry } from './registry.js';
import { provisioningRoutes } from './routes.js';
import { southboundRoutes } from './southbound.js';
import * as store from './store.js';
import type { DeviceCounts } from './store.js';

/** IoT ingestion: the public surface of ingest/. */
export { DEVICE_CREDENTIAL_REFUSED } from './device-audit.js';
export { INGEST_ERRORS } from './errors.js';
export { ProvisioningService } from './provisioning.js';
export { REPORTED_BY } from './pipeline.js';
export type { DeviceMessage, PipelineStats } from './pipeline.js';
export type { DeviceCounts } from './store.js';

/**
 * A tenant's devices by health, for figures other parts of the city show: heard since `offlineBefore`
 * (online), before it (offline), or never.
 */
export function countDevices(sql: Sql, tenant: string, offlineBefore: Date): Promise<DeviceCounts> {
  return store.deviceCounts(sql, tenant, offlineBefore);
}

/** Of these entities of the tenant, those a device of its registry stands behind (the others are fed otherwise). */
export function entitiesWithDevice(sql: Sql, tenant: string, entityIds: readonly string[]): Promise<Set<string>> {
  return store.entitiesWithDevice(sql, tenant, entityIds);
}

export interface Ingestion {
  readonly provisioning: ProvisioningService;
  readonly pipeline: IngestPipeline;
  /** Mounts the provisioning API (/iot/services, /iot/devices) and the HTTP southbound (/iot/json, /iot/d). */
  register(app: FastifyInstance): Promise<void>;
  /**
   * The ingest role: devices' MQTT — the embedded broker on MQTT_PORT, or a client of MQTT_URL.
   * Resolves with where devices connect.
   */
  startDevices(): Promise<string>;
  /** The worker role's share: sending commands written on devices' entities. */
  startWorker(): Promise<void>;
  /** Stops taking device messages and stores what was accepted. */
  stop(): Promise<void>;
}

export function createIngestion(
  config: Config,
  deps: {
    db: Database;
    bus: EventBus;
    log: Logger;
    broker: ContextBroker;
    auth: AuthService;
    /** What a platform account's roles grant, modules' permissions included (a kept type's devices). */
    permissions: PermissionTable;
    metrics: Metrics;
    /** Where refused device credentials and autoprovisioning past its cap are recorded. */
    audit?: AuditSink;
    /** The clock devices' rates and the autoprovision cap's windows read (tests drive it). */
    now?: (() => number) | undefined;
  },
): Ingestion {
  const log = deps.log;
  let terms: TermMap | undefined;
  const termsOf = (): TermMap => {
    if (!terms) throw new Error('ingestion used before it was registered');
    return terms;
  };
  const provisioning = new ProvisioningService({
    db: deps.db,
    bus: deps.bus,
    context: deps.broker.service,
    resolver: deps.broker.resolver,
    log,
    offlineAfterMs: config.ingest.offlineAfterMs,
    addressLimit: deps.auth,
    ownership: deps.broker.ownership,
  });
  const registry = new DeviceRegistry({
    db: deps.db,
    bus: deps.bus,
    log,
    terms: termsOf,
    autoprovisionPerHour: config.ingest.autoprovisionPerHour,
    audit: deps.audit,
    now: deps.now,
  });
  const rate = { perSecond: config.ingest.deviceRate, burst: config.ingest.deviceBurst };
  const pipeline = new IngestPipeline({
    db: deps.db,
    log,
    registry,
    context: deps.broker.service,
    measures: deps.broker.measures,
    terms: termsOf,
    metrics: deps.metrics.ingest,
    ownership: deps.broker.ownership,
    options: {
      batchMeasures: config.ingest.batchMeasures,
      batchWaitMs: config.ingest.batchWaitMs,
      maxPendingMeasures: config.ingest.maxPendingMeasures,
      // The embedded database runs one statement at a time; PostgreSQL overlaps two writes with Node's work.
      writers: deps.db.driver === 'pglite' ? 1 : 2,
      limits: { ...DEFAULT_LIMITS, maxBytes: config.ingest.maxPayloadBytes, maxFutureMs: config.ingest.maxFutureMs },
    },
  });
  let downlink: (Downlink & { stop(): Promise<void> }) | undefined;
  const commands = new CommandDispatcher({
    registry,
    pipeline,
    downlink: () => downlink,
    bus: deps.bus,
    log: log.child({ part: 'commands' }),
  });
  deps.metrics.watchIngest(
    () => pipeline.stats().pendingMeasures,
    () => store.countDevicesByStatus(deps.db, new Date(Date.now() - config.ingest.offlineAfterMs)),
  );

  return {
    provisioning,
    pipeline,
    async register(app) {
      terms = await deps.broker.resolver.core();
      await app.register(provisioningRoutes, { provisioning });
      await app.register(southboundRoutes, {
        pipeline,
        maxPayloadBytes: config.ingest.maxPayloadBytes,
        addressLimit: deps.auth,
        audit: deps.audit,
        rate,
        metrics: deps.metrics.ingest,
        now: deps.now,
      });
    },
    async startDevices() {
      const onCommandResult = commands.result.bind(commands);
      if (config.mqtt.url) {
        const external = new ExternalBroker({
          url: config.mqtt.url,
          clientId: config.mqtt.clientId,
          pipeline,
          log: log.child({ part: 'mqtt' }),
          onCommandResult,
        });
        await external.start();
        downlink = external;
        return config.mqtt.url.replace(/\/\/[^@/]*@/, '//');
      }
      const embedded = new EmbeddedBroker({
        pipeline,
        registry,
        auth: deps.auth,
        permissions: deps.permissions,
        log: log.child({ part: 'mqtt' }),
        deviceAuth: config.mqtt.deviceAuth,
        connectTimeoutMs: config.mqtt.connectTimeoutMs,
        onCommandResult,
        audit: deps.audit,
        bus: deps.bus,
        rate: { ...rate, disconnectAfterMs: config.mqtt.floodDisconnectMs },
        metrics: deps.metrics.ingest,
        now: deps.now,
      });
      const port = await embedded.start(config.mqtt.host, config.mqtt.port);
      downlink = embedded;
      const host = ['0.0.0.0', '::'].includes(config.mqtt.host) ? 'localhost' : config.mqtt.host;
      return `mqtt://${host}:${port}`;
    },
    async startWorker() {
      await commands.start(deps.broker.notifier);
    },
    async stop() {
      await downlink?.stop();
      downlink = undefined;
      await pipeline.stop();
    },
  };
}
