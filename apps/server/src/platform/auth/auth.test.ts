import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, uniqueName, type Account } from '../../../test/support/app.js';

describeEachDriver('access control', (ctx) => {
  let app: App;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers = {}, payload?: object) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('logs a user in and tells them who they are', async () => {
    const me = await inject('GET', '/api/v1/auth/me', admin.auth);
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { kind: 'user', id: admin.id, name: admin.username, roles: ['admin'], tenant: '*' });
  });

  it('refuses a wrong password or an unknown user the same way', async () => {
    const wrong = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: admin.username, password: 'not-the-password' },
    );
    const unknown = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: 'nobody-here', password: 'whatever-it-is' },
    );
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(problemOf(wrong).detail, problemOf(unknown).detail);
    assert.equal(problemOf(wrong).code, 'LOGIN_FAILED');
  });

  it('keeps only a memory-hard hash of each password', async () => {
    const { rows } = await ctx.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM auth_user WHERE username = $1',
      [admin.username],
    );
    const hash = rows[0]?.password_hash ?? '';
    assert.match(hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!hash.includes(admin.password), '!hash.includes(admin.password)');
  });

  it('answers 401 without credentials, 401 with bad ones, 403 for a role without the permission', async () => {
    const none = await inject('GET', '/api/v1/users');
    assert.equal(none.statusCode, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="thanglong"');
    const garbage = await inject('GET', '/api/v1/users', { authorization: 'Bearer not.a.token' });
    assert.equal(garbage.statusCode, 401);
    const basic = await inject('GET', '/api/v1/users', { authorization: 'Basic YWRtaW46YWRtaW4=' });
    assert.equal(basic.statusCode, 401);
    const forged = admin.token.slice(0, -4) + (admin.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assert.equal((await inject('GET', '/api/v1/auth/me', { authorization: `Bearer ${forged}` })).statusCode, 401);
    const operator = await accountWith(app, ['operator']);
    const forbidden = await inject('GET', '/api/v1/users', operator.auth);
    assert.equal(forbidden.statusCode, 403);
    assert.match(problemOf(forbidden).detail, /access:read/);
    const allowed = await inject('GET', '/api/v1/auth/me', operator.auth);
    assert.equal(allowed.statusCode, 200, 'an authenticated route needs no particular role');
  });

  it('ends the session at logout: the same token no longer works', async () => {
    const viewer = await accountWith(app, ['viewer']);
    assert.equal((await inject('GET', '/api/v1/auth/me', viewer.auth)).statusCode, 200);
    assert.equal((await inject('POST', '/api/v1/auth/logout', viewer.auth)).statusCode, 204);
    const after = await inject('GET', '/api/v1/auth/me', viewer.auth);
    assert.equal(after.statusCode, 401);
    assert.match(problemOf(after).detail, /session has ended/);
  });

  it('lets an admin manage accounts: create, read, change roles, disable, delete', async () => {
    const username = uniqueName('officer');
    const created = await inject('POST', '/api/v1/users', admin.auth, {
      username,
      displayName: 'Nguyễn Văn An',
      roles: ['officer'],
      tenant: '',
    });
    assert.equal(created.statusCode, 201);
    const body = created.json<{ user: { id: string; roles: string[] }; generatedPassword: string }>();
    assert.equal(created.headers['location'], `/api/v1/users/${body.user.id}`);
    assert.ok(body.generatedPassword.length >= 20, 'a password is generated and shown once');
    assert.ok(!('passwordHash' in body.user), "!('passwordHash' in body.user)");

    const login = await inject('POST', '/api/v1/auth/login', {}, { username, password: body.generatedPassword });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true, 'theirs to choose');
    const officer = { authorization: `Bearer ${login.json<{ token: string }>().token}` };

    const read = await inject('GET', `/api/v1/users/${body.user.id}`, admin.auth);
    assert.equal(read.json<{ displayName: string }>().displayName, 'Nguyễn Văn An');

    const promoted = await inject('PATCH', `/api/v1/users/${body.user.id}`, admin.auth, {
      roles: ['officer', 'viewer'],
    });
    assert.deepEqual(promoted.json<{ roles: string[] }>().roles, ['officer', 'viewer']);
    assert.equal((await inject('GET', '/api/v1/auth/me', officer)).statusCode, 401, 'a change of rights ends sessions');

    const disabled = await inject('PATCH', `/api/v1/users/${body.user.id}`, admin.auth, { disabled: true });
    assert.equal(disabled.statusCode, 200);
    const refused = await inject('POST', '/api/v1/auth/login', {}, { username, password: body.generatedPassword });
    assert.equal(refused.statusCode, 401);

    assert.equal((await inject('DELETE', `/api/v1/users/${body.user.id}`, admin.auth)).statusCode, 204);
    assert.equal((await inject('GET', `/api/v1/users/${body.user.id}`, admin.auth)).statusCode, 404);
  });

  it('rejects bad account input with a clear error and changes nothing', async () => {
    const before = (await inject('GET', '/api/v1/users?limit=1000', admin.auth)).json<{ total: number }>();
    const cases: { payload: object; code: string }[] = [
      { payload: { username: 'x', roles: ['viewer'], tenant: '' }, code: 'VALIDATION_FAILED' },
      { payload: { username: uniqueName('u'), roles: ['mayor'], tenant: '' }, code: 'VALIDATION_FAILED' },
      { payload: { username: uniqueName('u'), roles: [], tenant: '' }, code: 'VALIDATION_FAILED' },
      {
        payload: { username: uniqueName('u'), roles: ['viewer'], password: 'short', tenant: '' },
        code: 'VALIDATION_FAILED',
      },
      {
        payload: { username: uniqueName('u'), roles: ['viewer'], isSuperuser: true, tenant: '' },
        code: 'VALIDATION_FAILED',
      },
      { payload: { username: uniqueName('u'), roles: ['viewer'], tenant: 'bad tenant!' }, code: 'INVALID_TENANT' },
      { payload: { username: admin.username.toUpperCase(), roles: ['viewer'], tenant: '' }, code: 'USERNAME_TAKEN' },
    ];
    for (const c of cases) {
      const res = await inject('POST', '/api/v1/users', admin.auth, c.payload);
      assert.equal(problemOf(res).code, c.code, JSON.stringify(c.payload));
      assert.ok(res.statusCode === 400 || res.statusCode === 409, 'res.statusCode === 400 || res.statusCode === 409');
    }
    const afterwards = (await inject('GET', '/api/v1/users?limit=1000', admin.auth)).json<{ total: number }>();
    assert.equal(afterwards.total, before.total);
  });

  it('never removes the last enabled administrator', async () => {
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM auth_user WHERE 'admin' = ANY (roles) AND NOT disabled`,
    );
    // Disable every other admin first, so `admin` is the last one.
    for (const r of rows.filter((r) => r.id !== admin.id)) {
      await inject('PATCH', `/api/v1/users/${r.id}`, admin.auth, { disabled: true });
    }
    const demote = await inject('PATCH', `/api/v1/users/${admin.id}`, admin.auth, { roles: ['viewer'] });
    assert.equal(demote.statusCode, 409);
    assert.equal(problemOf(demote).code, 'LAST_ADMIN');
    const remove = await inject('DELETE', `/api/v1/users/${admin.id}`, admin.auth);
    assert.equal(problemOf(remove).code, 'LAST_ADMIN');
  });

  it('lets a user change their own password, which ends their other sessions', async () => {
    const officer = await accountWith(app, ['officer']);
    const wrong = await inject('PUT', '/api/v1/auth/password', officer.auth, {
      currentPassword: 'not-my-password',
      newPassword: 'a-new-long-password',
    });
    assert.equal(problemOf(wrong).code, 'WRONG_PASSWORD');
    const ok = await inject('PUT', '/api/v1/auth/password', officer.auth, {
      currentPassword: officer.password,
      newPassword: 'a-new-long-password',
    });
    assert.equal(ok.statusCode, 204);
    assert.equal((await inject('GET', '/api/v1/auth/me', officer.auth)).statusCode, 401);
    const login = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: officer.username, password: 'a-new-long-password' },
    );
    assert.equal(login.statusCode, 200);
  });

  it('locks an account for a while after repeated failures', async () => {
    const viewer = await accountWith(app, ['viewer']);
    for (let i = 0; i < 10; i++) {
      await inject('POST', '/api/v1/auth/login', {}, { username: viewer.username, password: `wrong-${i}` });
    }
    const locked = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: viewer.username, password: viewer.password },
    );
    assert.equal(locked.statusCode, 429, 'even the right password is refused while locked');
    assert.equal(problemOf(locked).code, 'TOO_MANY_ATTEMPTS');
  });

  it('issues API keys for machines: usable, scoped by role, stored hashed, revocable', async () => {
    const created = await inject('POST', '/api/v1/api-keys', admin.auth, {
      name: 'Prometheus',
      roles: ['monitor'],
      tenant: '',
    });
    assert.equal(created.statusCode, 201);
    const { apiKey, key } = created.json<{ apiKey: { id: string; prefix: string }; key: string }>();
    assert.match(key, /^tl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    const { rows } = await ctx.db.query<{ secret_hash: string }>('SELECT secret_hash FROM auth_api_key WHERE id = $1', [
      apiKey.id,
    ]);
    assert.ok(!key.includes(rows[0]?.secret_hash ?? 'x'), 'only a hash is stored');
    assert.ok(
      !JSON.stringify((await inject('GET', '/api/v1/api-keys', admin.auth)).json()).includes(key.slice(16)),
      "!JSON.stringify((await inject('GET', '/api/v1/api-keys', admin.auth)).json()).includes(key.slice(16))",
    );

    assert.equal((await inject('GET', '/metrics', { authorization: `Bearer ${key}` })).statusCode, 200);
    assert.equal((await inject('GET', '/metrics', { 'x-api-key': key })).statusCode, 200);
    assert.equal((await inject('GET', '/api/v1/users', { 'x-api-key': key })).statusCode, 403);
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    assert.equal((await inject('GET', '/metrics', { 'x-api-key': tampered })).statusCode, 401);

    assert.equal((await inject('DELETE', `/api/v1/api-keys/${apiKey.id}`, admin.auth)).statusCode, 204);
    const revoked = await inject('GET', '/metrics', { 'x-api-key': key });
    assert.equal(revoked.statusCode, 401);
    assert.match(problemOf(revoked).detail, /revoked/);
  });

  it("hides another tenant's accounts and keys: 404, never 403", async () => {
    const waterAdmin = await accountWith(app, ['admin'], 'hanoi_water');
    const transportAdmin = await accountWith(app, ['admin'], 'hanoi_transport');
    const key = await inject('POST', '/api/v1/api-keys', transportAdmin.auth, {
      name: 'bus gateway',
      roles: ['viewer'],
      tenant: 'hanoi_transport',
    });
    const keyId = key.json<{ apiKey: { id: string; tenant: string } }>().apiKey.id;
    assert.equal(key.json<{ apiKey: { tenant: string } }>().apiKey.tenant, 'hanoi_transport');

    const user = await inject('GET', `/api/v1/users/${transportAdmin.id}`, waterAdmin.auth);
    assert.equal(user.statusCode, 404);
    assert.equal((await inject('GET', `/api/v1/api-keys/${keyId}`, waterAdmin.auth)).statusCode, 404);
    assert.equal((await inject('DELETE', `/api/v1/api-keys/${keyId}`, waterAdmin.auth)).statusCode, 404);
    assert.equal(
      (await inject('PATCH', `/api/v1/users/${transportAdmin.id}`, waterAdmin.auth, { disabled: true })).statusCode,
      404,
    );
    const list = (await inject('GET', '/api/v1/users?limit=1000', waterAdmin.auth)).json<{
      items: { tenant: string }[];
    }>();
    assert.ok(
      list.items.length >= 1 && list.items.every((u) => u.tenant === 'hanoi_water'),
      "list.items.length >= 1 && list.items.every((u) => u.tenant === 'hanoi_water')",
    );

    const crossTenant = await inject('GET', '/api/v1/auth/me', {
      ...waterAdmin.auth,
      'ngsild-tenant': 'hanoi_transport',
    });
    assert.equal(crossTenant.statusCode, 404);
    const grant = await inject('POST', '/api/v1/users', waterAdmin.auth, {
      username: uniqueName('spy'),
      roles: ['viewer'],
      tenant: 'hanoi_transport',
    });
    assert.equal(grant.statusCode, 403, 'granting access to another tenant is refused');

    // The platform administrator sees every tenant.
    assert.equal((await inject('GET', `/api/v1/api-keys/${keyId}`, admin.auth)).statusCode, 200);
  });

  it('answers 404 for an id that cannot exist, and for an unknown path even without credentials', async () => {
    assert.equal((await inject('GET', '/api/v1/users/not-a-uuid', admin.auth)).statusCode, 404);
    const unknown = await inject('GET', '/api/v1/no-such-thing');
    assert.equal(unknown.statusCode, 404);
    assert.equal(problemOf(unknown).code, 'NOT_FOUND');
  });
});
