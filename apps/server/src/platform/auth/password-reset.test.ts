import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, uniqueName, type Account } from '../../../test/support/app.js';

/**
 * An administrator resets a person's password: a new one is generated and shown once, the old one
 * and the sessions opened with it stop working, and the person must choose their own at next login.
 */

describeEachDriver('Password reset by an administrator', (ctx) => {
  let app: App;
  let admin: Account;
  let operator: Account;

  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin']);
    operator = await accountWith(app, ['operator']);
  });
  after(() => app.http.close());

  const login = (username: string, password: string) =>
    app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('gives a generated password once, ends the old sessions and requires a change at next login', async () => {
    const person = await accountWith(app, ['viewer']);
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/users/${person.id}/password-reset`,
      headers: admin.auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    const { user, generatedPassword } = res.json<{
      user: { mustChangePassword: boolean };
      generatedPassword: string;
    }>();
    assert.equal(user.mustChangePassword, true);
    assert.ok(generatedPassword.length >= 12, 'generatedPassword.length >= 12');
    const old = await app.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: person.auth });
    assert.equal(old.statusCode, 401);
    assert.equal((await login(person.username, person.password)).statusCode, 401);
    const fresh = await login(person.username, generatedPassword);
    assert.equal(fresh.statusCode, 200);
    assert.equal(fresh.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true);
  });

  it('is for administrators only, and an unknown account is not found', async () => {
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.auth,
      payload: { username: uniqueName('reset'), roles: ['viewer'], tenant: '' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json<{ user: { id: string } }>().user.id;
    const refused = await app.http.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/password-reset`,
      headers: operator.auth,
    });
    assert.equal(refused.statusCode, 403);
    const unknown = await app.http.inject({
      method: 'POST',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000/password-reset',
      headers: admin.auth,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(problemOf(unknown).status, 404);
  });
});
