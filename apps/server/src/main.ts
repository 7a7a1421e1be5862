import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import { startDemoReports, type DemoReports } from './demo/citizen-reports.js';
import { seedDemoServices, startDemoServices, type DemoServices } from './demo/public-services.js';
import { startDemoEmergency, type DemoEmergency } from './demo/emergency.js';
import { emergencyCentreOf } from './demo/emergency-centre.js';
import { DEMO_UNITS_DOING_ENV, DEMO_UNITS_KEY_ENV, newDemoUnitsKey, provisionDemoCity } from './demo/index.js';
import { importDemoFeed, type DemoFeedImport } from './demo/transit.js';
import { transitModule } from './modules/transit/index.js';
import { reportsModule } from './modules/reports/index.js';
import { paymentsModule } from './modules/payments/index.js';
import { servicesModule } from './modules/services/index.js';
import { publicUrl, type Config } from './platform/config.js';
import { migrate, openDatabase, type Database } from './platform/db/index.js';
import { VERSION } from './platform/version.js';

export const INSTANCE_ROLES = ['api', 'ingest', 'worker'] as const;
export type InstanceRole = (typeof INSTANCE_ROLES)[number];

export interface RunningInstance {
  readonly url: string;
  readonly app: App;
  readonly db: Database;
  /** Stops accepting, drains in-flight requests, then closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly roles: readonly InstanceRole[];
  readonly log: Logger;
  /** Where the start-up banner (URLs, first admin password) is written; not the log. */
  readonly say?: (text: string) => void;
  /** Where a secret for the operator (the generated first admin password) goes: standard error, never the log. */
  readonly tell?: (text: string) => void;
}

/**
 * Starts the roles asked for in this process: opens the database, brings its schema up to date,
 * builds the app and listens. Every role serves health and metrics; `api` serves the APIs.
 */
/** The demo's applicants file a dossier about this often (demo/public-services.ts). */
const DEMO_DOSSIER_MS = 3 * 60_000;

export async function startThangLong(config: Config, options: StartOptions): Promise<RunningInstance> {
  const { log, roles } = options;
  const say = options.say ?? ((text: string) => process.stdout.write(`${text}\n`));
  const tell = options.tell ?? ((text: string) => process.stderr.write(`${text}\n`));
  log.info({ version: VERSION, roles, pid: process.pid }, 'Thang Long starting');

  mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase(config, log);
  const lifecycle = { stopping: false };
  let app: App;
  try {
    await migrate(db, log);
    app = await buildApp(config, { db, log, lifecycle });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }

  if (roles.includes('api')) {
    const first = await app.auth.bootstrapFirstAdmin();
    if (first?.generated) {
      tell(
        [
          '',
          '  First start: an administrator account was created.',
          `    username: ${first.username}`,
          `    password: ${first.password}`,
          '  It is shown only this once, and works only to choose a new password at the first login.',
          '',
        ].join('\n'),
      );
    }
  }

  // The living demo city (DEMO=on): its devices, provisioned once, like any installation's.
  // And its bus schedule (GTFS, with shapes along the roads), imported like any feed unless already current.
  let demoDevices = 0;
  let demoFeed: DemoFeedImport | undefined;
  let demoEmergency: DemoEmergency | undefined;
  let demoReports: DemoReports | undefined;
  let demoServices: DemoServices | undefined;
  const servicesOn = app.modules.names.includes(servicesModule.name);
  // The demo units' secrets of this start, for the demo to set and its simulator to use (demo/index.ts).
  const demoUnitsKey = newDemoUnitsKey();
  if (config.demo && roles.includes('api')) {
    try {
      demoDevices = await provisionDemoCity(app.ingest.provisioning, log);
      if (app.modules.names.includes(transitModule.name)) {
        demoFeed = await importDemoFeed(app.modules.get(transitModule), log);
      }
      // Its emergency services: stations, hospitals and units, and simulated calls (demo/emergency.ts).
      const centre = emergencyCentreOf(app.modules);
      if (centre) {
        demoEmergency = await startDemoEmergency(centre, app.ingest.provisioning, log, {
          everyMs: config.demoCallsMs,
          unitsKey: demoUnitsKey,
        });
      }
      // Its citizens reporting problems and its duty officers answering them (demo/citizen-reports.ts).
      if (app.modules.names.includes(reportsModule.name)) {
        demoReports = startDemoReports(app.modules.get(reportsModule), log, { everyMs: config.demoReportsMs });
      }
      // Its public services' catalogue and officers (demo/public-services.ts); the applicants start
      // once the server listens (they file over HTTP, and the bank pays through the webhook).
      if (servicesOn) {
        const services = app.modules.get(servicesModule);
        await seedDemoServices(services.catalogue, services.dossiers);
      }
    } catch (err) {
      await app.http.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw err;
    }
  }

  try {
    await app.http.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await app.http.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
  // The worker role reacts to changes: subscriptions' notifications, module consumers, event streams.
  if (roles.includes('worker')) {
    await app.broker.startWorker();
    await app.ingest.startWorker();
    await app.modules.startWorker();
    app.messages.startWorker();
    app.audit.startWorker();
  }
  // The ingest role takes devices' MQTT traffic (HTTP devices reach every instance with the API).
  let devices: string | undefined;
  if (roles.includes('ingest')) {
    try {
      devices = await app.ingest.startDevices();
    } catch (err) {
      await app.broker.stopWorker().catch(() => undefined);
      await app.http.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw err;
    }
  }
  // The demo city lives: the simulator runs beside this instance as a process of its own that only
  // speaks MQTT to it, as real devices do.
  // Its units resume what the centre has them doing (a restart does not send them home blank).
  const unitsDoing =
    config.demo && devices && demoEmergency
      ? await demoEmergency.doing().catch((err: unknown) => {
          log.warn({ err }, 'could not read what the demo units are doing: they start from their stations');
          return [];
        })
      : [];
  const simulator =
    config.demo && devices
      ? startSimulatorProcess(devices, config.demoClock, log, demoUnitsKey, JSON.stringify(unitsDoing))
      : undefined;
  const bound = (app.http.server.address() as AddressInfo).port;
  const url = publicUrl(config, bound);
  if (config.demo && roles.includes('api') && servicesOn) {
    demoServices = startDemoServices(
      {
        dossiers: app.modules.get(servicesModule).dossiers,
        payments: app.modules.get(paymentsModule),
        baseUrl: `http://127.0.0.1:${bound}`,
        log,
      },
      { everyMs: DEMO_DOSSIER_MS },
    );
  }
  say(
    [
      `Thang Long ${VERSION} is running (${roles.join(', ')}; database: ${db.driver}).`,
      `  API and web:   ${url}/`,
      `  API docs:      ${url}/docs`,
      `  NGSI-LD:       ${url}/ngsi-ld/v1`,
      ...(devices ? [`  Devices MQTT:  ${devices}`, `  Devices HTTP:  ${url}/iot/json?k=<apikey>&i=<device id>`] : []),
      ...(demoDevices > 0
        ? [`  Demo city:     ${demoDevices} Hanoi devices provisioned (GET ${url}/iot/devices)`]
        : []),
      ...(demoFeed?.imported && demoFeed.version?.counts
        ? [
            `  Demo buses:    ${demoFeed.version.counts.trips} trips of ${demoFeed.version.counts.routes} routes imported as GTFS (GET ${url}/api/v1/transit/routes)`,
          ]
        : []),
      ...(demoEmergency
        ? [
            `  Demo 112:      ${demoEmergency.units} emergency units; ${config.demoCallsMs > 0 ? `a simulated call about every ${Math.round(config.demoCallsMs / 60_000)} min` : 'no simulated calls (DEMO_CALLS=0)'}`,
          ]
        : []),
      ...(demoReports
        ? [
            `  Demo reports:  ${config.demoReportsMs > 0 ? `a citizen's report about every ${config.demoReportsMs < 60_000 ? `${Math.round(config.demoReportsMs / 1000)} s` : `${Math.round(config.demoReportsMs / 60_000)} min`}, answered by duty officers` : 'no simulated reports (DEMO_REPORTS=0)'}; the citizens' page: ${url}/citizen/`,
          ]
        : []),
      ...(demoServices
        ? [
            `  Demo services: a dossier about every ${DEMO_DOSSIER_MS / 60_000} min, some paid by the demo bank, moved along by one-stop officers; the officers' queue: GET ${url}/api/v1/services/queue`,
          ]
        : []),
      ...(simulator ? ["  Simulator:     the demo city's sensors and buses are reporting (DEMO=off: none)"] : []),
      `  OpenAPI:       ${url}/openapi.json`,
      `  Health:        ${url}/health/ready`,
      `  Metrics:       ${url}/metrics`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      lifecycle.stopping = true;
      log.info('Thang Long stopping: draining in-flight requests');
      try {
        await demoEmergency?.stop();
        demoReports?.stop();
        demoServices?.stop();
        const simulatorGone = simulator ? stopChild(simulator) : Promise.resolve();
        await app.http.close();
        await app.ingest.stop();
        await app.modules.stop();
        await app.messages.stop();
        await app.broker.stopWorker();
        await simulatorGone;
      } finally {
        await db.close();
      }
      log.info('Thang Long stopped');
    })());

  return { url, app, db, stop };
}

/**
 * Asks a child to stop, and makes sure it does: a SIGTERM that lands while the child is still starting
 * can be caught before its own handler exists, so after a grace period it gets SIGKILL.
 */
function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `thanglong simulate` as a child of this process (same Node flags, same entry point), stopped with it. */
function startSimulatorProcess(
  mqttUrl: string,
  clock: Config['demoClock'],
  log: Logger,
  unitsKey: string,
  unitsDoing: string,
): ChildProcess | undefined {
  const entry = process.argv[1];
  if (!entry) return undefined;
  const args = [
    'simulate',
    '--mqtt',
    mqttUrl,
    '--speed',
    String(clock.speed),
    ...(clock.start ? ['--start', clock.start] : []),
    ...(clock.lagMs > 0 ? ['--lag', `${clock.lagMs}ms`] : []),
    // The stations' last day, so the air-quality index and the charts have a past from the first minute.
    '--backfill',
    '24',
  ];
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // In the environment, not the arguments: other users of the machine can list arguments.
    env: { ...process.env, [DEMO_UNITS_KEY_ENV]: unitsKey, [DEMO_UNITS_DOING_ENV]: unitsDoing },
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') log.warn({ code, signal }, 'the demo simulator stopped');
  });
  // Should this process die without stopping it, the simulator must not outlive it.
  process.once('exit', () => child.kill('SIGTERM'));
  return child;
}
