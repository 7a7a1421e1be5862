import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, loginAdmin, startServer, type RunningServer } from './support/process.js';

/**
 * An attacker's view of a fresh instance (DEMO=off): the reproductions of costly queries and bad input,
 * sent to a real server process. Each is answered with a 4xx problem, none stalls the process, and the
 * instance stays healthy.
 */

const ADMIN_PASSWORD = 'attacker-view-test-admin-password';
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
  });
}
