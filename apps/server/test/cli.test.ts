import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { openPostgres } from '../src/platform/db/postgres.js';
import { createTestDatabase, skipReason, silentLog } from './support/databases.js';
import { runCli, startServer } from './support/process.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

describe('the thanglong command', () => {
  it('explains itself with --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const command of ['start', 'migrate', 'config', 'version', 'user']) {
      assert.match(stdout, new RegExp(`^\\s+${command}\\b`, 'm'), `--help lists ${command}`);
    }
    const start = await runCli(['start', '--help']);
    assert.match(start.stdout, /--role <roles>/);
  });

  it('prints its version', async () => {
    const { code, stdout } = await runCli(['version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });

  it('prints the effective configuration with secrets redacted', async () => {
    const { code, stdout } = await runCli(['config'], {
      DATABASE_URL: 'postgres://city:hunter2hunter2@db.internal/thanglong',
      AUTH_TOKEN_SECRET: 'z'.repeat(48),
      PORT: '9090',
    });
    assert.equal(code, 0);
    assert.match(stdout, /^PORT=9090$/m);
    assert.match(stdout, /^DATABASE_URL=postgres:\/\/city:redacted@db\.internal\/thanglong$/m);
    assert.match(stdout, /^AUTH_TOKEN_SECRET=\[redacted\]$/m);
    assert.match(stdout, /^DATA_DIR=\.\/data {2}# default$/m);
    assert.ok(
      !stdout.includes('hunter2') && !stdout.includes('zzzz'),
      "!stdout.includes('hunter2') && !stdout.includes('zzzz')",
    );
  });

  it('refuses to start with a bad configuration: every problem named, exit code 2', async () => {
    const { code, stderr } = await runCli(['start'], { PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    assert.equal(code, 2);
    assert.match(stderr, /3 settings are not valid/);
    assert.match(stderr, /^ {2}PORT: /m);
    assert.match(stderr, /^ {2}LOG_LEVEL: /m);
    assert.match(stderr, /^ {2}DATABASE_URL: /m);
    const checked = await runCli(['config'], { PORT: 'eighty' });
    assert.equal(checked.code, 2);
  });

  it('rejects an unknown role', async () => {
    const { code, stderr } = await runCli(['start', '--role', 'api,mayor']);
    assert.notEqual(code, 0);
    assert.match(stderr, /"mayor" is not a role/);
  });
});

describe(
  'thanglong migrate and user add [postgres]',
  skipReason('postgres') ? { skip: skipReason('postgres') } : {},
  () => {
    it('migrates an empty database, then finds it up to date', async () => {
      const t = await createTestDatabase('postgres', { empty: true, open: false });
      try {
        const first = await runCli(['migrate'], { DATABASE_URL: t.url as string });
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /Applied \d+ migration\(s\):\n {2}20261122000000_platform_postgis/);
        const second = await runCli(['migrate'], { DATABASE_URL: t.url as string });
        assert.match(second.stdout, /The database is up to date/);
      } finally {
        await t.dispose();
      }
    });

    it('adds a user who can then log in', async () => {
      const t = await createTestDatabase('postgres', { open: false });
      // As on a fresh checkout: the data directory (where the personal-data key is kept) does not exist yet.
      const dataDir = join(mkdtempSync(join(tmpdir(), 'thanglong-cli-')), 'data');
      try {
        const added = await runCli(
          ['user', 'add', 'ops-lead', '--role', 'operator,viewer', '--tenant', '', '--password-stdin'],
          {
            DATABASE_URL: t.url as string,
            DATA_DIR: dataDir,
          },
          { input: 'a-long-operator-password\n' },
        );
        assert.equal(added.code, 0, added.stderr);
        assert.match(added.stdout, /Created user ops-lead \(operator, viewer\)/);
        const generated = await runCli(['user', 'add', 'night-shift', '--role', 'viewer', '--tenant', 'hanoi_water'], {
          DATABASE_URL: t.url as string,
          DATA_DIR: dataDir,
        });
        assert.match(generated.stdout, /Password: \S{20}/);
        const short = await runCli(
          ['user', 'add', 'weak', '--role', 'viewer', '--tenant', '', '--password-stdin'],
          {
            DATABASE_URL: t.url as string,
            DATA_DIR: dataDir,
          },
          { input: 'short' },
        );
        assert.equal(short.code, 1);
        assert.match(short.stderr, /at least 12 characters/);
        const guessable = await runCli(
          ['user', 'add', 'guessable', '--role', 'viewer', '--tenant', '', '--password-stdin'],
          { DATABASE_URL: t.url as string, DATA_DIR: dataDir },
          { input: 'password1234' },
        );
        assert.equal(guessable.code, 1);
        assert.match(guessable.stderr, /too easy to guess/);
        const everywhere = await runCli(['user', 'add', 'watcher', '--role', 'viewer'], {
          DATABASE_URL: t.url as string,
          DATA_DIR: dataDir,
        });
        assert.notEqual(everywhere.code, 0, 'a user without --tenant is refused');
        assert.match(everywhere.stderr, /--tenant/);
        const allTenants = await runCli(['user', 'add', 'watcher', '--role', 'viewer', '--tenant', '*'], {
          DATABASE_URL: t.url as string,
          DATA_DIR: dataDir,
        });
        assert.equal(allTenants.code, 1);
        assert.match(allTenants.stderr, /Only an administrator may work in every tenant/);

        const db = await openPostgres(t.url as string, 1, silentLog);
        try {
          const { rows } = await db.query<{ username: string; roles: string[]; tenant: string }>(
            'SELECT username, roles, tenant FROM auth_user ORDER BY username',
          );
          assert.deepEqual(rows, [
            { username: 'night-shift', roles: ['viewer'], tenant: 'hanoi_water' },
            { username: 'ops-lead', roles: ['operator', 'viewer'], tenant: '' },
          ]);
          // Locked after failed logins: the command line unlocks it.
          await db.query(
            `UPDATE auth_user SET failed_logins = 10, locked_until = now() + interval '15 minutes' WHERE username = 'ops-lead'`,
          );
        } finally {
          await db.close();
        }
        const unlocked = await runCli(['user', 'unlock', 'OPS-LEAD'], {
          DATABASE_URL: t.url as string,
          DATA_DIR: dataDir,
        });
        assert.equal(unlocked.code, 0, unlocked.stderr);
        assert.match(unlocked.stdout, /Unlocked user ops-lead/);
        const unknown = await runCli(['user', 'unlock', 'nobody-here'], {
          DATABASE_URL: t.url as string,
          DATA_DIR: dataDir,
        });
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /User "nobody-here" not found/);
        const check = await openPostgres(t.url as string, 1, silentLog);
        try {
          const { rows } = await check.query<{ locked_until: Date | null; failed_logins: number }>(
            `SELECT locked_until, failed_logins FROM auth_user WHERE username = 'ops-lead'`,
          );
          assert.deepEqual(rows, [{ locked_until: null, failed_logins: 0 }]);
        } finally {
          await check.close();
        }
      } finally {
        await t.dispose();
      }
    });
  },
);

describe('a first start on an empty embedded database [pglite]', () => {
  it('creates an admin with a one-time password, prints it and the URLs, and serves them', async () => {
    const t = await createTestDatabase('pglite', { open: false });
    try {
      const server = await startServer({ DATA_DIR: dirname(t.dataDir as string), LOG_LEVEL: 'info' });
      try {
        const out = server.output();
        const password = /password: (\S+)/.exec(out)?.[1];
        assert.ok(password && password.length >= 20, out);
        assert.match(out, /API docs:\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
        assert.ok(!/"password"/.test(out), 'the password is not in the JSON log lines');
        const ready = await fetch(`${server.url}/health/ready`);
        assert.equal(ready.status, 200);
        const docs = await fetch(`${server.url}/docs/`);
        assert.equal(docs.status, 200);
        const login = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password }),
        });
        assert.equal(login.status, 200);
      } finally {
        server.child.kill('SIGINT');
        assert.equal(await server.exited, 0);
      }
    } finally {
      await t.dispose();
    }
  });
});
