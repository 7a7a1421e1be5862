import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from './support/process.js';

/**
 * An attacker's view of a fresh instance (DEMO=off): the reproductions of costly queries and bad input,
 * sent to a real server process. Each is answered with a 4xx problem, none stalls the process, and the
 * instance stays healthy.
 */

const ADMIN_PASSWORD = 'evening rain over the sword lake';
const enc = encodeURIComponent;
const NGSI = '/ngsi-ld/v1';

const problem = (res: { status: number; text: string }) =>
  JSON.parse(res.text) as { type: string; code: string; status: number; detail: string };

/** A 400 problem+json with the NGSI-LD type BadRequestData. */
function assertBadRequestData(res: { status: number; text: string }, what: string): void {
  assert.equal(res.status, 400, `${what}: ${res.text}`);
  assert.equal(problem(res).type, 'https://uri.etsi.org/ngsi-ld/errors/BadRequestData', what);
}

/** Resolves with the answer and records, once it has one, that it was answered. */
function tracked<T>(work: Promise<T>): { done: () => boolean; result: Promise<T> } {
  let settled = false;
  const result = work.finally(() => {
    settled = true;
  });
  return { done: () => settled, result };
}

const live = (server: RunningServer, token?: string) => callServer(server, 'GET', '/health/live', token);

for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`an attacker's view of a fresh instance [${driver}]`, skip ? { skip } : {}, () => {
    it('refuses costly queries and bad input with 4xx problems, and stays live and ready throughout', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DATABASE_STATEMENT_TIMEOUT: '3s',
        DATABASE_POOL_MAX: '3',
      };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      const server = await startServer(env);
      try {
        const token = await loginAdmin(server, ADMIN_PASSWORD);
        const ngsi = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
          callServer(server, method, `${NGSI}${path}`, token, body, headers);
        const created = await ngsi('POST', '/entities', {
          id: 'urn:ngsi-ld:AirQualityObserved:HN-001',
          type: 'AirQualityObserved',
          pm25: { type: 'Property', value: 18 },
        });
        assert.equal(created.status, 201, created.text);

        // The regular expressions that once held the process for seconds: refused before any database work.
        for (const pattern of ['(a{100}){40}', '(.{100}){40}']) {
          const heavy = tracked(ngsi('GET', `/entities?idPattern=${enc(pattern)}`));
          const probe = await live(server);
          assert.equal(probe.status, 200, probe.text);
          assertBadRequestData(await heavy.result, pattern);
          assert.match(problem(await heavy.result).detail, /repeats more than 64 times/);
        }

        // A subscription whose idPattern would backtrack for minutes in V8 on a long id: notification
        // matching runs on every change, and must not hold the process.
        const subscription = await ngsi('POST', '/subscriptions', {
          type: 'Subscription',
          entities: [{ type: 'AirQualityObserved', idPattern: '.*.*.*.*.*.*x' }],
          notification: { endpoint: { uri: 'http://127.0.0.1:9/notify' } },
        });
        assert.equal(subscription.status, 201, subscription.text);
        const longId = `urn:ngsi-ld:AirQualityObserved:${'a'.repeat(220)}`;
        const longOne = await ngsi('POST', '/entities', {
          id: longId,
          type: 'AirQualityObserved',
          pm25: { type: 'Property', value: 19 },
        });
        assert.equal(longOne.status, 201, longOne.text);
        assert.equal((await ngsi('PATCH', `/entities/${enc(longId)}/attrs`, { pm25: 20 })).status, 204);
        assert.equal((await live(server)).status, 200);
        assert.equal((await ngsi('GET', `/entities/${enc(longId)}`)).status, 200, 'a long id stays reachable');

        if (t.url) {
          // On PostgreSQL a query that does run long (here: blocked by a lock the test holds) has a
          // deadline, and meanwhile liveness answers without waiting for the pool, which it fills.
          const locker = new pg.Client({ connectionString: t.url });
          await locker.connect();
          try {
            await locker.query('BEGIN');
            await locker.query('LOCK TABLE ngsi_entity IN ACCESS EXCLUSIVE MODE');
            const blocked = [1, 2, 3, 4].map(() => tracked(ngsi('GET', '/entities?type=AirQualityObserved')));
            const probe = await live(server, token);
            assert.equal(probe.status, 200, probe.text);
            assert.ok(
              blocked.every((b) => !b.done()),
              '/health/live answered while the blocked queries were still waiting',
            );
            for (const b of blocked) {
              const res = await b.result;
              assert.equal(res.status, 503, res.text);
              assert.equal(problem(res).code, 'QUERY_TIMEOUT');
            }
          } finally {
            await locker.query('ROLLBACK').catch(() => undefined);
            await locker.end();
          }
        }

        // Input that once made a 500: each a 400 problem, nothing stored.
        const deepValue = `${'{"level":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
        const deepBody = await fetch(`${server.url}${NGSI}/entities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: `{"id":"urn:ngsi-ld:AirQualityObserved:HN-deep","type":"AirQualityObserved","notes":${deepValue}}`,
        });
        assertBadRequestData({ status: deepBody.status, text: await deepBody.text() }, 'JSON 10,000 deep');
        for (const [what, body] of [
          ['a NUL', { id: 'urn:ngsi-ld:AirQualityObserved:HN-nul', type: 'AirQualityObserved', name: 'a\u0000b' }],
          ['a lone surrogate', { id: 'urn:ngsi-ld:AirQualityObserved:HN\ud800', type: 'AirQualityObserved' }],
          [
            'a 257-character id',
            { id: `urn:ngsi-ld:AirQualityObserved:${'b'.repeat(226)}`, type: 'AirQualityObserved' },
          ],
        ] as const) {
          assertBadRequestData(await ngsi('POST', '/entities', body), what);
        }
        for (const query of [
          'type=AirQualityObserved&offset=1e22',
          'type=AirQualityObserved&offset=10000000000000000000000',
        ]) {
          assertBadRequestData(await ngsi('GET', `/entities?${query}`), query);
        }
        const names = Array.from({ length: 100_000 }, (_, i) => `a${i}`);
        assertBadRequestData(
          await ngsi('POST', '/entityOperations/query', { type: 'Query', attrs: names }),
          '100k attrs',
        );
        // Over Node's 16 KiB limit on the request line and headers: refused before any route, as problem+json.
        const hugeUrl = await fetch(
          `${server.url}${NGSI}/entities?type=AirQualityObserved&attrs=${names.slice(0, 3000).join(',')}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        assert.equal(hugeUrl.status, 431);
        assert.match(String(hugeUrl.headers.get('content-type')), /^application\/problem\+json/);
        assert.equal(problem({ status: 431, text: await hugeUrl.text() }).code, 'HEADERS_TOO_LARGE');
        const tooLongPath = await ngsi('GET', `/entities/${'c'.repeat(300)}`);
        assert.equal(tooLongPath.status, 414);
        assert.equal(problem(tooLongPath).code, 'PATH_TOO_LONG');
        const login = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
          username: 'admin\u0000',
          password: ADMIN_PASSWORD,
        });
        assert.equal(login.status, 400, login.text);
        assert.equal(problem(login).code, 'UNSTORABLE_TEXT');

        // Still healthy, and only what was meant to be stored is there.
        assert.equal((await live(server)).status, 200);
        assert.equal((await callServer(server, 'GET', '/health/ready')).status, 200);
        const all = await ngsi('GET', '/entities?type=AirQualityObserved&limit=0&count=true');
        assert.equal(all.status, 200, all.text);
        const count = await fetch(`${server.url}${NGSI}/entities?type=AirQualityObserved&limit=0&count=true`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(count.headers.get('ngsild-results-count'), '2');
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
        await t.dispose();
      }
    });

    it('keeps tenants apart over MQTT, makes no request inward, and stores good readings beside poisoned ones', async () => {
      const t = await createTestDatabase(driver, { open: false });
      // Production's default: no internal destination is allowed for requests made on users' behalf.
      const env: Record<string, string> = { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, OUTBOUND_ALLOW: '' };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      const server = await startServer(env);
      const clients: MqttClient[] = [];
      try {
        const token = await loginAdmin(server, ADMIN_PASSWORD);
        const mqttUrl = /Devices MQTT:\s+(mqtt:\/\/\S+)/.exec(server.output())?.[1];
        assert.ok(mqttUrl, 'the banner names the device broker');
        const inTenant = (tenant: string) => ({ 'fiware-service': tenant, 'fiware-servicepath': '/' });
        for (const tenant of ['ta', 'tb']) {
          const group = await callServer(
            server,
            'POST',
            '/iot/services',
            token,
            {
              services: [
                {
                  apikey: `${tenant}-key`,
                  resource: '/iot/json',
                  entity_type: 'AirQualityObserved',
                  attributes: [{ object_id: 'p25', name: 'pm25', type: 'Number' }],
                },
              ],
            },
            inTenant(tenant),
          );
          assert.equal(group.status, 201, group.text);
          const device = await callServer(
            server,
            'POST',
            '/iot/devices',
            token,
            {
              devices: [{ device_id: `${tenant}-aq`, apikey: `${tenant}-key` }],
            },
            inTenant(tenant),
          );
          assert.equal(device.status, 201, device.text);
        }
        const minted = await callServer(server, 'POST', '/api/v1/api-keys', token, {
          name: 'gateway of ta',
          roles: ['operator'],
          tenant: 'ta',
        });
        assert.equal(minted.status, 201, minted.text);
        const gatewayKey = (JSON.parse(minted.text) as { key: string }).key;

        // 1. A tenant's key over MQTT: '#' brings its own tenant's measures only, and it cannot write into another.
        const gateway = await mqtt.connectAsync(mqttUrl, { username: 'gw', password: gatewayKey, reconnectPeriod: 0 });
        clients.push(gateway);
        const seen: string[] = [];
        gateway.on('message', (topic) => seen.push(topic));
        await gateway.subscribeAsync('#', { qos: 1 });
        const device = async (tenant: string) => {
          const client = await mqtt.connectAsync(mqttUrl, { clientId: `${tenant}-aq`, reconnectPeriod: 0 });
          clients.push(client);
          return client;
        };
        const pm25Of = async (tenant: string) => {
          const res = await callServer(
            server,
            'GET',
            `${NGSI}/entities/urn:ngsi-ld:AirQualityObserved:${tenant}-aq?options=keyValues`,
            token,
            undefined,
            { 'ngsild-tenant': tenant },
          );
          return res.status === 200 ? (JSON.parse(res.text) as { pm25?: number }).pm25 : undefined;
        };
        const until = async (what: string, check: () => Promise<boolean> | boolean) => {
          for (let i = 0; i < 200; i++) {
            if (await check()) return;
            await new Promise((r) => setTimeout(r, 100));
          }
          assert.fail(`${what}: not within 20 s`);
        };
        await (await device('tb')).publishAsync('/tb-key/tb-aq/attrs', '{"p25": 31}', { qos: 1 });
        await until("tb's measure stored", async () => (await pm25Of('tb')) === 31);
        await (await device('ta')).publishAsync('/ta-key/ta-aq/attrs', '{"p25": 12}', { qos: 1 });
        await until("ta's measure reaches ta's gateway", () => seen.some((topic) => topic.includes('ta-aq')));
        assert.deepEqual(
          seen.filter((topic) => topic.includes('tb')),
          [],
          "tb's measures never reach ta's key",
        );
        const closed = new Promise<void>((resolve) => gateway.once('close', () => resolve()));
        gateway.publish('/tb-key/tb-aq/attrs', '{"p25": 999}', { qos: 1 });
        await closed;
        assert.equal(await pm25Of('tb'), 31, "ta's key wrote nothing into tb");

        // 2. A @context on loopback, in any spelling: not fetched, nothing said about what answered, nothing kept.
        for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '[::ffff:127.0.0.1]']) {
          const port = new URL(server.url).port;
          const res = await callServer(server, 'GET', `${NGSI}/entities?type=AirQualityObserved`, token, undefined, {
            link: `<http://${host}:${port}/health/ready>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
          });
          assert.equal(res.status, 503, `${host}: ${res.text}`);
          assert.equal(problem(res).type, 'https://uri.etsi.org/ngsi-ld/errors/LdContextNotAvailable');
          assert.doesNotMatch(problem(res).detail, /loopback|private|allowed|refused|resolve|status|\d{3} /i, host);
        }
        const kept = await callServer(server, 'GET', `${NGSI}/jsonldContexts?details=true`, token);
        assert.equal(kept.status, 200, kept.text);
        assert.doesNotMatch(kept.text, /health/, 'no downloaded answer is kept or published');
        const inward = await callServer(server, 'POST', `${NGSI}/subscriptions`, token, {
          type: 'Subscription',
          entities: [{ type: 'AirQualityObserved' }],
          notification: { endpoint: { uri: `${server.url}/api/v1/users` } },
        });
        assertBadRequestData(inward, 'a subscription notifying the platform itself');

        // 3. Poisoned readings beside good ones from another tenant's device: each good one stored, each bad one refused.
        const send = (tenant: string, body: string) =>
          fetch(`${server.url}/iot/json?k=${tenant}-key&i=${tenant}-aq`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
        const answers = await Promise.all([
          ...Array.from({ length: 30 }, (_, i) => send('tb', `{"p25": ${100 + i}}`)),
          ...Array.from({ length: 5 }, () => send('ta', '{"p25": 1, "note": "a\\u0000b"}')),
          send('ta', '{"p25": 2, "note": "\\ud800"}'),
        ]);
        const good = answers.slice(0, 30);
        const poisoned = answers.slice(30);
        assert.deepEqual(
          good.map((r) => r.status < 300),
          good.map(() => true),
          'every good reading is accepted',
        );
        for (const r of poisoned) {
          assert.equal(r.status, 400);
          assert.equal(((await r.json()) as { reason: string }).reason, 'invalid_text');
        }
        const history = await callServer(
          server,
          'GET',
          `${NGSI}/temporal/entities/urn:ngsi-ld:AirQualityObserved:tb-aq?attrs=pm25&lastN=100&options=temporalValues`,
          token,
          undefined,
          { 'ngsild-tenant': 'tb' },
        );
        assert.equal(history.status, 200, history.text);
        const values = (JSON.parse(history.text) as { pm25: { values: [number, string][] } }).pm25.values.map(
          (v) => v[0],
        );
        for (let i = 0; i < 30; i++) assert.ok(values.includes(100 + i), `the good reading ${100 + i} is stored`);
        assert.equal((await live(server)).status, 200);
      } finally {
        for (const c of clients) c.end(true);
        server.child.kill('SIGTERM');
        await server.exited;
        await t.dispose();
      }
    });
  });
}
