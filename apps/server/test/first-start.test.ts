import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase, DRIVERS, skipReason } from './support/databases.js';
import { callServer, startServer } from './support/process.js';

// A fresh instance without AUTH_ADMIN_PASSWORD: the generated password reaches the operator alone
// (standard error, never the JSON log stream), and serves only to choose a real one.
for (const driver of DRIVERS) {
  const skip = skipReason(driver);
  describe(`the first start of an empty instance [${driver}]`, skip ? { skip } : {}, () => {
    it('prints the first admin password to standard error, and forces a new one at the first login', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = { LOG_LEVEL: 'info' };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      const server = await startServer(env);
      try {
        const m = /password: (\S{20})\n/.exec(server.stderr());
        assert.ok(m, `the password is on standard error:\n${server.stderr()}`);
        const password = m[1] as string;
        assert.ok(!server.stdout().includes(password), 'never in the log stream');

        const login = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
          username: 'admin',
          password,
        });
        assert.equal(login.status, 200, login.text);
        const session = JSON.parse(login.text) as { token: string; passwordChangeRequired: boolean };
        assert.equal(session.passwordChangeRequired, true);
        const users = await callServer(server, 'GET', '/api/v1/users', session.token);
        assert.equal(users.status, 403);
        assert.equal((JSON.parse(users.text) as { code: string }).code, 'PASSWORD_CHANGE_REQUIRED');

        const changed = await callServer(server, 'PUT', '/api/v1/auth/password', session.token, {
          currentPassword: password,
          newPassword: 'the red river carries silt to the sea',
        });
        assert.equal(changed.status, 204, changed.text);
        const again = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
          username: 'admin',
          password: 'the red river carries silt to the sea',
        });
        const second = JSON.parse(again.text) as { token: string; passwordChangeRequired: boolean };
        assert.equal(second.passwordChangeRequired, false);
        assert.equal((await callServer(server, 'GET', '/api/v1/users', second.token)).status, 200);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
        await t.dispose();
      }
    });

    it('does not force a change of a password the operator chose (AUTH_ADMIN_PASSWORD), but refuses a weak one', async () => {
      const t = await createTestDatabase(driver, { open: false });
      const env: Record<string, string> = { AUTH_ADMIN_PASSWORD: 'aaaaaaaaaaaa' };
      if (t.url) env['DATABASE_URL'] = t.url;
      else env['DATA_DIR'] = dirname(t.dataDir as string);
      try {
        await assert.rejects(startServer(env), /AUTH_ADMIN_PASSWORD: This password is too easy to guess/);
        env['AUTH_ADMIN_PASSWORD'] = 'ninety-nine bicycles by West Lake';
        const server = await startServer(env);
        try {
          assert.ok(!server.output().includes('ninety-nine bicycles'), 'a password the operator chose is not printed');
          const login = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
            username: 'admin',
            password: 'ninety-nine bicycles by West Lake',
          });
          const session = JSON.parse(login.text) as { token: string; passwordChangeRequired: boolean };
          assert.equal(session.passwordChangeRequired, false);
          assert.equal((await callServer(server, 'GET', '/api/v1/users', session.token)).status, 200);
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
        // The value is judged at start, before the database is opened: a weak one stops the start even once accounts
        // exist, with the reason, rather than sitting in the environment as a password someone may reuse.
        env['AUTH_ADMIN_PASSWORD'] = 'aaaaaaaaaaaa';
        await assert.rejects(startServer(env), /AUTH_ADMIN_PASSWORD: This password is too easy to guess/);
        delete env['AUTH_ADMIN_PASSWORD'];
        const restarted = await startServer(env); // without it, the instance with its accounts serves
        assert.match(restarted.stdout(), /is running/);
        restarted.child.kill('SIGTERM');
        await restarted.exited;
      } finally {
        await t.dispose();
      }
    });
  });
}
