import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, configSchema, describeConfig, environmentWithDotEnv, loadConfig, publicUrl } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env, '/srv/thanglong');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  it('runs with nothing set: embedded database, port 8080, loopback, demo on', () => {
    const config = loadConfig({}, '/srv/thanglong');
    assert.equal(config.http.port, 8080);
    assert.equal(config.http.host, '127.0.0.1');
    assert.equal(config.database.url, undefined);
    assert.equal(config.dataDir, '/srv/thanglong/data');
    assert.equal(config.demo, true);
    assert.equal(config.log.level, 'info');
    assert.equal(config.mqtt.port, 1883);
    assert.equal(config.auth.tokenTtlSeconds, 12 * 3600);
    assert.deepEqual(config.auth.anonymousRead, []);
  });

  it('reads every documented variable', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        PUBLIC_URL: 'https://ioc.hanoi.example/',
        DATA_DIR: '/var/lib/thanglong',
        DATABASE_URL: 'postgres://tl:secret@db:5432/thanglong',
        DATABASE_POOL_MAX: '25',
        LOG_LEVEL: 'DEBUG',
        MQTT_URL: 'mqtts://broker:8883',
        DEMO: 'off',
        DEMO_SPEED: '60',
        DEMO_START: '07:30',
        DEMO_LAG: '2h',
        AUTH_TOKEN_SECRET: 'x'.repeat(40),
        AUTH_TOKEN_TTL: '30m',
        AUTH_ANONYMOUS_READ: 'context, environment',
        CORS_ORIGINS: 'https://ioc.hanoi.example,http://localhost:5173',
        HTTP_BODY_LIMIT: '2mb',
        SHUTDOWN_TIMEOUT: '45s',
      },
      '/',
    );
    assert.equal(config.http.port, 9000);
    assert.equal(config.ngsiLd.bodyLimitBytes, 1024 * 1024, 'the NGSI-LD API takes 1 MB by default');
    assert.equal(config.ngsiLd.maxAttributes, 1000, 'an entity holds at most 1000 attributes by default');
    assert.equal(config.http.publicUrl, 'https://ioc.hanoi.example');
    assert.equal(config.database.url, 'postgres://tl:secret@db:5432/thanglong');
    assert.equal(config.database.poolMax, 25);
    assert.equal(config.log.level, 'debug');
    assert.equal(config.demo, false);
    assert.deepEqual(config.demoClock, { speed: 60, start: '07:30', lagMs: 7_200_000 });
    assert.equal(config.auth.tokenTtlSeconds, 1800);
    assert.deepEqual(config.auth.anonymousRead, ['context', 'environment']);
    assert.deepEqual(config.http.corsOrigins, ['https://ioc.hanoi.example', 'http://localhost:5173']);
    assert.equal(config.http.bodyLimitBytes, 2 * 1024 * 1024);
    assert.equal(config.shutdownTimeoutMs, 45_000);
    assert.equal(publicUrl(config), 'https://ioc.hanoi.example');
  });

  it('reports every problem at once, each with its variable name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/city',
      LOG_LEVEL: 'loud',
      DEMO: 'maybe',
      DEMO_START: '25:00',
      AUTH_TOKEN_SECRET: 'short',
      AUTH_TOKEN_TTL: 'forever',
      CORS_ORIGINS: 'https://a.example/path',
      HTTP_BODY_LIMIT: '10 tons',
    });
    assert.deepEqual(problems.map((p) => p.variable).sort(), [
      'AUTH_TOKEN_SECRET',
      'AUTH_TOKEN_TTL',
      'CORS_ORIGINS',
      'DATABASE_URL',
      'DEMO',
      'DEMO_START',
      'HTTP_BODY_LIMIT',
      'LOG_LEVEL',
      'PORT',
    ]);
    const port = problems.find((p) => p.variable === 'PORT');
    assert.match(port?.message ?? '', /whole number/);
    assert.match(problems.find((p) => p.variable === 'DATABASE_URL')?.message ?? '', /postgres:\/\//);
  });

  it('refuses an NGSI-LD body limit above the HTTP one, where it would let more in, not less', () => {
    const problems = problemsOf({ HTTP_BODY_LIMIT: '2mb', NGSI_LD_BODY_LIMIT: '4mb' });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['NGSI_LD_BODY_LIMIT'],
    );
    assert.match(problems[0]?.message ?? '', /at most HTTP_BODY_LIMIT \(2097152 bytes; got 4194304\)/);
    const equal = loadConfig({ HTTP_BODY_LIMIT: '2mb', NGSI_LD_BODY_LIMIT: '2mb' }, '/srv/thanglong');
    assert.equal(equal.ngsiLd.bodyLimitBytes, 2 * 1024 * 1024);
  });

  it('takes NGSI_LD_MAX_ATTRIBUTES as a whole number from 1 to 100000', () => {
    for (const bad of ['0', '-5', '1.5', 'many', '100001']) {
      assert.deepEqual(
        problemsOf({ NGSI_LD_MAX_ATTRIBUTES: bad }).map((p) => p.variable),
        ['NGSI_LD_MAX_ATTRIBUTES'],
        bad,
      );
    }
    assert.equal(loadConfig({ NGSI_LD_MAX_ATTRIBUTES: '200' }, '/srv/thanglong').ngsiLd.maxAttributes, 200);
  });

  it('refuses a demo clock that would start ahead of where DEMO_LAG lets it settle', () => {
    const soon = new Date(Date.now() - 3600_000).toISOString();
    const problems = problemsOf({ DEMO_LAG: '9h', DEMO_START: soon });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['DEMO_START'],
    );
    assert.match(problems[0]?.message ?? '', /at least DEMO_LAG/);
    // HH:MM is the latest such time before where the clock settles.
    assert.equal(loadConfig({ DEMO_LAG: '9h', DEMO_START: '08:00' }, '/').demoClock.lagMs, 9 * 3600_000);
    assert.deepEqual(
      problemsOf({ DEMO_LAG: '8d' }).map((p) => p.variable),
      ['DEMO_LAG'],
    );
  });

  it('refuses NATS_URL, which does nothing yet, with a clear message', () => {
    const problems = problemsOf({ NATS_URL: 'nats://nats:4222' });
    assert.deepEqual(problems, [
      { variable: 'NATS_URL', message: 'NATS_URL is not supported yet: multi-instance events are still to come' },
    ]);
  });

  it("refuses the embedded broker's connect timeout with an external broker, where it would do nothing", () => {
    const problems = problemsOf({ MQTT_URL: 'mqtt://broker:1883', MQTT_CONNECT_TIMEOUT: '20s' });
    assert.deepEqual(
      problems.map((p) => p.variable),
      ['MQTT_CONNECT_TIMEOUT'],
    );
    assert.equal(loadConfig({ MQTT_CONNECT_TIMEOUT: '20s' }).mqtt.connectTimeoutMs, 20_000);
  });

  it("refuses the embedded broker's flood disconnect with an external broker; devices' rates are checked", () => {
    assert.deepEqual(
      problemsOf({ MQTT_URL: 'mqtt://broker:1883', MQTT_FLOOD_DISCONNECT: '1m' }).map((p) => p.variable),
      ['MQTT_FLOOD_DISCONNECT'],
    );
    assert.deepEqual(
      problemsOf({ IOT_DEVICE_RATE: '0', IOT_DEVICE_BURST: 'lots', IOT_AUTOPROVISION_PER_HOUR: '-1' }).map(
        (p) => p.variable,
      ),
      ['IOT_DEVICE_RATE', 'IOT_DEVICE_BURST', 'IOT_AUTOPROVISION_PER_HOUR'],
    );
    const config = loadConfig({});
    assert.deepEqual(
      [
        config.ingest.deviceRate,
        config.ingest.deviceBurst,
        config.ingest.autoprovisionPerHour,
        config.mqtt.floodDisconnectMs,
      ],
      [20, 200, 1000, 30_000],
    );
  });

  it("refuses at start a first admin's password a login would refuse, saying why", () => {
    const problems = problemsOf({ AUTH_ADMIN_PASSWORD: 'admin-of-thang-long' });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]?.variable, 'AUTH_ADMIN_PASSWORD');
    assert.match(problems[0]?.message ?? '', /username/);
    assert.equal(
      loadConfig({ AUTH_ADMIN_PASSWORD: 'quiet-lotus-pagoda-ferry-1010' }, '/srv/thanglong').auth.adminPassword,
      'quiet-lotus-pagoda-ferry-1010',
    );
  });

  it('rejects out-of-range numbers', () => {
    assert.deepEqual(
      problemsOf({ PORT: '70000', DATABASE_POOL_MAX: '0' }).map((p) => p.variable),
      ['PORT', 'DATABASE_POOL_MAX'],
    );
  });

  it('is frozen: nothing can change it after start', () => {
    const config = loadConfig({});
    assert.throws(() => {
      (config.http as { port: number }).port = 1;
    }, TypeError);
    assert.ok(Object.isFrozen(config.auth.anonymousRead), 'Object.isFrozen(config.auth.anonymousRead)');
  });

  it('redacts secrets when describing the effective configuration', () => {
    const described = describeConfig({
      DATABASE_URL: 'postgres://city:hunter2hunter2@db/thanglong',
      AUTH_TOKEN_SECRET: 's'.repeat(40),
      PORT: '8081',
    });
    const byName = Object.fromEntries(described.map((d) => [d.name, d]));
    assert.equal(byName['DATABASE_URL']?.value, 'postgres://city:redacted@db/thanglong');
    assert.equal(byName['AUTH_TOKEN_SECRET']?.value, '[redacted]');
    assert.equal(byName['PORT']?.value, '8081');
    assert.equal(byName['PORT']?.source, 'environment');
    assert.equal(byName['HOST']?.source, 'default');
    assert.equal(byName['DATABASE_URL']?.source, 'environment');
    assert.ok(!JSON.stringify(described).includes('hunter2'), "!JSON.stringify(described).includes('hunter2')");
    assert.equal(described.length, Object.keys(configSchema).length);
  });

  it('is documented: the README lists every variable', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(configSchema)) assert.match(readme, new RegExp(`\\| \`${name}\` \\|`), name);
  });

  it('reads a .env file, with the real environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thanglong-env-'));
    writeFileSync(join(dir, '.env'), '# local settings\nPORT=9100\nDEMO=off\n');
    const env = environmentWithDotEnv({ DEMO: 'on' }, dir);
    const config = loadConfig(env, dir);
    assert.equal(config.http.port, 9100);
    assert.equal(config.demo, true);
  });
});
