// `npm run conformance`: the ETSI NGSI-LD conformance suite against a fresh Thang Long.
//
// The suite and its Python libraries are third-party and never part of the project: bring them onto the
// machine (docs/conformance.md says which commits) and name them here.
//   SUITE=<suite work tree> LIBS=<folder of library work trees> npm run conformance [-- <TP folder> ...]
// Other settings: DRIVER=postgres|pglite (default postgres, on a throwaway server started here),
// OUT=<dir> (default a new temporary one), ROBOT_ARGS (extra Robot Framework arguments, e.g. --test 'x*'),
// NOTIF_PORT/CSRC_PORT/CSRV_PORT (the suite's own receivers, default 8085/8086/8087),
// MORE_ALIASES=<json file> (more URL -> local file aliases, for the few contexts the suite names that are
// published elsewhere than in the suite, when the machine has no internet).
// It prints passed/failed per folder; OUT holds the suite's log.html with every request and response.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from './lib/postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (text) => process.stdout.write(`[conformance] ${text}\n`);

/** The folders the broker is judged on; context sources and distributed operations are federation work. */
const TARGET = [
  'TP/NGSI-LD/ContextInformation/Provision',
  'TP/NGSI-LD/ContextInformation/Consumption',
  'TP/NGSI-LD/ContextInformation/Subscription',
  'TP/NGSI-LD/CommonBehaviours',
  'TP/NGSI-LD/jsonldContext',
];

function fail(message) {
  say(message);
  process.exit(2);
}

const suite = process.env.SUITE && resolve(process.env.SUITE);
const libs = process.env.LIBS && resolve(process.env.LIBS);
if (!suite || !existsSync(join(suite, 'TP/NGSI-LD'))) fail('SUITE must name the work tree of the ETSI suite.');
if (!libs || !existsSync(join(libs, 'robotframework'))) fail('LIBS must name the folder of its libraries.');
const driver = process.env.DRIVER ?? 'postgres';
if (driver !== 'postgres' && driver !== 'pglite') fail('DRIVER must be postgres or pglite.');
const folders = process.argv.slice(2).length > 0 ? process.argv.slice(2) : TARGET;
const out = resolve(process.env.OUT ?? mkdtempSync(join(tmpdir(), 'thanglong-conformance-')));

/**
 * The suite's data name remote @context URLs; the machine may have no internet, so each is aliased
 * to the suite's own copy (two of them under another file name).
 */
function contextAliases() {
  const local = join(suite, 'resources', 'jsonld-contexts');
  const renamed = {
    'ngsildTestSuiteV1.8-compound.jsonld': 'ngsi-ld-test-suite-compound.jsonld',
    'ngsildTestSuite.jsonld': 'ngsi-ld-test-suite.jsonld',
  };
  const urls = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(json|jsonld|robot|py|resource)$/.test(name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/https?:\/\/[^\s"'<>]+\.jsonld/g)) urls.add(m[0]);
      }
    }
  };
  walk(suite);
  const aliases = {};
  for (const url of [...urls].sort()) {
    const name = url.slice(url.lastIndexOf('/') + 1);
    const path = join(local, renamed[name] ?? name);
    if (existsSync(path)) aliases[url] = path;
  }
  const more = process.env.MORE_ALIASES;
  if (more) {
    for (const [url, path] of Object.entries(JSON.parse(readFileSync(resolve(more), 'utf8')))) {
      if (!existsSync(path)) fail(`MORE_ALIASES names ${path} for ${url}, which does not exist.`);
      aliases[url] = path;
    }
  }
  return aliases;
}

function freePort() {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.once('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startBroker(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/server/src/cli.ts'), 'start'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${env.PORT}`;
  for (let i = 0; i < 1500; i++) {
    if (child.exitCode !== null) fail(`Thang Long did not start:\n${log.slice(-3000)}`);
    const ready = await globalThis.fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, child, log: () => log };
    await new Promise((r) => setTimeout(r, 200));
  }
  fail('Thang Long did not become ready in five minutes.');
}

function robot(broker) {
  const lib = (part) => {
    const found = readdirSync(libs).find((n) => n.includes(part));
    return found ? join(libs, found) : join(libs, part);
  };
  const pythonPath = [
    join(libs, 'robotframework', 'src'),
    join(lib('robotframework-requests'), 'src'),
    lib('deepdiff'),
    lib('jsonlibrary'),
    lib('jsonpath-ng'),
    lib('prettydiff'),
    lib('orderly-set'),
    join(lib('mqttlibrary'), 'src'),
    join(suite, 'libraries', 'robotframework-httpctrl', 'src'),
    join(suite, 'libraries'),
  ].join(':');
  const api = `${broker}/ngsi-ld/v1`;
  const args = [
    '-m',
    'robot',
    '--outputdir',
    out,
    '--xunit',
    'xunit.xml',
    '--variable',
    `url:${api}`,
    '--variable',
    `temporal_api_url:${api}`,
    '--variable',
    'notification_server_host:127.0.0.1',
    '--variable',
    `notification_server_port:${process.env.NOTIF_PORT ?? 8085}`,
    '--variable',
    'context_source_host:127.0.0.1',
    '--variable',
    `context_source_port:${process.env.CSRC_PORT ?? 8086}`,
    '--variable',
    'context_server_host:127.0.0.1',
    '--variable',
    `context_server_port:${process.env.CSRV_PORT ?? 8087}`,
    '--variable',
    'mqtt_broker_host:127.0.0.1',
    '--variable',
    'core_context:https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld',
    // MQTT notifications in the suite start a broker in Docker.
    '--exclude',
    'sub-mqtt-notification',
    ...(process.env.ROBOT_ARGS ? process.env.ROBOT_ARGS.split(' ').filter(Boolean) : []),
    ...folders,
  ];
  return new Promise((ok) => {
    const child = spawn('python3', args, {
      cwd: suite,
      env: { ...process.env, PYTHONPATH: pythonPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let console = '';
    child.stdout.on('data', (d) => (console += d));
    child.stderr.on('data', (d) => (console += d));
    child.on('close', () => {
      writeFileSync(join(out, 'console.txt'), console);
      ok();
    });
  });
}

/** Passed and failed per folder (the two levels above each test file), from the xUnit report. */
function summary() {
  const xml = readFileSync(join(out, 'xunit.xml'), 'utf8');
  const per = new Map();
  const failures = [];
  for (const m of xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    // Suite › folder › [sub-folder ›] file › test; several folders run together sit under one more level.
    const parts = m[1].replaceAll('&amp;', '&').split('.');
    if (parts[0]?.includes(' & ')) parts.shift();
    const folder = parts[0] === 'Subscription' ? 'ContextInformation/Subscription' : parts.slice(0, 2).join('/');
    const failed = /<(failure|error)\b/.test(m[4] ?? '');
    const row = per.get(folder) ?? { passed: 0, failed: 0 };
    row[failed ? 'failed' : 'passed'] += 1;
    per.set(folder, row);
    if (failed) failures.push(m[2]);
  }
  let passed = 0;
  let failed = 0;
  for (const [folder, row] of [...per].sort()) {
    passed += row.passed;
    failed += row.failed;
    const share = ((100 * row.passed) / (row.passed + row.failed)).toFixed(1);
    say(
      `${String(row.passed).padStart(5)} passed ${String(row.failed).padStart(5)} failed ${share.padStart(6)} %  ${folder}`,
    );
  }
  const share = passed + failed > 0 ? ((100 * passed) / (passed + failed)).toFixed(1) : '0';
  say(`${passed} passed, ${failed} failed (${share} %)`);
  writeFileSync(join(out, 'failures.txt'), `${failures.join('\n')}\n`);
}

mkdirSync(out, { recursive: true });
const aliasFile = join(out, 'aliases.json');
writeFileSync(aliasFile, JSON.stringify(contextAliases(), null, 1));
let postgres;
const env = {
  PORT: String(await freePort()),
  MQTT_PORT: String(await freePort()),
  HOST: '127.0.0.1',
  NGSI_LD_ANONYMOUS: 'write',
  CONTEXT_ALIASES: aliasFile,
  DEMO: 'off',
  LOG_LEVEL: 'warn',
  // The suite's notification receiver and context sources listen on loopback.
  OUTBOUND_ALLOW: '127.0.0.1,localhost',
  // The limit is the broker's to choose (§6.3.10); the suite's pagination tests expect 20 instances of
  // one attribute to be cut and 5 not to be.
  NGSI_LD_TEMPORAL_MAX_INSTANCES: '10',
};
if (driver === 'postgres') {
  postgres = await startThrowawayPostgres(say);
  env.DATABASE_URL = postgres.url;
} else {
  env.DATA_DIR = mkdtempSync(join(tmpdir(), 'thanglong-conformance-data-'));
}
const broker = await startBroker(env);
say(`Thang Long on ${driver} at ${broker.url}; the suite's output goes to ${out}`);
try {
  await robot(broker.url);
  summary();
} finally {
  broker.child.kill('SIGTERM');
  await new Promise((r) => broker.child.once('close', r));
  writeFileSync(join(out, 'broker.log'), broker.log());
  postgres?.stop();
}
