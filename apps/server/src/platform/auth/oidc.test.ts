import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import { accountWith, buildTestApp, problemOf } from '../../../test/support/app.js';
import { runCli } from '../../../test/support/process.js';
import {
  baseOf,
  close,
  listen,
  logInAtIdp as logInAtCityIdp,
  startCityIdp,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type CityIdp,
} from '../../../test/support/oidc.js';

/**
 * Single sign-on end to end: a real OpenID Connect provider (oidc-provider) on loopback logs a
 * person in through its own login and consent pages; a small forging provider on loopback hands out
 * ID tokens that must be refused (another issuer, another audience, expired, a foreign signature).
 */

const REDIRECT_URL = 'http://127.0.0.1:8080/api/v1/auth/oidc/callback';
const CLIENT_ID = TEST_CLIENT_ID;
const CLIENT_SECRET = TEST_CLIENT_SECRET;
const logInAtIdp = (authorizeUrl: string, login: string) => logInAtCityIdp(authorizeUrl, login, REDIRECT_URL);

/** A provider that signs whatever ID token the test asks for, with its published key or another. */
interface ForgingIdp {
  readonly issuer: string;
  /** What the token endpoint answers next. */
  nextIdToken: () => Promise<string>;
  sign(claims: JWTPayload, options?: { foreignKey?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

async function startForgingIdp(): Promise<ForgingIdp> {
  const published = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'city-key-1', alg: 'RS256', use: 'sig' };
  const idp: ForgingIdp = {
    issuer: '',
    nextIdToken: () => Promise.reject(new Error('no token prepared')),
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'city-key-1' })
        .sign(options.foreignKey ? foreign.privateKey : published.privateKey),
    stop: () => close(server),
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer: idp.issuer,
        authorization_endpoint: `${idp.issuer}/authorize`,
        token_endpoint: `${idp.issuer}/token`,
        jwks_uri: `${idp.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === '/jwks') return json(res, 200, { keys: [jwk] });
    if (path === '/token' && req.method === 'POST') {
      idp.nextIdToken().then(
        (idToken) => json(res, 200, { access_token: 'at', token_type: 'Bearer', expires_in: 60, id_token: idToken }),
        () => json(res, 400, { error: 'invalid_grant' }),
      );
      return;
    }
    json(res, 404, {});
  });
  (idp as { issuer: string }).issuer = baseOf(server);
  return idp;
}

const ssoEnv = (issuer: string, extra: Record<string, string> = {}) => ({
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: CLIENT_ID,
  OIDC_CLIENT_SECRET: CLIENT_SECRET,
  OIDC_REDIRECT_URL: REDIRECT_URL,
  OIDC_SCOPES: 'openid profile thanglong',
  OIDC_TENANT_CLAIM: 'tenant',
  OIDC_ROLE_MAP: 'ioc-operators=operator,city-it=admin+monitor,ioc-leaders=viewer',
  ...extra,
});

/** Starts a login on `app`: the authorization URL, and the cookie that ties the login to this browser. */
async function startLogin(app: App): Promise<{ authorizeUrl: URL; cookie: string }> {
  const res = await app.http.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
  assert.equal(res.statusCode, 302, res.body);
  const setCookie = String(res.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Lax/);
  const authorizeUrl = new URL(String(res.headers.location));
  assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorizeUrl.searchParams.get('code_challenge'), "authorizeUrl.searchParams.get('code_challenge')");
  assert.ok(authorizeUrl.searchParams.get('nonce'), "authorizeUrl.searchParams.get('nonce')");
  return { authorizeUrl, cookie: setCookie.split(';')[0] as string };
}

const callback = (app: App, url: URL, cookie: string | undefined, accept?: string) =>
  app.http.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: { ...(cookie ? { cookie } : {}), ...(accept ? { accept } : {}) },
  });

const codeOf = (res: LightMyRequestResponse): string => {
  assert.equal(res.statusCode, 303, res.body);
  const m = /^\/#sso=([A-Za-z0-9_-]+)$/.exec(String(res.headers.location));
  assert.ok(m, `not a redirect to the web app with a code: ${String(res.headers.location)}`);
  return m[1] as string;
};

const redeem = (app: App, code: string) =>
  app.http.inject({ method: 'POST', url: '/api/v1/auth/oidc/session', payload: { code } });

describeEachDriver('single sign-on', (ctx) => {
  let city: CityIdp;
  let forger: ForgingIdp;
  let first: App;
  let second: App;
  let forged: App;
  before(async () => {
    city = await startCityIdp(REDIRECT_URL);
    forger = await startForgingIdp();
    city.people.set('lan', {
      preferred_username: 'lan.nguyen',
      name: 'Nguyễn Thị Lan',
      roles: ['ioc-operators', 'canteen'],
      tenant: 'hanoi',
    });
    city.people.set('minh', {
      preferred_username: 'minh.tran',
      name: 'Trần Minh',
      roles: ['library'],
      tenant: 'hanoi',
    });
    // Two instances on one database: the login may start on one and come back to the other.
    first = await buildTestApp(ctx.db, ssoEnv(city.issuer));
    second = await buildTestApp(ctx.db, ssoEnv(city.issuer));
    forged = await buildTestApp(ctx.db, ssoEnv(forger.issuer));
  });
  after(async () => {
    await Promise.all([first.http.close(), second.http.close(), forged.http.close()]);
    await Promise.all([city.stop(), forger.stop()]);
  });

  const accountRow = async (username: string) =>
    (
      await ctx.db.query<{ id: string; roles: string[]; tenant: string; password_hash: string; subject: string }>(
        `SELECT u.id, u.roles, u.tenant, u.password_hash, x.subject FROM auth_user u
         LEFT JOIN auth_external_identity x ON x.user_id = u.id WHERE u.username = $1`,
        [username],
      )
    ).rows[0];

  it('tells the web app that the city account can be used', async () => {
    const res = await first.http.inject({ method: 'GET', url: '/api/v1/ui/config' });
    assert.equal(res.json<{ ssoLoginUrl: string }>().ssoLoginUrl, '/api/v1/auth/oidc/login');
    const local = await buildTestApp(ctx.db);
    const without = await local.http.inject({ method: 'GET', url: '/api/v1/ui/config' });
    assert.equal(without.json<{ ssoLoginUrl: string | null }>().ssoLoginUrl, null);
    assert.equal((await local.http.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' })).statusCode, 404);
    await local.http.close();
  });

  let lanCallback: URL;
  let lanCookie: string;
  let lanToken: string;

  it('logs a person in with the city account: the account is made from the claims and the session works', async () => {
    const { authorizeUrl, cookie } = await startLogin(first);
    lanCallback = await logInAtIdp(authorizeUrl.href, 'lan');
    lanCookie = cookie;
    const back = await callback(second, lanCallback, cookie);
    const code = codeOf(back);
    assert.match(String(back.headers['set-cookie']), /Max-Age=0/);
    const session = await redeem(first, code);
    assert.equal(session.statusCode, 200, session.body);
    const body = session.json<{ token: string; user: { username: string; roles: string[]; tenant: string } }>();
    assert.equal(body.user.username, 'lan.nguyen');
    assert.deepEqual(body.user.roles, ['operator']);
    assert.equal(body.user.tenant, 'hanoi');
    lanToken = body.token;

    const auth = { authorization: `Bearer ${lanToken}` };
    const me = await second.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth });
    assert.deepEqual(
      { ...me.json<object>(), id: undefined },
      { kind: 'user', id: undefined, name: 'lan.nguyen', roles: ['operator'], tenant: 'hanoi' },
    );
    const alarms = await second.http.inject({ method: 'GET', url: '/api/v1/alarms', headers: auth });
    assert.equal(alarms.statusCode, 200, alarms.body);
    const users = await second.http.inject({ method: 'GET', url: '/api/v1/users', headers: auth });
    assert.equal(users.statusCode, 403);

    const row = await accountRow('lan.nguyen');
    assert.equal(row?.subject, 'lan');
    assert.deepEqual(row?.roles, ['operator']);
    // External: there is no local password to log in with.
    const local = await first.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'lan.nguyen', password: 'external' },
    });
    assert.equal(local.statusCode, 401);
    const admin = await accountWith(first, ['admin'], '*');
    const password = await first.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${row?.id}`,
      headers: admin.auth,
      payload: { password: 'a-local-password-after-all' },
    });
    assert.equal(password.statusCode, 409);
    assert.equal(problemOf(password).code, 'EXTERNAL_ACCOUNT');
  });

  it('refuses a callback used a second time (a replayed state), with no new session', async () => {
    const { rows: before } = await ctx.db.query<{ n: number }>('SELECT count(*) AS n FROM auth_oidc_handoff');
    const again = await callback(first, lanCallback, lanCookie);
    assert.equal(again.statusCode, 400);
    const problem = problemOf(again);
    assert.equal(problem.code, 'OIDC_STATE_INVALID');
    assert.match(problem.detail, /already used/);
    const { rows: afterwards } = await ctx.db.query<{ n: number }>('SELECT count(*) AS n FROM auth_oidc_handoff');
    assert.equal(afterwards[0]?.n, before[0]?.n);
  });

  it('redeems the one-time code once only', async () => {
    const { authorizeUrl, cookie } = await startLogin(first);
    const code = codeOf(await callback(first, await logInAtIdp(authorizeUrl.href, 'lan'), cookie));
    assert.equal((await redeem(first, code)).statusCode, 200);
    const twice = await redeem(second, code);
    assert.equal(twice.statusCode, 400);
    assert.equal(problemOf(twice).code, 'OIDC_CODE_INVALID');
  });

  it('refuses a callback in a browser that did not start the login', async () => {
    const { authorizeUrl } = await startLogin(first);
    const back = await logInAtIdp(authorizeUrl.href, 'lan');
    const res = await callback(first, back, undefined);
    assert.equal(res.statusCode, 400);
    assert.equal(problemOf(res).code, 'OIDC_STATE_INVALID');
    // A person in a browser is sent back to the login page, which explains.
    const page = await callback(first, back, 'thanglong_oidc_state=forged', 'text/html');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/#sso-error=OIDC_STATE_INVALID');
  });

  it('follows the identity provider on the next login: new roles, earlier sessions ended', async () => {
    city.people.set('lan', {
      preferred_username: 'lan.nguyen',
      name: 'Nguyễn Thị Lan',
      roles: ['ioc-leaders'],
      tenant: 'hanoi',
    });
    const before = await accountRow('lan.nguyen');
    const { authorizeUrl, cookie } = await startLogin(second);
    const code = codeOf(await callback(first, await logInAtIdp(authorizeUrl.href, 'lan'), cookie));
    const body = (await redeem(first, code)).json<{ user: { id: string; roles: string[] } }>();
    assert.equal(body.user.id, before?.id);
    assert.deepEqual(body.user.roles, ['viewer']);
    // The credential cache of an instance holds a verified token for a few seconds; a third instance asks the database.
    const third = await buildTestApp(ctx.db, ssoEnv(city.issuer));
    const fresh = await third.http.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${lanToken}` },
    });
    await third.http.close();
    assert.equal(fresh.statusCode, 401);
  });

  it('refuses a person whose roles give no access, and makes no account', async () => {
    const { authorizeUrl, cookie } = await startLogin(first);
    const res = await callback(first, await logInAtIdp(authorizeUrl.href, 'minh'), cookie);
    assert.equal(res.statusCode, 403);
    const problem = problemOf(res);
    assert.equal(problem.code, 'OIDC_ACCOUNT_REFUSED');
    assert.match(problem.detail, /no role/);
    assert.equal(await accountRow('minh.tran'), undefined);
  });

  it('does not take over a local account with the same username', async () => {
    const local = await accountWith(first, ['viewer'], 'hanoi');
    city.people.set('imposter', { preferred_username: local.username, roles: ['city-it'], tenant: '*' });
    const { authorizeUrl, cookie } = await startLogin(first);
    const res = await callback(first, await logInAtIdp(authorizeUrl.href, 'imposter'), cookie);
    assert.equal(res.statusCode, 409);
    assert.equal(problemOf(res).code, 'OIDC_USERNAME_TAKEN');
    assert.deepEqual((await accountRow(local.username))?.roles, ['viewer']);
  });

  describe('refuses ID tokens that do not hold, with no account and no session', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const good = (nonce: string, username: string): JWTPayload => ({
      iss: forger.issuer,
      aud: CLIENT_ID,
      sub: `subject-${username}`,
      iat: now(),
      exp: now() + 300,
      nonce,
      preferred_username: username,
      roles: ['ioc-operators'],
      tenant: 'hanoi',
    });
    const attempt = async (token: (nonce: string) => Promise<string>) => {
      const { authorizeUrl, cookie } = await startLogin(forged);
      const nonce = authorizeUrl.searchParams.get('nonce') as string;
      forger.nextIdToken = () => token(nonce);
      const back = new URL(REDIRECT_URL);
      back.search = new URLSearchParams({
        code: 'code-1',
        state: authorizeUrl.searchParams.get('state') ?? '',
      }).toString();
      return callback(forged, back, cookie);
    };
    const refused = async (res: LightMyRequestResponse, username: string, reason: RegExp) => {
      assert.equal(res.statusCode, 401, res.body);
      const problem = problemOf(res);
      assert.equal(problem.code, 'OIDC_ID_TOKEN_INVALID');
      assert.match(problem.detail, reason);
      assert.equal(res.headers.location, undefined);
      assert.equal(await accountRow(username), undefined);
    };

    it('accepts a well-formed one (so the refusals below are about the one claim changed)', async () => {
      const res = await attempt((nonce) => forger.sign(good(nonce, 'forged.ok')));
      assert.equal((await redeem(forged, codeOf(res))).statusCode, 200);
    });

    it('refuses a login the person cancelled at the provider', async () => {
      const { authorizeUrl, cookie } = await startLogin(forged);
      const back = new URL(REDIRECT_URL);
      back.search = new URLSearchParams({
        error: 'access_denied',
        error_description: 'the person cancelled',
        state: authorizeUrl.searchParams.get('state') ?? '',
      }).toString();
      const res = await callback(forged, back, cookie);
      assert.equal(res.statusCode, 401);
      const problem = problemOf(res);
      assert.equal(problem.code, 'OIDC_LOGIN_REFUSED');
      assert.match(problem.detail, /access_denied: the person cancelled/);
    });

    it('from another issuer', async () => {
      const res = await attempt((nonce) =>
        forger.sign({ ...good(nonce, 'forged.iss'), iss: 'http://127.0.0.1:1/other' }),
      );
      await refused(res, 'forged.iss', /another identity provider/);
    });

    it('for another audience', async () => {
      const res = await attempt((nonce) => forger.sign({ ...good(nonce, 'forged.aud'), aud: 'another-app' }));
      await refused(res, 'forged.aud', /another application/);
    });

    it('expired', async () => {
      const res = await attempt((nonce) =>
        forger.sign({ ...good(nonce, 'forged.exp'), iat: now() - 7200, exp: now() - 3600 }),
      );
      await refused(res, 'forged.exp', /expired/);
    });

    it('with another nonce', async () => {
      const res = await attempt(() => forger.sign(good('another-nonce', 'forged.nonce')));
      await refused(res, 'forged.nonce', /another login attempt/);
    });

    it('signed with a key the provider does not publish', async () => {
      const res = await attempt((nonce) => forger.sign(good(nonce, 'forged.sig'), { foreignKey: true }));
      await refused(res, 'forged.sig', /signature/);
    });
  });

  it('says so when the identity provider cannot be reached', async () => {
    const unreachable = await buildTestApp(ctx.db, ssoEnv('http://127.0.0.1:9'));
    const res = await unreachable.http.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    await unreachable.http.close();
    assert.equal(res.statusCode, 502);
    assert.equal(problemOf(res).code, 'OIDC_PROVIDER_UNAVAILABLE');
  });

  it('reaches the identity provider through the outbound guard: an internal one must be allowed', async () => {
    const guarded = await buildTestApp(ctx.db, ssoEnv(city.issuer, { OUTBOUND_ALLOW: '' }));
    const res = await guarded.http.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    await guarded.http.close();
    assert.equal(res.statusCode, 502);
    assert.equal(problemOf(res).code, 'OIDC_PROVIDER_UNAVAILABLE');
  });
});

describe('single sign-on configuration', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ DATA_DIR: '/tmp', ...env });
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.map((p) => `${p.variable}: ${p.message}`);
      throw err;
    }
    return [];
  };

  it('is off without OIDC_ISSUER and complete with the four required settings', () => {
    assert.equal(loadConfig({ DATA_DIR: '/tmp' }).oidc, undefined);
    const config = loadConfig({
      DATA_DIR: '/tmp',
      OIDC_ISSUER: 'https://id.hanoi.gov.vn/realms/city',
      OIDC_CLIENT_ID: 'thanglong',
      OIDC_CLIENT_SECRET: 'a-long-client-secret',
      OIDC_ROLE_MAP: 'ioc-operators=operator, city-it=admin+monitor',
    });
    assert.equal(config.oidc?.issuer, 'https://id.hanoi.gov.vn/realms/city');
    assert.deepEqual(config.oidc?.scopes, ['openid', 'profile']);
    assert.equal(config.oidc?.rolesClaim, 'roles');
    assert.deepEqual(
      [...(config.oidc?.roleMap ?? [])],
      [
        ['ioc-operators', ['operator']],
        ['city-it', ['admin', 'monitor']],
      ],
    );
  });

  it('refuses a partial configuration, naming what is missing', () => {
    const problems = problemsOf({ OIDC_ISSUER: 'https://id.hanoi.gov.vn', OIDC_CLIENT_ID: 'thanglong' });
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'],
    );
    assert.match(problems[0] ?? '', /partly configured/);
    assert.deepEqual(
      problemsOf({ OIDC_TENANT_CLAIM: 'tenant' }).map((p) => p.split(':')[0]),
      ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'],
    );
  });

  it('stops `thanglong start` on a partial configuration, and never prints the client secret', async () => {
    const partial = await runCli(['start'], {
      OIDC_ISSUER: 'https://id.hanoi.gov.vn',
      OIDC_CLIENT_SECRET: 'a-long-client-secret',
    });
    assert.equal(partial.code, 2);
    assert.match(partial.stderr, /^ {2}OIDC_CLIENT_ID: single sign-on is partly configured/m);
    assert.match(partial.stderr, /^ {2}OIDC_ROLE_MAP: single sign-on is partly configured/m);
    const shown = await runCli(['config'], {
      OIDC_ISSUER: 'https://id.hanoi.gov.vn',
      OIDC_CLIENT_ID: 'thanglong',
      OIDC_CLIENT_SECRET: 'a-long-client-secret',
      OIDC_ROLE_MAP: 'ioc-operators=operator',
    });
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /^OIDC_CLIENT_SECRET=\[redacted\]$/m);
    assert.ok(!shown.stdout.includes('a-long-client-secret'), "!shown.stdout.includes('a-long-client-secret')");
  });

  it('refuses an issuer over plain http off loopback, scopes without openid, unknown roles', () => {
    const base = {
      OIDC_ISSUER: 'http://id.hanoi.gov.vn',
      OIDC_CLIENT_ID: 'thanglong',
      OIDC_CLIENT_SECRET: 'a-long-client-secret',
      OIDC_ROLE_MAP: 'ioc=mayor',
      OIDC_SCOPES: 'profile',
    };
    const problems = problemsOf(base);
    assert.ok(
      problems.some((p) => /^OIDC_ISSUER: must use https/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /^OIDC_ROLE_MAP: mayor: not a role/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /^OIDC_SCOPES: must include openid/.test(p)),
      problems.join('\n'),
    );
  });
});
