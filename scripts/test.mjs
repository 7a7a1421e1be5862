// `npm test`: every test suite, on the embedded database and on PostgreSQL + PostGIS.
//
// When TEST_DATABASE_URL is not set, a throwaway PostgreSQL is started on loopback (and its Debian
// packages installed when missing and we are root). Outside CI a machine that cannot provide
// PostgreSQL runs the PGlite suites only, loudly; under CI=true that is a failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, isRoot } from './lib/debian.mjs';
import { startThrowawayPostgres } from './lib/postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const say = (text) => process.stdout.write(`[test] ${text}\n`);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const filter = process.argv.slice(2);
const files = ['apps', 'scripts']
  .flatMap((d) => findTests(join(root, d)))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  say(`no test files match ${filter.join(' ')}`);
  process.exit(1);
}

const env = { ...process.env, NODE_ENV: 'test' };
let postgres;
if (!env.TEST_DATABASE_URL) {
  try {
    postgres = await startThrowawayPostgres(say);
    env.TEST_DATABASE_URL = postgres.url;
  } catch (err) {
    if (ci) {
      say(`FAILED: PostgreSQL is required under CI and could not be started: ${err.message}`);
      process.exit(1);
    }
    const bar = '!'.repeat(100);
    say(bar);
    say(`PostgreSQL could not be started (${err.message}).`);
    say('The PostgreSQL suites are SKIPPED on this machine. Set TEST_DATABASE_URL to run them.');
    say(bar);
    env.THANGLONG_TEST_SKIP_POSTGRES = 'no PostgreSQL on this machine (see the top of the test output)';
  }
}

// MQTT is tested against a real Mosquitto broker, and devices publish with its mosquitto_pub.
if (!existsSync('/usr/sbin/mosquitto') || !existsSync('/usr/bin/mosquitto_pub')) {
  try {
    if (!isRoot()) throw new Error('mosquitto (and mosquitto-clients) is not installed and this is not root');
    aptInstall(['mosquitto', 'mosquitto-clients'], say);
  } catch (err) {
    if (ci) {
      say(`FAILED: Mosquitto is required under CI: ${err.message}`);
      process.exit(1);
    }
    say(`Mosquitto is missing (${err.message}): the MQTT tests are SKIPPED.`);
    env.THANGLONG_TEST_SKIP_MQTT = 'no Mosquitto on this machine (see the top of the test output)';
  }
}

// The operations centre is tested in Debian's Chromium, driven by playwright-core (never a downloaded browser).
if (!existsSync('/usr/bin/chromium')) {
  try {
    if (!isRoot()) throw new Error('chromium is not installed and this is not root');
    aptInstall(['chromium', 'fonts-dejavu-core'], say);
  } catch (err) {
    if (ci) {
      say(`FAILED: Chromium is required under CI: ${err.message}`);
      process.exit(1);
    }
    say(`Chromium is missing (${err.message}): the browser tests are SKIPPED.`);
    env.THANGLONG_TEST_SKIP_BROWSER = 'no Chromium on this machine (see the top of the test output)';
  }
}

// Signed electronic results are checked by an outside reader too: poppler's pdfsig.
if (!existsSync('/usr/bin/pdfsig')) {
  try {
    if (!isRoot()) throw new Error('pdfsig (poppler-utils) is not installed and this is not root');
    aptInstall(['poppler-utils'], say);
  } catch (err) {
    if (ci) {
      say(`FAILED: poppler-utils is required under CI: ${err.message}`);
      process.exit(1);
    }
    say(`pdfsig is missing (${err.message}): the outside check of signed results is SKIPPED.`);
  }
}

const cleanup = () => postgres?.stop();
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

// Prepare migrated template databases once, so no test pays for PostGIS start-up more than needed.
const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/test/support/prepare.ts'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (prepared.status !== 0) {
  say('FAILED: could not prepare the test databases');
  process.exit(1);
}
Object.assign(env, JSON.parse(prepared.stdout.toString().trim().split('\n').pop()));

// Two lanes, each running one file at a time: the browser tests (each a server, a demo and Chromium)
// and the rest. Two browsers at once on two cores starved each other's pages into timeouts; one
// browser beside one server suite keeps both cores busy without that.
const browser = files.filter((f) => f.startsWith('apps/web/test/'));
const rest = files.filter((f) => !browser.includes(f));
say(`running ${files.length} test files: ${rest.length} in one lane, ${browser.length} (the web app's) in another`);
const lane = (laneFiles, out) =>
  new Promise((resolve) => {
    if (laneFiles.length === 0) return resolve(0);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-concurrency=1',
        '--test-timeout=600000',
        // While working on one test: TEST_NAME_PATTERN=<regex> runs only the tests whose names match.
        ...(process.env.TEST_NAME_PATTERN ? [`--test-name-pattern=${process.env.TEST_NAME_PATTERN}`] : []),
        ...laneFiles,
      ],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk) => out(chunk));
    child.stderr.on('data', (chunk) => out(chunk));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
// The first lane prints as it goes; the web lane's report is held until then, so neither is cut into the other.
let held = [];
const codes = await Promise.all([
  lane(rest, (chunk) => process.stdout.write(chunk)).then((code) => {
    for (const chunk of held) process.stdout.write(chunk);
    held = null;
    return code;
  }),
  lane(browser, (chunk) => (held ? held.push(chunk) : process.stdout.write(chunk))),
]);
cleanup();
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
