#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { text } from 'node:stream/consumers';
import type { Logger } from 'pino';
import { AuditTrail } from './platform/audit/index.js';
import { loadMasterKeys, PersonalData, rotateMasterKey } from './platform/personal-data/index.js';
import { AuthService } from './platform/auth/index.js';
import { ROLES, isRole, isTenantName, type Role } from './platform/auth/index.js';
import {
  ConfigError,
  describeConfig,
  environmentWithDotEnv,
  loadConfig,
  parseDuration,
  type Config,
  type Environment,
} from './platform/config.js';
import { migrate, openDatabase } from './platform/db/index.js';
import { AppError } from './platform/errors.js';
import { createLogger } from './platform/logging.js';
import { VERSION } from './platform/version.js';
import { INSTANCE_ROLES, startThangLong, type InstanceRole } from './main.js';
import { cityModules } from './modules/index.js';
import { describeRoadShapes, feedFilesOf, TransitService, type FeedIssue } from './modules/transit/index.js';
import { OutboundGuard } from './platform/outbound.js';
import { parseUnitsDoing, simulatedStart, startSimulator } from './simulator/index.js';
import { DEMO_UNITS_DOING_ENV, DEMO_UNITS_KEY_ENV } from './demo/index.js';

/** `thanglong`: start the platform, simulate the demo city, migrate its database, show its configuration, manage users. */

const EXIT_FAILURE = 1;
/** Whoever runs the command line with the database's credentials acts as a platform administrator. */
const CLI_ADMIN = { kind: 'user' as const, id: 'cli', name: 'cli', roles: ['admin' as const], tenant: '*' };
const EXIT_BAD_CONFIG = 2;
/** Who the audit trail names for what is done at the command line. */
const CLI_ACTOR = { kind: 'system' as const, id: null, name: 'cli', roles: [] };
/** `audit verify` found the chain broken. */
const EXIT_AUDIT_BROKEN = 3;

function configOrExit(env: Environment): Config {
  try {
    return loadConfig(env, process.cwd(), cityModules);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(
      `Thang Long cannot start: ${err.problems.length === 1 ? 'a setting is' : `${err.problems.length} settings are`} not valid.\n` +
        err.problems.map((p) => `  ${p.variable}: ${p.message}\n`).join('') +
        'See "thanglong config" and the README for every setting.\n',
    );
    process.exit(EXIT_BAD_CONFIG);
  }
}

function failAndExit(log: Logger, err: unknown): never {
  if (err instanceof AppError) {
    log.fatal({ code: err.code }, err.message);
    process.stderr.write(`Thang Long stopped: ${err.message}\n`);
  } else {
    log.fatal({ err }, 'Thang Long failed');
    process.stderr.write(`Thang Long failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(EXIT_FAILURE);
}

const parseRoles = (value: string, previous: InstanceRole[] = []): InstanceRole[] => {
  const roles = value.split(',').map((r) => r.trim());
  for (const r of roles) {
    if (!(INSTANCE_ROLES as readonly string[]).includes(r)) {
      throw new InvalidArgumentError(`"${r}" is not a role; use ${INSTANCE_ROLES.join(', ')}.`);
    }
  }
  return [...new Set([...previous, ...(roles as InstanceRole[])])];
};

const parseUserRoles = (value: string, previous: Role[] = []): Role[] => {
  const roles = value.split(',').map((r) => r.trim());
  for (const r of roles) {
    if (!isRole(r)) throw new InvalidArgumentError(`"${r}" is not a role; use ${ROLES.join(', ')}.`);
  }
  return [...new Set([...previous, ...(roles as Role[])])];
};

const parseTenant = (value: string): string => {
  if (value !== '' && !isTenantName(value)) {
    throw new InvalidArgumentError(`"${value}" is not a tenant name (letters, digits, _ and -, at most 64).`);
  }
  return value;
};

const parsePositive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number.');
  return n;
};

const parseWholeNumber = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number.');
  return n;
};

/** A start as given (checked here); it becomes an instant once the lag it settles behind is known. */
const parseStart = (value: string): string => {
  try {
    simulatedStart(value);
    return value;
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
};

const parseLag = (value: string): number => {
  try {
    return parseDuration(0, 7 * 24 * 3600_000)(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
};

export function buildCli(env: Environment): Command {
  const program = new Command('thanglong')
    .description('Thang Long: the open smart-city platform of Hanoi')
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });

  program
    .command('start')
    .description('run Thang Long: all roles in one process, or only the roles given')
    .addOption(
      new Option(
        '-r, --role <roles>',
        `roles to run, comma-separated: ${INSTANCE_ROLES.join(', ')} (default: all)`,
      ).argParser(parseRoles),
    )
    .action(async (options: { role?: InstanceRole[] }) => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level);
      const roles = options.role ?? [...INSTANCE_ROLES];
      let instance: Awaited<ReturnType<typeof startThangLong>>;
      try {
        instance = await startThangLong(config, { roles, log });
      } catch (err) {
        failAndExit(log, err);
      }
      let signalled = 0;
      const shutdown = (signal: string) => {
        signalled++;
        if (signalled > 1) {
          log.warn({ signal }, 'second signal: exiting at once');
          process.exit(130);
        }
        log.info({ signal }, 'shutdown requested');
        const timer = setTimeout(() => {
          log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long: exiting');
          process.exit(EXIT_FAILURE);
        }, config.shutdownTimeoutMs);
        timer.unref();
        instance.stop().then(
          () => process.exit(0),
          (err: unknown) => failAndExit(log, err),
        );
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('unhandledRejection', (reason) => {
        log.fatal({ err: reason }, 'unhandled promise rejection: shutting down');
        shutdown('unhandledRejection');
      });
    });

  program
    .command('simulate')
    .description('run the living demo city: simulated sensors and buses talking MQTT to a Thang Long server')
    .option('--mqtt <url>', "the server's MQTT broker (default: MQTT_URL, else mqtt://127.0.0.1:MQTT_PORT)")
    .option('--speed <n>', 'simulated seconds per real second', parsePositive, 1)
    .option(
      '--scale <n>',
      'devices × n, for load: n buses per trip, n − 1 copies of each sensor (self-registering)',
      parseWholeNumber,
      1,
    )
    .option('--seed <n>', 'seed: the same seed replays the same city', parseWholeNumber, 1)
    .option(
      '--start <time>',
      'simulated start: HH:MM in Hanoi (the latest such time) or ISO 8601 (default: now; 24 h ago when --speed > 1)',
      parseStart,
    )
    .option(
      '--lag <duration>',
      'how far behind the present the clock settles (e.g. 9h: Hanoi by day at any hour); default 0',
      parseLag,
      0,
    )
    .option(
      '--backfill <hours>',
      'hours of logged readings the air-quality stations and river gauges upload at start (default 0)',
      parseWholeNumber,
      0,
    )
    .action(
      (options: {
        mqtt?: string;
        speed: number;
        scale: number;
        seed: number;
        start?: string;
        lag: number;
        backfill: number;
      }) => {
        const config = configOrExit(env);
        const log = createLogger(config.log.level);
        const mqttUrl = options.mqtt ?? config.mqtt.url ?? `mqtt://127.0.0.1:${config.mqtt.port}`;
        const settle = Date.now() - options.lag;
        const start = options.start
          ? simulatedStart(options.start, settle)
          : new Date(options.speed > 1 ? settle - 24 * 3600_000 : settle);
        if (start.getTime() > settle && options.lag > 0) {
          process.stderr.write('thanglong simulate: --start must lie at least --lag before now\n');
          process.exit(2);
        }
        const simulator = startSimulator({
          ...options,
          lagMs: options.lag,
          scale: Math.max(1, options.scale),
          backfillHours: Math.min(options.backfill, 72),
          mqttUrl,
          start,
          log,
          // Set by the server that started this simulator (its units' secrets of this start).
          unitsKey: env[DEMO_UNITS_KEY_ENV],
          // And what the centre has its units doing, for them to resume.
          unitsDoing: parseUnitsDoing(env[DEMO_UNITS_DOING_ENV]),
        });
        let signalled = false;
        const shutdown = (signal: string) => {
          if (signalled) process.exit(130);
          signalled = true;
          log.info({ signal }, 'simulator: shutdown requested');
          simulator.stop().then(
            () => process.exit(0),
            (err: unknown) => failAndExit(log, err),
          );
        };
        process.on('SIGTERM', () => shutdown('SIGTERM'));
        process.on('SIGINT', () => shutdown('SIGINT'));
      },
    );

  program
    .command('migrate')
    .description('bring the database schema up to date, then exit')
    .action(async () => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level);
      try {
        const db = await openDatabase(config, log);
        try {
          const report = await migrate(db, log);
          process.stdout.write(
            report.applied.length === 0
              ? `The database is up to date (${report.alreadyApplied} migrations applied before).\n`
              : `Applied ${report.applied.length} migration(s):\n${report.applied.map((m) => `  ${m}\n`).join('')}`,
          );
        } finally {
          await db.close();
        }
      } catch (err) {
        failAndExit(log, err);
      }
    });

  program
    .command('config')
    .description('print the effective configuration (secrets redacted) and check it')
    .option('--json', 'print JSON instead of text')
    .action((options: { json?: boolean }) => {
      const described = describeConfig(env, cityModules);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(described, null, 2)}\n`);
      } else {
        for (const v of described) {
          process.stdout.write(`${v.name}=${v.value ?? ''}${v.source === 'environment' ? '' : `  # ${v.source}`}\n`);
        }
      }
      configOrExit(env);
    });

  program
    .command('version')
    .description('print the version')
    .action(() => {
      process.stdout.write(`${VERSION}\n`);
    });

  const user = program.command('user').description('manage user accounts from the command line');
  user
    .command('add')
    .description('create a user; prints a generated password unless --password-stdin is given')
    .argument('<username>', 'login name (3-64 letters, digits, ., _ or -)')
    .requiredOption('--role <roles>', `roles, comma-separated: ${ROLES.join(', ')}`, parseUserRoles)
    .requiredOption(
      '--tenant <tenant>',
      "tenant the user works in: '' the default tenant, a tenant name, or '*' every tenant (admins only)",
    )
    .option('--display-name <name>', 'name shown in the operations centre')
    .option('--password-stdin', 'read the password from standard input')
    .action(
      async (
        username: string,
        options: { role: Role[]; tenant: string; displayName?: string; passwordStdin?: boolean },
      ) => {
        const config = configOrExit(env);
        const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
        try {
          const password = options.passwordStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : undefined;
          const db = await openDatabase(config, log);
          try {
            await migrate(db, log);
            const audit = new AuditTrail(db, log);
            const auth = new AuthService(
              db,
              config.auth,
              log,
              new PersonalData(db, loadMasterKeys(config, log), audit, log),
            );
            await auth.start();
            const created = await auth.createUser(CLI_ADMIN, {
              username,
              roles: options.role,
              tenant: options.tenant,
              ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
              ...(password === undefined ? {} : { password }),
            });
            // A write outside the API is recorded too.
            audit.note({
              actor: CLI_ACTOR,
              tenant: created.user.tenant,
              action: 'cli.user-add',
              target: created.user.id,
              detail: { username: created.user.username, roles: created.user.roles },
            });
            await audit.stop();
            process.stdout.write(`Created user ${created.user.username} (${created.user.roles.join(', ')}).\n`);
            if (created.generatedPassword) process.stdout.write(`Password: ${created.generatedPassword}\n`);
          } finally {
            await db.close();
          }
        } catch (err) {
          failAndExit(log, err);
        }
      },
    );

  user
    .command('unlock')
    .description('unlock an account locked after failed logins')
    .argument('<username>', 'login name')
    .action(async (username: string) => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
      try {
        const db = await openDatabase(config, log);
        try {
          await migrate(db, log);
          const audit = new AuditTrail(db, log);
          const personal = new PersonalData(db, loadMasterKeys(config, log), audit, log);
          const auth = new AuthService(db, config.auth, log, personal);
          const unlocked = await auth.unlockUser(CLI_ADMIN, { username });
          process.stdout.write(`Unlocked user ${unlocked.username}: they can log in again.\n`);
          await audit.stop();
        } finally {
          await db.close();
        }
      } catch (err) {
        failAndExit(log, err);
      }
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the hash chain of the audit trail; exit 0 when intact, 3 naming the first broken record')
    .action(async () => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
      let broken = false;
      try {
        const db = await openDatabase(config, log);
        try {
          const report = await new AuditTrail(db, log).verify();
          if (report.broken) {
            broken = true;
            process.stderr.write(
              `The audit trail is broken at record ${report.broken.recordId}: ${report.broken.reason}.\n`,
            );
          } else {
            process.stdout.write(
              `The audit trail is intact: ${report.records} record(s)` +
                (report.firstId === null ? '' : ` (${report.firstId}-${report.lastId})`) +
                `, head ${report.headHash}` +
                (report.anchor.id > 0 ? `, anchored after record ${report.anchor.id} (retention)` : '') +
                '.\n',
            );
          }
        } finally {
          await db.close();
        }
      } catch (err) {
        failAndExit(log, err);
      }
      if (broken) process.exit(EXIT_AUDIT_BROKEN);
    });

  const gtfs = program.command('gtfs').description('public transport schedules (GTFS Schedule)');
  gtfs
    .command('import')
    .description('check a GTFS feed and make it the current schedule; with errors, nothing changes (exit 1)')
    .argument('<source>', 'a .zip file, a folder of .txt files, or an http(s) URL of a zip')
    .option('--tenant <tenant>', "the tenant whose schedule it is ('' the default tenant)", parseTenant, '')
    .option('--no-road-shapes', "keep the feed's shapes as given (no shapes built along the city's roads)")
    .action(async (source: string, options: { tenant: string; roadShapes: boolean }) => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
      const outbound = new OutboundGuard({ allow: config.outbound.allow, self: config.http.publicUrl });
      const line = (i: FeedIssue) =>
        `  ${[i.file, i.line, i.field].filter((x) => x !== undefined).join(':')}: ${i.message}\n`;
      try {
        const db = await openDatabase(config, log);
        try {
          await migrate(db, log);
          const audit = new AuditTrail(db, log);
          try {
            const version = await new TransitService(db, log).importFeed({
              tenant: options.tenant,
              source,
              importedBy: 'cli',
              files: () => feedFilesOf(source, outbound),
              roadShapes: options.roadShapes,
            });
            audit.note({
              actor: CLI_ACTOR,
              tenant: options.tenant,
              action: 'cli.gtfs-import',
              target: version.id,
              detail: { source, counts: version.counts, roadShapes: version.roadShapes },
            });
            const c = version.counts;
            process.stdout.write(
              `Imported ${source} as version ${version.id}, now current: ` +
                `${c?.routes} routes, ${c?.stops} stops, ${c?.trips} trips, ${c?.stopTimes} stop times, ${c?.shapes} shapes.\n` +
                `${describeRoadShapes(version.roadShapes)}\n` +
                (version.warnings.length > 0
                  ? `${version.warnings.length} warning(s):\n${version.warnings.map(line).join('')}`
                  : ''),
            );
          } catch (err) {
            if (!(err instanceof AppError) || !Array.isArray(err.extra['errors'])) throw err;
            const errors = err.extra['errors'] as FeedIssue[];
            audit.note({
              actor: CLI_ACTOR,
              tenant: options.tenant,
              action: 'cli.gtfs-import-refused',
              target: String(err.extra['versionId']),
              detail: { source, errors: errors.length },
            });
            process.stderr.write(
              `${source} was not imported; the current schedule is unchanged. ${errors.length} error(s):\n` +
                errors.slice(0, 50).map(line).join('') +
                (errors.length > 50
                  ? `  … and ${errors.length - 50} more (GET /api/v1/transit/feeds/${String(err.extra['versionId'])})\n`
                  : ''),
            );
            process.exitCode = EXIT_FAILURE;
          } finally {
            await audit.stop();
          }
        } finally {
          await db.close();
          outbound.close();
        }
      } catch (err) {
        failAndExit(log, err);
      }
    });

  const keys = program.command('keys').description('the keys that encrypt personal data');
  keys
    .command('rotate')
    .description(
      're-wrap every data key under PERSONAL_DATA_KEY (the new master key), reading with PERSONAL_DATA_KEY_PREVIOUS (the old one)',
    )
    .action(async () => {
      const config = configOrExit(env);
      const log = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
      if (config.personalData.key === undefined || config.personalData.previousKey === undefined) {
        process.stderr.write(
          'Set PERSONAL_DATA_KEY to the new master key and PERSONAL_DATA_KEY_PREVIOUS to the one it replaces ' +
            '(the content of DATA_DIR/personal-data.key if no key was set before).\n',
        );
        process.exit(EXIT_BAD_CONFIG);
      }
      try {
        const db = await openDatabase(config, log);
        try {
          await migrate(db, log);
          const done = await rotateMasterKey(db, loadMasterKeys(config, log));
          const audit = new AuditTrail(db, log);
          audit.note({ actor: CLI_ACTOR, tenant: '', action: 'cli.keys-rotate', detail: done });
          await audit.stop();
          process.stdout.write(
            `Re-wrapped ${done.rewrapped} data key(s) under the new master key (${done.current} already were). ` +
              'PERSONAL_DATA_KEY_PREVIOUS can now be removed.\n',
          );
        } finally {
          await db.close();
        }
      } catch (err) {
        failAndExit(log, err);
      }
    });

  return program;
}

await buildCli(environmentWithDotEnv(process.env, process.cwd())).parseAsync(process.argv);
