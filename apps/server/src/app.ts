import { randomUUID } from 'node:crypto';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createContextBroker, type ContextBroker } from './context/index.js';
import { createIngestion, type Ingestion } from './ingest/index.js';
import { cityModules } from './modules/index.js';
import { auditHttp, auditRoutes, AuditTrail } from './platform/audit/index.js';
import {
  accessControl,
  ACCOUNT_PERSONAL_FIELDS,
  authRoutes,
  AuthService,
  OIDC_CALLBACK_PATH,
  OidcService,
  oidcRoutes,
  PermissionTable,
  type RevealUsers,
} from './platform/auth/index.js';
import { localSender, Messages, messagesRoutes, webhookSender } from './platform/messages/index.js';
import { loadMasterKeys, PersonalData, personalDataRoutes, readerOf } from './platform/personal-data/index.js';
import { EventBus } from './platform/bus.js';
import { publicUrl, type Config } from './platform/config.js';
import type { Database } from './platform/db/index.js';
import { AppError } from './platform/errors.js';
import { operationsRoutes } from './platform/http/operations.js';
import { guardedFetch } from './platform/outbound.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { MAX_ID_LENGTH } from './platform/http/input-guard.js';
import {
  clientProblem,
  frameworkProblem,
  registerProblemHandling,
  type UnknownPage,
} from './platform/http/problems.js';
import { buildRequestValidator } from './platform/http/validation.js';
import { webRoutes } from './platform/http/web.js';
import { urlForLog } from './platform/logging.js';
import { createMetrics, type Metrics } from './platform/metrics.js';
import { loadModules, type LoadedModules, type ThangLongModule } from './platform/modules.js';

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
  /** The city's modules; the list in modules/index.ts unless a test says otherwise. */
  readonly modules?: readonly ThangLongModule[];
  /** The clock devices' rates and autoprovision cap read (Date.now unless a test drives it). */
  readonly deviceClock?: () => number;
}

export interface App {
  readonly http: FastifyInstance;
  readonly auth: AuthService;
  readonly metrics: Metrics;
  readonly bus: EventBus;
  readonly broker: ContextBroker;
  readonly ingest: Ingestion;
  /** The city's modules: `modules.get(alarmsModule)` is what the alarms module provides. */
  readonly modules: LoadedModules;
  readonly audit: AuditTrail;
  readonly personalData: PersonalData;
  /** Messages to people: modules queue them, the worker role delivers them. */
  readonly messages: Messages;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP application without listening: main.ts listens, tests inject. */
export async function buildApp(config: Config, deps: AppDeps): Promise<App> {
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = deps.lifecycle ?? { stopping: false };
  metrics.watchDatabase(deps.db);

  const bus = deps.bus ?? new EventBus(deps.log.child({ module: 'bus' }));
  const audit = new AuditTrail(deps.db, deps.log.child({ module: 'audit' }), { retention: config.audit.retention });
  const personalData = new PersonalData(
    deps.db,
    loadMasterKeys(config, deps.log.child({ module: 'personal-data' })),
    audit,
    deps.log.child({ module: 'personal-data' }),
  );
  const auth = new AuthService(deps.db, config.auth, deps.log.child({ module: 'auth' }), personalData);
  await auth.start();
  personalData.declare(auth.personalDataSource());
  const broker = createContextBroker(config, { db: deps.db, bus, log: deps.log.child({ module: 'context' }) });
  metrics.watchNotifications(() => broker.notifier.stats());
  // The identity provider is reached through the one outbound guard, like every server-side request.
  const oidc =
    config.oidc &&
    new OidcService(
      {
        db: deps.db,
        auth,
        log: deps.log.child({ module: 'oidc' }),
        fetch: guardedFetch(broker.outbound, { timeoutMs: 10_000, maxBytes: 1024 * 1024 }),
      },
      config.oidc,
      config.oidc.redirectUrl ?? `${publicUrl(config)}${OIDC_CALLBACK_PATH}`,
    );
  // Through the one outbound guard as well: a gateway on an internal address only when OUTBOUND_ALLOW names it.
  const messages = new Messages({
    db: deps.db,
    personal: personalData,
    log: deps.log.child({ module: 'messages' }),
    sender:
      config.messages.sender === 'webhook' && config.messages.webhookUrl !== undefined
        ? webhookSender(config.messages.webhookUrl, broker.outbound)
        : localSender,
  });
  personalData.declare(messages.personalDataSource());
  const moduleList = deps.modules ?? cityModules;
  const permissions = new PermissionTable();
  for (const m of moduleList) permissions.add(m.name, m.permissions);
  const ingest = createIngestion(config, {
    db: deps.db,
    bus,
    log: deps.log.child({ module: 'ingest' }),
    broker,
    auth,
    permissions,
    metrics,
    audit,
    now: deps.deviceClock,
  });
  const modules = await loadModules(
    moduleList,
    { db: deps.db, log: deps.log, bus, broker, auth, personalData, messages, config, audit },
    metrics.registry,
  );

  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    // Every id that can be created can be addressed; `/entities/` is `/entities`, as clients write both.
    routerOptions: { maxParamLength: MAX_ID_LENGTH, ignoreTrailingSlash: true },
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
      customOptions: { removeAdditional: false, useDefaults: true, allErrors: false },
    },
    // Query and path values are converted from text; a JSON body's values are taken as typed.
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const unknownPage: UnknownPage = {};
  registerProblemHandling(app, unknownPage);

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
      { method: request.method, url: urlForLog(request.url), status, ms: Math.round(reply.elapsedTime * 10) / 10 },
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

  // Answers in JSON, XML, CSV or plain text are gzipped for a client that accepts it: an entity page
  // shrinks about tenfold on the wire. Not the event stream (each event must leave at once) nor what
  // is binary or compressed already (tiles, protobuf feeds and the page's files bring their own).
  await app.register(compress, {
    // Answers only: a compressed request body would let an anonymous caller send a few kB that the
    // server inflates to HTTP_BODY_LIMIT and parses before it knows who is asking.
    globalDecompression: false,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
    customTypes: /^(?:application\/(?:[\w.-]+\+)?(?:json|xml)|text\/(?:csv|plain|xml|html))(?:;|$)/,
  });
  // So a compressed request body is refused as such (415, RFC 9110 §15.5.16) before anything reads it,
  // rather than parsed as it came and called malformed.
  app.addHook('onRequest', async (request, reply) => {
    const coding = request.headers['content-encoding'];
    if (coding === undefined || /^\s*identity\s*$/i.test(coding)) return;
    void reply.header('accept-encoding', 'identity');
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      `Request bodies are taken as they are: Content-Encoding "${coding.slice(0, 40)}" is not accepted.`,
    );
  });

  await app.register(accessControl, {
    auth,
    permissions,
    anonymousRead: config.auth.anonymousRead,
    anonymousOpen: new Map(config.ngsiLd.anonymous === 'off' ? [] : [['context', config.ngsiLd.anonymous]]),
  });
  // Every write that reaches a route is recorded, whatever its outcome; devices' telemetry is not, nor
  // the vehicle positions an operator's AVL pushes every few seconds (their record is the entities' history).
  await app.register(auditHttp, { audit, skipRoutes: ['/iot/json', '/iot/d', '/api/v1/transit/vehicle-positions'] });
  await registerOpenApi(app);

  await app.register(webRoutes, {
    mapStyleUrl: config.web.mapStyleUrl,
    singleSignOn: oidc !== undefined,
    unknownPage,
    ...(config.web.dist === undefined ? {} : { dist: config.web.dist }),
  });
  await app.register(operationsRoutes, { db: deps.db, metrics });
  const reveal = accountRevealer(personalData);
  await app.register(authRoutes, { prefix: '/api/v1', auth, reveal });
  if (oidc) await app.register(oidcRoutes, { prefix: '/api/v1', oidc, reveal });
  await broker.register(app);
  await ingest.register(app);
  await modules.registerRoutes(app);
  await app.register(auditRoutes, { audit });
  await app.register(personalDataRoutes, { personal: personalData });
  await app.register(messagesRoutes, { messages });

  await app.ready();
  return { http: app, auth, metrics, bus, broker, ingest, modules, audit, personalData, messages };
}

/** Accounts' names, phones and emails: clear for pii:read (audited), masked for others, one's own in clear. */
function accountRevealer(personalData: PersonalData): RevealUsers {
  return async (request, users, self) => {
    const reader = self
      ? {
          ...readerOf(request),
          actor: { kind: 'user' as const, id: self.id, name: self.username, roles: self.roles },
          roles: self.roles,
        }
      : readerOf(request);
    const records = users.map((u) => ({
      id: u.id,
      tenant: u.tenant,
      values: { displayName: u.displayName, phone: u.phone, email: u.email },
    }));
    const shown = await personalData.reveal(reader, 'accounts', ACCOUNT_PERSONAL_FIELDS, records);
    return shown.map((v) => ({
      displayName: v['displayName'] ?? null,
      phone: v['phone'] ?? null,
      email: v['email'] ?? null,
    }));
  };
}
