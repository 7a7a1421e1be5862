import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../app.js';
import { defineModule } from '../../platform/modules.js';
import { ConfigError } from '../../platform/config.js';
import { buildTestApp, problemOf, testConfig } from '../../../test/support/app.js';
import { describeEachDriver } from '../../../test/support/databases.js';
import {
  logInAtIdp,
  startCityIdp,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type CityIdp,
} from '../../../test/support/oidc.js';
import {
  APPLICANT_ERRORS,
  applicantRedirectUrl,
  Applicants,
  applicantSignOn,
  CODE_TRIES,
  CODES_PER_DOSSIER_HOUR,
  CODES_PER_SOURCE_HOUR,
  REQUESTS_PER_SOURCE,
  type DossierContact,
} from './applicants.js';
import { applicantRoutes } from './applicants-routes.js';

/**
 * Applicants proving who they are: by a dossier's code and a one-time code sent to its contact (read
 * back from the local outbox, the demo's mailbox), and by signing in at a real OpenID Connect
 * provider on loopback. The dossiers are this test's own: `contactOf` answers from a map.
 */

const DOSSIERS = new Map<string, DossierContact>([
  ['H01.26-000001', { phone: '0912 345 678', email: 'An.Nguyen@Example.vn', language: 'vi' }],
  ['H01.26-000002', { email: 'binh@example.vn', language: 'en' }],
]);
// Each test its own dossiers (a limit per dossier must not carry over), all with the first's contact.
let dossierCount = 100;
const freshDossier = (contact: DossierContact = DOSSIERS.get('H01.26-000001') as DossierContact) => {
  const code = `H01.26-${String(++dossierCount).padStart(6, '0')}`;
  DOSSIERS.set(code, contact);
  return code;
};
/** Dossiers whose contact look-up waits until the test lets it go. */
const LOOKUPS_HELD = new Map<string, Promise<void>>();
let sourceCount = 0;
/** Each test its own source address (the limit per source must not carry over). */
const freshSource = () => `10.0.${Math.floor(++sourceCount / 250)}.${(sourceCount % 250) + 1}`;

/** A module that serves the applicants as the services module will, over this test's dossiers. */
function applicantsModule(now: () => Date) {
  return defineModule<Applicants>({
    name: 'applicants-test',
    permissions: {},
    errors: APPLICANT_ERRORS,
    create({ db, personalData, messages, log, config, broker }) {
      const applicants = new Applicants({
        db,
        personal: personalData,
        messages,
        log,
        contactOf: async (_tenant, code) => {
          await LOOKUPS_HELD.get(code);
          return DOSSIERS.get(code);
        },
        signOn: applicantSignOn(config, broker.outbound),
        now,
      });
      personalData.declare(applicants.personalDataSource());
      return {
        provides: applicants,
        routes: async (app) => {
          await app.register(applicantRoutes, { applicants });
        },
      };
    },
  });
}

describeEachDriver('applicants: dossier code and one-time code', (ctx) => {
  let app: App;
  let applicants: Applicants;
  let clock = new Date('2026-12-07T02:00:00Z');
  const module = applicantsModule(() => clock);

  before(async () => {
    app = await buildTestApp(ctx.db, {}, [module]);
    applicants = app.modules.get(module);
  });
  after(async () => {
    await app.http.close();
  });

  const askNow = (code: string, contact: string, source: string) =>
    app.http.inject({
      method: 'POST',
      url: '/api/v1/services/access',
      payload: { code, contact },
      remoteAddress: source,
    });
  /** Asks, then waits for the code to be sent (after the answer). */
  const ask = async (code: string, contact: string, source: string) => {
    const res = await askNow(code, contact, source);
    await applicants.settled();
    return res;
  };
  const verify = (code: string, otp: string, source: string) =>
    app.http.inject({
      method: 'POST',
      url: '/api/v1/services/access/verify',
      payload: { code, otp },
      remoteAddress: source,
    });
  /** The codes sent about a dossier, newest first, as the local outbox (the mailbox) shows them. */
  const codesSent = async (code: string) =>
    (await app.messages.outbox('', { topic: 'services.otp', limit: 500 }))
      .filter((m) => m.subject.endsWith(code))
      .map((m) => ({ to: m.to, language: m.language, otp: /: (\d{6})\n/.exec(m.text)?.[1] as string }));

  it('sends a code to the right contact (a phone however written), and trades it for a token', async () => {
    const code = freshDossier();
    const source = freshSource();
    const asked = await ask(code, '+84 912.345.678', source);
    assert.equal(asked.statusCode, 202, asked.body);
    const [sent, ...more] = await codesSent(code);
    assert.equal(more.length, 0);
    assert.deepEqual(sent?.to, { phone: '09******78' }, 'to the phone, the channel that matched');
    assert.equal(sent?.language, 'vi');
    assert.match(sent?.otp ?? '', /^\d{6}$/);

    const res = await verify(code, sent?.otp, source);
    assert.equal(res.statusCode, 200, res.body);
    const { token, expiresAt } = res.json<{ token: string; expiresAt: string }>();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(expiresAt, new Date(clock.getTime() + 8 * 3600_000).toISOString());
    assert.deepEqual(await applicants.of('', token), { kind: 'dossier', code });
    assert.equal(await applicants.of('other-tenant', token), undefined, "a tenant's token only");

    const me = await app.http.inject({
      method: 'GET',
      url: '/api/v1/services/applicant',
      headers: { 'x-applicant-token': token },
    });
    assert.equal(me.statusCode, 200, me.body);
    assert.deepEqual(me.json(), { kind: 'dossier', code });

    // A code is good once.
    assert.equal((await verify(code, sent?.otp, source)).statusCode, 401);
  });

  it('matches an e-mail address in any case, and sends the code there in the dossier’s language', async () => {
    const code = freshDossier(DOSSIERS.get('H01.26-000002'));
    assert.equal((await ask(code, 'BINH@example.VN ', freshSource())).statusCode, 202);
    const [sent] = await codesSent(code);
    assert.deepEqual(sent?.to, { email: 'b***@example.vn' });
    assert.equal(sent?.language, 'en');
  });

  it('answers 202 to a wrong contact or an unknown dossier, and sends nothing', async () => {
    const code = freshDossier();
    const source = freshSource();
    const before = (await app.messages.outbox('', { limit: 500 })).length;
    for (const [dossier, contact] of [
      [code, '0912 345 679'],
      [code, 'an.nguyen@example.com'],
      [code, '345678'],
      ['H01.26-999999', '0912 345 678'],
    ] as const) {
      const res = await ask(dossier, contact, source);
      assert.equal(res.statusCode, 202, `${dossier} ${contact}`);
      assert.equal(res.body, '');
    }
    assert.equal((await app.messages.outbox('', { limit: 500 })).length, before);
    // No code was sent, so none verifies.
    assert.equal((await verify(code, '000000', source)).statusCode, 401);
  });

  it("answers before looking the dossier's contact up: its time says nothing of whether the contact matched", async () => {
    const code = freshDossier();
    let letGo = () => {};
    LOOKUPS_HELD.set(code, new Promise<void>((resolve) => (letGo = resolve)));
    const waited = Symbol('waited');
    for (const contact of ['0912 345 678', '0912 345 679']) {
      const answer = await Promise.race([
        askNow(code, contact, freshSource()),
        new Promise<typeof waited>((resolve) => setTimeout(() => resolve(waited), 3000)),
      ]);
      assert.notEqual(answer, waited, `${contact}: the answer waited on the look-up`);
      assert.equal((answer as Awaited<ReturnType<typeof askNow>>).statusCode, 202);
    }
    assert.deepEqual(await codesSent(code), []);
    letGo();
    await applicants.settled();
    // Sent afterwards, once, to the contact that matched.
    assert.deepEqual(
      (await codesSent(code)).map((c) => c.to),
      [{ phone: '09******78' }],
    );
  });

  it('locks a code after 5 wrong tries: even the right one is refused then', async () => {
    const code = freshDossier();
    const source = freshSource();
    await ask(code, '0912345678', source);
    const [sent] = await codesSent(code);
    const right = sent?.otp as string;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < CODE_TRIES; i++) {
      const res = await verify(code, wrong, source);
      assert.equal(res.statusCode, 401);
      assert.equal(problemOf(res).code, 'SERVICES_OTP_INVALID');
    }
    const locked = await verify(code, right, source);
    assert.equal(locked.statusCode, 401);
    // Every try is in the audit trail, by the dossier it was at, with its outcome (never the code tried).
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ action: string; outcome: number; detail: unknown }>(
      `SELECT action, outcome, detail FROM audit_record WHERE target = $1 AND action LIKE '%verify' ORDER BY id`,
      [code],
    );
    assert.deepEqual(
      rows.map((r) => r.outcome),
      Array.from({ length: CODE_TRIES + 1 }, () => 401),
    );
    assert.ok(!JSON.stringify(rows).includes(right), '!JSON.stringify(rows).includes(right)');
    // A new code may be asked for, and works.
    await ask(code, '0912345678', source);
    const [again] = await codesSent(code);
    assert.notEqual(again?.otp, undefined);
    assert.equal((await verify(code, again?.otp as string, source)).statusCode, 200);
  });

  it('counts tries per requester: one who knows only the dossier code cannot lock out the applicant', async () => {
    const code = freshDossier();
    const applicant = freshSource();
    const stranger = freshSource();
    const otherStranger = freshSource();
    await ask(code, '0912345678', applicant);
    const [sent] = await codesSent(code);
    const right = sent?.otp as string;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < CODE_TRIES; i++) assert.equal((await verify(code, wrong, stranger)).statusCode, 401);
    // The others' tries are counted together: a second address gets no fresh five, not even with the right code.
    assert.equal((await verify(code, right, otherStranger)).statusCode, 401, 'others are locked out together');
    // The applicant, from the address that asked for the code, still gets in with it.
    const res = await verify(code, right, applicant);
    assert.equal(res.statusCode, 200, res.body);
    // The try that locked the code out for the others is marked in the audit trail.
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ outcome: number; detail: { lockedOut?: string } | null }>(
      `SELECT outcome, detail FROM audit_record WHERE target = $1 AND action LIKE '%verify' ORDER BY id`,
      [code],
    );
    assert.deepEqual(
      rows.map((r) => r.detail?.lockedOut ?? null),
      [null, null, null, null, 'others', null, null],
    );
  });

  it("locks the requester's own count after 5 wrong tries of theirs, whatever the others did", async () => {
    const code = freshDossier();
    const applicant = freshSource();
    await ask(code, '0912345678', applicant);
    const [sent] = await codesSent(code);
    const right = sent?.otp as string;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < CODE_TRIES; i++) assert.equal((await verify(code, wrong, applicant)).statusCode, 401);
    assert.equal((await verify(code, right, applicant)).statusCode, 401, "the requester's own tries lock it for them");
    await app.audit.flush();
    const { rows } = await ctx.db.query<{ detail: { lockedOut?: string } | null }>(
      `SELECT detail FROM audit_record WHERE target = $1 AND action LIKE '%verify' AND detail->>'lockedOut' IS NOT NULL`,
      [code],
    );
    assert.deepEqual(
      rows.map((r) => r.detail?.lockedOut),
      ['requester'],
    );
  });

  it('refuses a code after its 10 minutes; every live code counts, and a right one ends the others', async () => {
    const code = freshDossier();
    const source = freshSource();
    await ask(code, '0912345678', source);
    const [first] = await codesSent(code);
    clock = new Date(clock.getTime() + 10 * 60_000 + 1000);
    assert.equal((await verify(code, first?.otp as string, source)).statusCode, 401);
    await ask(code, '0912345678', source);
    await ask(code, '0912345678', source);
    const [latest, earlier] = await codesSent(code);
    // A code asked for later does not end the one the applicant holds.
    assert.equal((await verify(code, earlier?.otp as string, source)).statusCode, 200);
    if (earlier?.otp !== latest?.otp) {
      assert.equal((await verify(code, latest?.otp as string, source)).statusCode, 401, 'ended by the right one');
    }
  });

  it("M2: one who knows the dossier's code and contact cannot lock out the applicant holding the phone", async () => {
    const code = freshDossier();
    const attacker = freshSource();
    const applicant = freshSource();
    // The attacker asks for codes until no more are sent to them, then spends the others' tries from 5 addresses.
    for (let i = 0; i < CODES_PER_DOSSIER_HOUR; i++) await ask(code, '0912345678', attacker);
    assert.equal((await codesSent(code)).length, CODES_PER_SOURCE_HOUR, 'one address gets only its share');
    for (let i = 0; i < CODE_TRIES; i++) assert.equal((await verify(code, '000000', freshSource())).statusCode, 401);
    // The applicant asks from their own address: sent, and their code works.
    await ask(code, '0912345678', applicant);
    const [mine] = await codesSent(code);
    assert.equal((await codesSent(code)).length, CODES_PER_SOURCE_HOUR + 1, 'sent to the applicant');
    // More wrong tries from others do not lock the applicant's own code.
    const wrong = mine?.otp === '000000' ? '111111' : '000000';
    for (let i = 0; i < CODE_TRIES; i++) assert.equal((await verify(code, wrong, freshSource())).statusCode, 401);
    const res = await verify(code, mine?.otp as string, applicant);
    assert.equal(res.statusCode, 200, res.body);
  });

  it('sends at most 3 codes an hour for a dossier to one address; another address still gets one', async () => {
    const code = freshDossier();
    const source = freshSource();
    for (let i = 0; i < CODES_PER_SOURCE_HOUR + 2; i++) {
      assert.equal((await ask(code, '0912345678', source)).statusCode, 202);
    }
    assert.equal((await codesSent(code)).length, CODES_PER_SOURCE_HOUR);
    await ask(code, '0912345678', freshSource());
    assert.equal((await codesSent(code)).length, CODES_PER_SOURCE_HOUR + 1);
  });

  it('sends at most 10 codes an hour for a dossier, still answering 202', async () => {
    const code = freshDossier();
    for (let i = 0; i < CODES_PER_DOSSIER_HOUR + 2; i++) {
      assert.equal((await ask(code, '0912345678', freshSource())).statusCode, 202);
    }
    assert.equal((await codesSent(code)).length, CODES_PER_DOSSIER_HOUR);
    clock = new Date(clock.getTime() + 3600_000 + 1000);
    await ask(code, '0912345678', freshSource());
    assert.equal((await codesSent(code)).length, CODES_PER_DOSSIER_HOUR + 1);
  });

  it('sends at most 10 codes an hour for a dossier when the requests come all at once', async () => {
    const code = freshDossier();
    const asked = await Promise.all(
      Array.from({ length: CODES_PER_DOSSIER_HOUR + 4 }, () => askNow(code, '0912345678', freshSource())),
    );
    assert.deepEqual(new Set(asked.map((r) => r.statusCode)), new Set([202]));
    await applicants.settled();
    assert.equal((await codesSent(code)).length, CODES_PER_DOSSIER_HOUR);
  });

  it('slows one source address down (429, Retry-After) whatever the dossiers', async () => {
    const source = freshSource();
    for (let i = 0; i < REQUESTS_PER_SOURCE; i++) {
      assert.equal((await ask(freshDossier(), '0900000000', source)).statusCode, 202);
    }
    const refused = await ask(freshDossier(), '0900000000', source);
    assert.equal(refused.statusCode, 429);
    assert.equal(problemOf(refused).code, 'SERVICES_ACCESS_RATE_LIMITED');
    assert.equal(refused.headers['retry-after'], '600');
    assert.equal(
      (await ask(freshDossier(), '0900000000', freshSource())).statusCode,
      202,
      'another source is not slowed',
    );
  });

  it('counts one source’s requests sent all at once one after another: no more pass than its limit', async () => {
    const source = freshSource();
    const asked = await Promise.all(
      Array.from({ length: REQUESTS_PER_SOURCE * 2 }, () => askNow(freshDossier(), '0900000000', source)),
    );
    await applicants.settled();
    const answered = asked.map((r) => r.statusCode);
    assert.equal(answered.filter((s) => s === 202).length, REQUESTS_PER_SOURCE, answered.join(' '));
    assert.equal(answered.filter((s) => s === 429).length, REQUESTS_PER_SOURCE, answered.join(' '));
  });

  it('gives the one who filed a token at once; tokens end after 8 hours or when revoked', async () => {
    const code = freshDossier();
    const { token, expiresAt } = await applicants.issueForDossier('', code);
    assert.deepEqual(await applicants.of('', token), { kind: 'dossier', code });
    clock = new Date(Date.parse(expiresAt) - 1000);
    assert.deepEqual(await applicants.of('', token), { kind: 'dossier', code });
    clock = new Date(Date.parse(expiresAt));
    assert.equal(await applicants.of('', token), undefined);
    // The worker forgets it.
    const stored = async () =>
      (await ctx.db.query(`SELECT count(*)::int AS n FROM services_applicant_token WHERE dossier = $1`, [code]))
        .rows[0];
    assert.deepEqual(await stored(), { n: 1 });
    await applicants.dropStale();
    assert.deepEqual(await stored(), { n: 0 });

    const second = await applicants.issueForDossier('', code);
    const out = await app.http.inject({
      method: 'POST',
      url: '/api/v1/services/applicant/logout',
      headers: { 'x-applicant-token': second.token },
    });
    assert.equal(out.statusCode, 204);
    assert.equal(await applicants.of('', second.token), undefined);
    const me = await app.http.inject({
      method: 'GET',
      url: '/api/v1/services/applicant',
      headers: { 'x-applicant-token': second.token },
    });
    assert.equal(problemOf(me).code, 'SERVICES_APPLICANT_UNKNOWN');
    assert.equal(await applicants.of('', undefined), undefined);
    assert.equal(await applicants.of('', 'not a token'), undefined);
  });

  it('serves no sign-on without single sign-on configured', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/services/applicant/login' });
    assert.equal(res.statusCode, 404);
  });

  it('keeps no token or code in clear in the database', async () => {
    const code = freshDossier();
    const source = freshSource();
    await ask(code, '0912345678', source);
    const [sent] = await codesSent(code);
    const { token } = (await verify(code, sent?.otp as string, source)).json<{ token: string }>();
    const { rows } = await ctx.db.query(
      `SELECT (SELECT json_agg(c) FROM services_applicant_code c)::text AS codes,
              (SELECT json_agg(t) FROM services_applicant_token t)::text AS tokens,
              (SELECT json_agg(a) FROM services_applicant_attempt a)::text AS attempts`,
    );
    const stored = JSON.stringify(rows);
    assert.ok(!stored.includes(token), '!stored.includes(token)');
    assert.ok(
      !stored.includes(`"${sent?.otp}"`) && !stored.includes(`:${sent?.otp}`),
      '!stored.includes(`"${sent?.otp}"`) && !stored.includes(`:${sent?.otp}`)',
    );
    assert.ok(!stored.includes(source), 'source addresses are kept hashed');
  });
});

describeEachDriver('applicants: single sign-on with the city account', (ctx) => {
  const STAFF_REDIRECT = 'http://127.0.0.1:8080/api/v1/auth/oidc/callback';
  const APPLICANT_REDIRECT = 'http://127.0.0.1:8080/api/v1/services/applicant/callback';
  let city: CityIdp;
  let app: App;
  let applicants: Applicants;
  const module = applicantsModule(() => new Date());

  before(async () => {
    city = await startCityIdp([STAFF_REDIRECT, APPLICANT_REDIRECT]);
    city.people.set('citizen-an', { name: 'Nguyễn Văn An', national_id: '001203004567', roles: ['city-it'] });
    app = await buildTestApp(
      ctx.db,
      {
        OIDC_ISSUER: city.issuer,
        OIDC_CLIENT_ID: TEST_CLIENT_ID,
        OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
        OIDC_REDIRECT_URL: STAFF_REDIRECT,
        OIDC_SCOPES: 'openid profile thanglong citizen',
        OIDC_ROLE_MAP: 'city-it=admin',
      },
      [module],
    );
    applicants = app.modules.get(module);
  });
  after(async () => {
    await app.http.close();
    await city.stop();
  });

  const startSignOn = async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/v1/services/applicant/login' });
    assert.equal(res.statusCode, 302, res.body);
    const authorizeUrl = new URL(String(res.headers.location));
    assert.equal(authorizeUrl.searchParams.get('redirect_uri'), APPLICANT_REDIRECT);
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(
      authorizeUrl.searchParams.get('nonce') && authorizeUrl.searchParams.get('state'),
      "authorizeUrl.searchParams.get('nonce') && authorizeUrl.searchParams.get('state')",
    );
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /Path=\/api\/v1\/services\/applicant/);
    return { authorizeUrl, cookie: cookie.split(';')[0] as string };
  };

  it('signs a citizen in: an identity token in the page’s fragment, and no staff account', async () => {
    const users = async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM auth_user`)).rows[0];
    const before = await users();
    const { authorizeUrl, cookie } = await startSignOn();
    const back = await logInAtIdp(authorizeUrl.href, 'citizen-an', APPLICANT_REDIRECT);
    const res = await app.http.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie },
    });
    assert.equal(res.statusCode, 303, res.body);
    const m = /^\/dich-vu-cong\/#session=([A-Za-z0-9_-]{43})$/.exec(String(res.headers.location));
    assert.ok(m, String(res.headers.location));
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const applicant = await applicants.of('', m[1]);
    assert.deepEqual(applicant, {
      kind: 'identity',
      subject: `${city.issuer}|citizen-an`,
      name: 'Nguyễn Văn An',
      idNumber: '001203004567',
    });
    assert.deepEqual(await users(), before, 'a citizen is no member of staff, whatever roles the provider gives');
    const me = await app.http.inject({
      method: 'GET',
      url: '/api/v1/services/applicant',
      headers: { 'x-applicant-token': m[1] as string },
    });
    assert.deepEqual(me.json(), { kind: 'identity', name: 'Nguyễn Văn An', idNumber: '*********567' });
    // The sealed ID number is found by its blind index for a data-subject request.
    const index = await app.personalData.index('national-id', '001203004567');
    const found = await applicants.personalDataSource().find('', { kind: 'national-id', index });
    assert.equal(found[0]?.values['name'], 'Nguyễn Văn An');
  });

  it('refuses a callback this browser did not start, and a state used twice', async () => {
    const { authorizeUrl, cookie } = await startSignOn();
    const back = await logInAtIdp(authorizeUrl.href, 'citizen-an', APPLICANT_REDIRECT);
    const url = `${back.pathname}${back.search}`;
    const stranger = await app.http.inject({ method: 'GET', url });
    assert.equal(problemOf(stranger).code, 'OIDC_STATE_INVALID');
    const page = await app.http.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/dich-vu-cong/#sso-error=OIDC_STATE_INVALID');
    assert.equal((await app.http.inject({ method: 'GET', url, headers: { cookie } })).statusCode, 303);
    const again = await app.http.inject({ method: 'GET', url, headers: { cookie } });
    assert.equal(problemOf(again).code, 'OIDC_STATE_INVALID');
  });
});

describe('applicants: settings', () => {
  it('puts the applicants’ callback beside the staff’s, behind the same proxy', () => {
    const sso = {
      OIDC_ISSUER: 'https://id.hanoi.example',
      OIDC_CLIENT_ID: 'thanglong',
      OIDC_CLIENT_SECRET: 'secret-secret',
      OIDC_ROLE_MAP: 'it=admin',
    };
    assert.equal(
      applicantRedirectUrl(
        testConfig({ ...sso, OIDC_REDIRECT_URL: 'https://city.example/tl/api/v1/auth/oidc/callback' }),
      ),
      'https://city.example/tl/api/v1/services/applicant/callback',
    );
    assert.equal(
      applicantRedirectUrl(testConfig({ ...sso, PUBLIC_URL: 'https://dichvucong.example' })),
      'https://dichvucong.example/api/v1/services/applicant/callback',
    );
    assert.equal(testConfig(sso).oidc?.idClaim, 'national_id');
  });

  it('refuses OIDC_ID_CLAIM without single sign-on: a setting that would do nothing', () => {
    assert.throws(
      () => testConfig({ OIDC_ID_CLAIM: 'cccd' }),
      (err: unknown) => err instanceof ConfigError && err.problems.some((p) => p.variable === 'OIDC_ISSUER'),
    );
  });
});
