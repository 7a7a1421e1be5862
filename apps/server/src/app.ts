import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createContextBroker, type ContextBroker } from './context/index.js';
import { createAlarms, type Alarms } from './modules/alarms/index.js';
import { cityRoutes } from './modules/city/index.js';
import { createEnvironment, type Environment } from './modules/environment/index.js';
import { createIngestion, type Ingestion } from './ingest/index.js';
import { createKpis, type KpiModule } from './modules/kpis/index.js';
import { createWarnings, type Warnings } from './modules/warnings/index.js';
import { accessControl, authRoutes, AuthService } from './platform/auth/index.js';
import { EventBus } from './platform/bus.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/index.js';
import { AppError } from './platform/errors.js';
import { operationsRoutes } from './platform/http/operations.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { MAX_ID_LENGTH } from './platform/http/input-guard.js';
import { clientProblem, frameworkProblem, registerProblemHandling } from './platform/http/problems.js';
import { webRoutes } from './platform/http/web.js';
import { createMetrics, type Metrics } from './platform/metrics.js';

/** What the running instance tells the app about itself. */
export interface Lifecycle {
  /** True from the moment a shutdown begins: new requests get 503 so load balancers move on. */
  readonly stopping: boolean;
}

export interface AppDeps {
  readonly db: Database;
  readonly log: Logger;
  readonly metrics?: Metrics;
  readonly lifecycle?: Lifecycle;
  readonly bus?: EventBus;
}

export interface App {
  readonly http: FastifyInstance;
  readonly auth: AuthService;
  readonly metrics: Metrics;
  readonly bus: EventBus;
  readonly broker: ContextBroker;
  readonly ingest: Ingestion;
  readonly environment: Environment;
  readonly alarms: Alarms;
  readonly warnings: Warnings;
  readonly kpis: KpiModule;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP application without listening: main.ts listens, tests inject. */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = deps.lifecycle ?? { stopping: false };
  metrics.watchDatabase(deps.db);

  const bus = deps.bus ?? new EventBus(deps.log.child({ module: 'bus' }));
  const auth = new AuthService(deps.db, config.auth, deps.log.child({ module: 'auth' }));
  await auth.start();
  const broker = createContextBroker(config, { db: deps.db, bus, log: deps.log.child({ module: 'context' }) });
  metrics.watchNotifications(() => broker.notifier.stats());
  const ingest = createIngestion(config, {
    db: deps.db,
    bus,
    log: deps.log.child({ module: 'ingest' }),
    broker,
    auth,
    metrics,
  });
  const alarms = createAlarms({
    db: deps.db,
    broker,
    userExists: (username) => auth.userExists(username),
    log: deps.log.child({ module: 'alarms' }),
  });
  const warnings = createWarnings({
    db: deps.db,
    log: deps.log.child({ module: 'warnings' }),
    sender: config.warnings.capSender,
    baseUrl: () => config.http.publicUrl,
  });
  metrics.watchAlarms(
    () => alarms.service.openBySeverity(),
    () => warnings.service.inForce(),
  );
  const environment = createEnvironment({
    db: deps.db,
    broker,
    alarms: alarms.service,
    warnings: warnings.service,
    warnFrom: config.warnings.aqiFrom,
    log: deps.log.child({ module: 'environment' }),
  });
  const kpis = createKpis({
    db: deps.db,
    broker,
    alarms: alarms.service,
    warnings: warnings.service,
    offlineAfterMs: config.ingest.offlineAfterMs,
  });

  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    maxParamLength: MAX_ID_LENGTH, // every id that can be created can be addressed
    frameworkErrors: frameworkProblem, // a too-long path segment or bad percent-encoding: problem+json too
    clientErrorHandler: clientProblem, // so is a URL over Node's header limit
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    requestIdHeader: false,
    return503OnClosing: false, // answered as problem+json by the hook below instead
    logController: new LogController({ disableRequestLogging: true }), // one line per request, on completion (below)
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: {
      // Unknown fields are an error the caller should hear about, not something to drop silently.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerProblemHandling(app);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
    void reply.header('x-content-type-options', 'nosniff');
    // Requests already running finish; a new one is turned away so the client retries elsewhere.
    if (lifecycle.stopping) {
      throw new AppError('SHUTTING_DOWN', 503, 'This instance is shutting down: retry the request.', {
        headers: { connection: 'close', 'retry-after': '1' },
      });
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    request.log[level](
      { method: request.method, url: request.url, status, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.http.corsOrigins.includes('*') ? true : [...config.http.corsOrigins],
      credentials: !config.http.corsOrigins.includes('*'),
      exposedHeaders: ['location', 'link', 'x-request-id', 'ngsild-results-count', 'retry-after'],
    });
  }

  await app.register(accessControl, {
    auth,
    anonymousRead: config.auth.anonymousRead,
    anonymousOpen: new Map(config.ngsiLd.anonymous === 'off' ? [] : [['context', config.ngsiLd.anonymous]]),
  });
  await registerOpenApi(app);

  await app.register(webRoutes, { mapStyleUrl: config.web.mapStyleUrl });
  await app.register(operationsRoutes, { db: deps.db, metrics });
  await app.register(authRoutes, { prefix: '/api/v1', auth });
  await app.register(cityRoutes);
  await broker.register(app);
  await ingest.register(app);
  await environment.register(app);
  await alarms.register(app);
  await warnings.register(app);
  await kpis.register(app);

  await app.ready();
  return { http: app, auth, metrics, bus, broker, ingest, environment, alarms, warnings, kpis };
}
