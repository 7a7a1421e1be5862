import assert from 'node:assert/strict';
import { request, type Agent } from 'node:http';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { openPglite } from '../src/platform/db/pglite.js';
import { openPostgres } from '../src/platform/db/postgres.js';
import type { Database } from '../src/platform/db/index.js';
import { createTestDatabase, DRIVERS, silentLog, skipReason } from './support/databases.js';
import { startServer } from './support/process.js';

const ADMIN_PASSWORD = 'shutdown-test-first-passphrase';

function post(url: string, path: string, body: object, headers: Record<string, string> = {}, agent?: Agent) {
  const payload = JSON.stringify(body);
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: 'POST',
        agent: agent ?? false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload, () => sent());
  });
  return { written, response };
}

for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`graceful shutdown of a running instance [${driver}]`, skip ? { skip } : {}, () => {
    it('finishes every request it accepted before exiting, and keeps what they wrote', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'info' };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      try {
        const server = await startServer(env);
        const login = post(server.url, '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
        const { status, body } = await login.response;
        assert.equal(status, 200, body);
        const auth = { authorization: `Bearer ${(JSON.parse(body) as { token: string }).token}` };

        // Accounts created at once: each hashes a password, so many are still running when the
        // signal arrives. Each must end one of two clean ways: done (201, and kept), or turned away
        // before any work (503 SHUTTING_DOWN, or the connection closed before it was read).
        const names = Array.from({ length: 40 }, (_, i) => `duty-officer-${i}`);
        const calls = names.map((username) =>
          post(
            server.url,
            '/api/v1/users',
            {
              username,
              password: `night shift keeps ${username.length * 7} lanterns lit`,
              roles: ['officer'],
              tenant: '',
            },
            auth,
          ),
        );
        await Promise.all(calls.map((c) => c.written));
        // Signal once the server is under way (its first answer is out), not after a fixed delay a
        // loaded machine may not keep: most requests are then still running.
        await Promise.race(calls.map((c) => c.response.catch(() => undefined)));
        const signalledAt = Date.now();
        server.child.kill('SIGTERM');

        const outcomes = await Promise.all(
          calls.map((c) =>
            c.response.then(
              (r) => ({
                status: r.status,
                code: r.status === 201 ? 'CREATED' : (JSON.parse(r.body) as { code: string }).code,
                at: Date.now(),
              }),
              (err: NodeJS.ErrnoException) => ({ status: 0, code: err.code ?? String(err), at: Date.now() }),
            ),
          ),
        );
        for (const o of outcomes)
          assert.ok(['CREATED', 'SHUTTING_DOWN', 'ECONNRESET'].includes(o.code), JSON.stringify(o));
        const created = names.filter((_, i) => outcomes[i]?.code === 'CREATED');
        assert.ok(
          outcomes.some((o) => o.code === 'CREATED' && o.at > signalledAt),
          'requests running at the signal were finished, not dropped',
        );
        assert.ok(created.length >= 2, `requests were accepted and finished (${created.length})`);
        assert.equal(await server.exited, 0, server.output());
        assert.match(server.output(), /Thang Long stopped/);

        const late = post(server.url, '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
        await assert.rejects(late.response, /ECONNREFUSED/, 'nothing is accepted after the shutdown');

        const db: Database = t.url ? await openPostgres(t.url, 2, silentLog) : await openPglite(t.dataDir);
        try {
          const { rows } = await db.query<{ username: string }>(
            `SELECT username FROM auth_user WHERE username LIKE 'duty-officer-%' ORDER BY username`,
          );
          assert.deepEqual(
            rows.map((r) => r.username).sort(),
            [...created].sort(),
            'every accepted request was kept, and nothing turned away was half-done',
          );
        } finally {
          await db.close();
        }
      } finally {
        await t.dispose();
      }
    });
  });
}
