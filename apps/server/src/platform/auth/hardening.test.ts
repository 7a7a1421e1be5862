import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf, uniqueName, type Account } from '../../../test/support/app.js';
import { hashingNow, hashPassword, HASHES_AT_ONCE } from './passwords.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

describeEachDriver('accounts: tenants said out loud, passwords that resist guessing', (ctx) => {
  let app: App;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db);
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  const inject = (method: Method, url: string, headers = {}, payload?: object) =>
    app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const userCount = async () =>
    (await inject('GET', '/api/v1/users?limit=1000', admin.auth)).json<{ total: number }>().total;

  it('refuses an account or API key that does not say its tenant, instead of giving every tenant', async () => {
    const before = await userCount();
    const user = await inject('POST', '/api/v1/users', admin.auth, { username: uniqueName('u'), roles: ['viewer'] });
    assert.equal(user.statusCode, 400);
    assert.equal(problemOf(user).code, 'TENANT_REQUIRED');
    assert.match(problemOf(user).detail, /"tenant"/);
    const key = await inject('POST', '/api/v1/api-keys', admin.auth, { name: 'gateway', roles: ['operator'] });
    assert.equal(key.statusCode, 400);
    assert.equal(problemOf(key).code, 'TENANT_REQUIRED');
    const nullTenant = await inject('POST', '/api/v1/users', admin.auth, {
      username: uniqueName('u'),
      roles: ['viewer'],
      tenant: null,
    });
    assert.equal(nullTenant.statusCode, 400, 'null is no tenant, not the default one');
    assert.equal(problemOf(nullTenant).code, 'TENANT_REQUIRED');
    const nullKey = await inject('POST', '/api/v1/api-keys', admin.auth, {
      name: 'g',
      roles: ['viewer'],
      tenant: null,
    });
    assert.equal(problemOf(nullKey).code, 'TENANT_REQUIRED');
    assert.equal(await userCount(), before, 'nothing was created');
  });

  it("gives every tenant ('*') to administrators only, and only when asked", async () => {
    const viewer = await inject('POST', '/api/v1/users', admin.auth, {
      username: uniqueName('u'),
      roles: ['viewer'],
      tenant: '*',
    });
    assert.equal(problemOf(viewer).code, 'ALL_TENANTS_ADMIN_ONLY');
    assert.equal(viewer.statusCode, 400);
    const key = await inject('POST', '/api/v1/api-keys', admin.auth, {
      name: 'scraper',
      roles: ['monitor'],
      tenant: '*',
    });
    assert.equal(problemOf(key).code, 'ALL_TENANTS_ADMIN_ONLY');

    const platformAdmin = await inject('POST', '/api/v1/users', admin.auth, {
      username: uniqueName('root'),
      roles: ['admin'],
      tenant: '*',
    });
    assert.equal(platformAdmin.statusCode, 201);
    const created = platformAdmin.json<{ user: { id: string; tenant: string } }>().user;
    assert.equal(created.tenant, '*');
    // Taking the admin role away would leave a non-admin in every tenant.
    const demoted = await inject('PATCH', `/api/v1/users/${created.id}`, admin.auth, { roles: ['viewer'] });
    assert.equal(problemOf(demoted).code, 'ALL_TENANTS_ADMIN_ONLY');
    const moved = await inject('PATCH', `/api/v1/users/${created.id}`, admin.auth, {
      roles: ['viewer'],
      tenant: 'hanoi_water',
    });
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json<{ tenant: string }>().tenant, 'hanoi_water');
  });

  it('refuses guessable passwords and says why', async () => {
    const username = uniqueName('officer');
    const cases: { password: string; code: string; why: RegExp }[] = [
      { password: ' '.repeat(12), code: 'PASSWORD_TOO_WEAK', why: /repeats the same character/ },
      { password: 'aaaaaaaaaaaa', code: 'PASSWORD_TOO_WEAK', why: /repeats the same character/ },
      { password: 'password1234', code: 'PASSWORD_TOO_WEAK', why: /commonly used password/ },
      { password: 'qwertyuiop12', code: 'PASSWORD_TOO_WEAK', why: /too easy to guess/ },
      { password: username, code: 'PASSWORD_CONTAINS_USERNAME', why: /username/ },
      { password: `My-${username.toUpperCase()}!`, code: 'PASSWORD_CONTAINS_USERNAME', why: /username/ },
    ];
    const before = await userCount();
    for (const c of cases) {
      const res = await inject('POST', '/api/v1/users', admin.auth, {
        username,
        roles: ['officer'],
        tenant: '',
        password: c.password,
      });
      assert.equal(res.statusCode, 400, c.password);
      assert.equal(problemOf(res).code, c.code, c.password);
      assert.match(problemOf(res).detail, c.why, c.password);
    }
    assert.equal(await userCount(), before, 'nothing was created');
    const strong = await inject('POST', '/api/v1/users', admin.auth, {
      username,
      roles: ['officer'],
      tenant: '',
      password: 'lanterns drift over Hoan Kiem lake',
    });
    assert.equal(strong.statusCode, 201);
  });

  it('applies the same check when a person changes their own password, or an admin sets one', async () => {
    const officer = await accountWith(app, ['officer']);
    const weak = await inject('PUT', '/api/v1/auth/password', officer.auth, {
      currentPassword: officer.password,
      newPassword: 'aaaaaaaaaaaa',
    });
    assert.equal(problemOf(weak).code, 'PASSWORD_TOO_WEAK');
    const same = await inject('PUT', '/api/v1/auth/password', officer.auth, {
      currentPassword: officer.password,
      newPassword: officer.password,
    });
    assert.equal(problemOf(same).code, 'PASSWORD_UNCHANGED');
    const byAdmin = await inject('PATCH', `/api/v1/users/${officer.id}`, admin.auth, {
      password: `${officer.username}-2026`,
    });
    assert.equal(problemOf(byAdmin).code, 'PASSWORD_CONTAINS_USERNAME');
    assert.equal((await inject('GET', '/api/v1/auth/me', officer.auth)).statusCode, 200, 'nothing changed');
  });

  it('lets a person whose password must change do only that, then everything their role allows', async () => {
    const operator = await accountWith(app, ['operator']);
    // An admin asks for it (the generated first-start password is flagged so too: test/first-start.test.ts).
    const flagged = await inject('PATCH', `/api/v1/users/${operator.id}`, admin.auth, { mustChangePassword: true });
    assert.equal(flagged.json<{ mustChangePassword: boolean }>().mustChangePassword, true);
    assert.equal((await inject('GET', '/api/v1/auth/me', operator.auth)).statusCode, 401, 'open sessions end');
    const login = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: operator.username, password: operator.password },
    );
    assert.equal(login.statusCode, 200);
    assert.equal(login.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, true);
    const session = { authorization: `Bearer ${login.json<{ token: string }>().token}` };

    for (const [method, url] of [
      ['GET', '/api/v1/alarms'],
      ['GET', '/api/v1/kpis'],
      ['GET', '/ngsi-ld/v1/entities?type=AirQualityObserved'],
    ] as const) {
      const refused = await inject(method, url, session);
      assert.equal(refused.statusCode, 403, url);
      assert.equal(problemOf(refused).code, 'PASSWORD_CHANGE_REQUIRED', url);
    }
    const me = await inject('GET', '/api/v1/auth/me', session);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json<{ passwordChangeRequired?: boolean }>().passwordChangeRequired, true);

    const changed = await inject('PUT', '/api/v1/auth/password', session, {
      currentPassword: operator.password,
      newPassword: 'monsoon rain on the Long Bien bridge',
    });
    assert.equal(changed.statusCode, 204);
    const again = await inject(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: operator.username, password: 'monsoon rain on the Long Bien bridge' },
    );
    assert.equal(again.json<{ passwordChangeRequired: boolean }>().passwordChangeRequired, false);
    const alarms = await inject('GET', '/api/v1/alarms', {
      authorization: `Bearer ${again.json<{ token: string }>().token}`,
    });
    assert.equal(alarms.statusCode, 200);
  });
});

describeEachDriver('accounts: failed logins and requests are limited, answered 429 with Retry-After', (ctx) => {
  let app: App;
  let admin: Account;
  before(async () => {
    app = await buildTestApp(ctx.db, {
      AUTH_LOCK_AFTER: '3',
      AUTH_ADDRESS_FAILURES: '5',
      AUTH_LOGIN_RATE_LIMIT: '20',
      API_KEY_RATE_LIMIT: '3',
    });
    admin = await accountWith(app, ['admin'], '*');
  });
  after(() => app.http.close());

  // Each case comes from an address of its own, so the per-address limits do not mix.
  let lastOctet = 10;
  const nextAddress = () => `127.0.0.${++lastOctet}`;
  const call = (method: Method, url: string, remoteAddress: string, headers = {}, payload?: object) =>
    app.http.inject({ method, url, headers, remoteAddress, ...(payload ? { payload } : {}) });
  const login = (username: string, password: string, remoteAddress: string) =>
    call('POST', '/api/v1/auth/login', remoteAddress, {}, { username, password });

  const assertTooMany = (res: Awaited<ReturnType<typeof call>>, code: string) => {
    assert.equal(res.statusCode, 429, res.body);
    assert.equal(problemOf(res).code, code);
    const retryAfter = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After: ${res.headers['retry-after']}`);
  };

  it('locks an account after AUTH_LOCK_AFTER failed logins, even from many addresses, until an admin unlocks it', async () => {
    const viewer = await accountWith(app, ['viewer']);
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(viewer.username, `wrong password ${i}`, nextAddress())).statusCode, 401);
    }
    const locked = await login(viewer.username, viewer.password, nextAddress());
    assertTooMany(locked, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(locked.headers['retry-after']) > 60, 'locked for AUTH_LOCK_DURATION (15 minutes)');
    const listed = await call('GET', `/api/v1/users/${viewer.id}`, nextAddress(), admin.auth);
    assert.ok(listed.json<{ lockedUntil: string | null }>().lockedUntil, 'the admin sees the lock');

    const operator = await accountWith(app, ['operator']);
    const notAllowed = await call('POST', `/api/v1/users/${viewer.id}/unlock`, nextAddress(), operator.auth);
    assert.equal(notAllowed.statusCode, 403);
    const unlocked = await call('POST', `/api/v1/users/${viewer.id}/unlock`, nextAddress(), admin.auth);
    assert.equal(unlocked.statusCode, 200);
    assert.equal(unlocked.json<{ lockedUntil: string | null }>().lockedUntil, null);
    assert.equal((await login(viewer.username, viewer.password, nextAddress())).statusCode, 200);
  });

  it('counts wrong current passwords given to change a password as failed logins: a session cannot guess', async () => {
    const viewer = await accountWith(app, ['viewer']);
    const change = (currentPassword: string) =>
      call('PUT', '/api/v1/auth/password', nextAddress(), viewer.auth, {
        currentPassword,
        newPassword: 'a long new passphrase for the viewer',
      });
    for (let i = 0; i < 3; i++) {
      const wrong = await change(`wrong guess number ${i}`);
      assert.equal(wrong.statusCode, 400, wrong.body);
      assert.equal(problemOf(wrong).code, 'WRONG_PASSWORD');
    }
    // The account is locked now: even the right current password is refused, and so is a login.
    assertTooMany(await change(viewer.password), 'TOO_MANY_ATTEMPTS');
    assertTooMany(await login(viewer.username, viewer.password, nextAddress()), 'TOO_MANY_ATTEMPTS');
  });

  it('answers a name without an account the same way, so names cannot be probed', async () => {
    const ghost = uniqueName('ghost');
    for (let i = 0; i < 3; i++) {
      assert.equal((await login(ghost, `wrong password ${i}`, nextAddress())).statusCode, 401);
    }
    assertTooMany(await login(ghost, 'another guess at it', nextAddress()), 'TOO_MANY_ATTEMPTS');
  });

  it('turns away an address after AUTH_ADDRESS_FAILURES bad passwords, tokens or API keys', async () => {
    const attacker = nextAddress();
    const viewer = await accountWith(app, ['viewer']);
    const failures = [
      () => call('GET', '/api/v1/auth/me', attacker, { authorization: 'Bearer not.a.token' }),
      () => call('GET', '/api/v1/auth/me', attacker, { 'x-api-key': `tl_${'0'.repeat(12)}_${'A'.repeat(43)}` }),
      () => login(uniqueName('nobody'), 'some guess here', attacker),
      () => login(admin.username, 'not the admin password', attacker),
      () => call('GET', '/metrics', attacker, { authorization: `Bearer ${viewer.token.slice(0, -3)}xyz` }),
    ];
    for (const fail of failures) assert.equal((await fail()).statusCode, 401);
    assertTooMany(
      await call('GET', '/api/v1/auth/me', attacker, { authorization: 'Bearer still.not.a.token' }),
      'TOO_MANY_ATTEMPTS',
    );
    assertTooMany(await login(viewer.username, viewer.password, attacker), 'TOO_MANY_ATTEMPTS');
    assertTooMany(
      await call('GET', '/api/v1/auth/me', attacker, { 'x-api-key': `tl_${'1'.repeat(12)}_${'B'.repeat(43)}` }),
      'TOO_MANY_ATTEMPTS',
    );
    // Someone logged in behind the same address (a carrier's NAT) keeps working with their session.
    const neighbour = await accountWith(app, ['viewer']);
    assert.equal((await call('GET', '/api/v1/auth/me', attacker, neighbour.auth)).statusCode, 200);
    // Others are not affected, and the admin account was not locked by a stranger's single failure.
    assert.equal((await login(admin.username, admin.password, nextAddress())).statusCode, 200);
    assert.equal((await call('GET', '/api/v1/auth/me', nextAddress(), viewer.auth)).statusCode, 200);
  });

  it('limits login attempts per address (AUTH_LOGIN_RATE_LIMIT), successful ones too', async () => {
    const viewer = await accountWith(app, ['viewer']);
    const office = nextAddress();
    for (let i = 0; i < 20; i++) {
      assert.equal((await login(viewer.username, viewer.password, office)).statusCode, 200, `login ${i + 1}`);
    }
    assertTooMany(await login(viewer.username, viewer.password, office), 'RATE_LIMITED');
    assert.equal((await login(viewer.username, viewer.password, nextAddress())).statusCode, 200);
  });

  it('limits requests per API key (API_KEY_RATE_LIMIT) and says how many are left', async () => {
    const created = await call('POST', '/api/v1/api-keys', nextAddress(), admin.auth, {
      name: 'air-quality portal',
      roles: ['viewer'],
      tenant: '',
    });
    const other = await call('POST', '/api/v1/api-keys', nextAddress(), admin.auth, {
      name: 'bus operator',
      roles: ['viewer'],
      tenant: '',
    });
    const key = { 'x-api-key': created.json<{ key: string }>().key };
    const address = nextAddress();
    for (let i = 0; i < 3; i++) {
      const res = await call('GET', '/api/v1/auth/me', address, key);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['ratelimit-limit'], '3');
      assert.equal(res.headers['ratelimit-remaining'], String(2 - i));
    }
    const refused = await call('GET', '/api/v1/auth/me', nextAddress(), key);
    assertTooMany(refused, 'RATE_LIMITED');
    assert.match(problemOf(refused).detail, /at most 3 a minute/);
    assert.equal(
      (await call('GET', '/api/v1/auth/me', address, { 'x-api-key': other.json<{ key: string }>().key })).statusCode,
      200,
      'another key has its own budget',
    );
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await call('GET', '/api/v1/auth/me', address, admin.auth)).statusCode,
        200,
        'people are not limited',
      );
    }
  });
});

describe('password hashing', () => {
  it(`runs at most ${HASHES_AT_ONCE} hash(es) at once, the rest wait their turn off the event loop`, async () => {
    const hashes = Array.from({ length: HASHES_AT_ONCE + 5 }, (_, i) => hashPassword(`burst of logins ${i}`));
    assert.deepEqual(hashingNow(), { running: HASHES_AT_ONCE, waiting: 5 });
    await Promise.all(hashes);
    assert.deepEqual(hashingNow(), { running: 0, waiting: 0 });
  });
});
