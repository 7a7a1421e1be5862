import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import { idpFetch, OIDC_CALLBACK_PATH, type IdpFetch } from '../../platform/auth/oidc.js';
import { publicUrl, type Config, type OidcConfig } from '../../platform/config.js';
import type { Database, Sql } from '../../platform/db/index.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import type { Messages } from '../../platform/messages/index.js';
import { guardedFetch, type OutboundGuard } from '../../platform/outbound.js';
import type { PersonalData, PersonalDataSource } from '../../platform/personal-data/index.js';
import { normalise } from '../../platform/personal-data/crypto.js';
import * as store from './applicants-store.js';

/**
 * Applicants: how a citizen or a business proves who they are to follow their dossiers (Decree
 * 42/2022: an online applicant is identified). Two ways:
 *
 *   - signed in with the city's identity provider (OpenID Connect, the staff's client with a second
 *     redirect URI): an 'identity' applicant, named by the provider's issuer and subject, with their
 *     name and national ID number; a citizen has no staff role, and no staff account is made;
 *   - a dossier's code and a one-time code sent to the contact the dossier gave: a 'dossier'
 *     applicant, who may follow that one dossier. Whoever files a dossier gets such a token at once.
 *
 * A token is 32 random bytes (base64url), given once and stored hashed, valid 8 hours. One-time codes
 * are 6 digits, stored hashed, valid 10 minutes; every live code of a dossier counts (one asked for
 * later, by anyone, does not end the one the applicant holds). Each code is locked after 5 wrong tries
 * from the address that asked for it, and for every other address after 5 wrong tries of theirs
 * together, so whoever knows only a dossier's code cannot lock out the applicant who holds the phone
 * and asks for their own; codes are sent at most 3 an hour for one dossier to one address and 10 an
 * hour for the dossier, so one address cannot use up the applicant's. Asking for one is answered the
 * same whether the dossier or the contact exists or not. Names, ID numbers and sign-on subjects are
 * sealed personal data; no token or code is written to a log.
 */

/** One who applies, as a request proves them. */
export type Applicant =
  /** Signed in with the city's OpenID Connect provider; subject = "<issuer>|<sub>". */
  | { readonly kind: 'identity'; readonly subject: string; readonly name: string; readonly idNumber?: string }
  /** Proved by a dossier's code and a one-time code sent to the dossier's contact. */
  | { readonly kind: 'dossier'; readonly code: string };

/** How a dossier's applicant is reached, as the dossiers say (the applicants never read their tables). */
export interface DossierContact {
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly language: 'vi' | 'en';
}

/** A dossier's token made before the filing stores it: only its hash is kept. */
export interface DossierToken {
  readonly token: string;
  readonly tokenHash: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export type ContactOf = (tenant: string, code: string) => Promise<DossierContact | undefined>;

/** Whose tries locked a code: the address that asked for it, or the others together. */
export type CodeLockout = 'requester' | 'others';

/** The header the `my/` routes read the applicant's token from. */
export const APPLICANT_TOKEN_HEADER = 'x-applicant-token';
/** Where the applicants' sign-on comes back, under the public URL. */
export const APPLICANT_CALLBACK_PATH = '/api/v1/services/applicant/callback';
/** The public services' page; a signed-in applicant lands on it with the token in the fragment. */
export const APPLICANT_PAGE = '/dich-vu-cong/';

export const TOKEN_TTL_MS = 8 * 3600_000;
export const CODE_TTL_MS = 10 * 60_000;
/**
 * Wrong tries after which a code is locked (a new one must be asked for): counted apart for the
 * address that asked for the code and for all other addresses together, so a code is guessed wrong
 * at most 2 × CODE_TRIES times, and tries by one who never received it do not lock out one who did.
 * A wrong try counts against each live code of the dossier it could have been.
 */
export const CODE_TRIES = 5;
/**
 * Codes sent for one dossier within an hour: more are not sent (the answer stays 202). With
 * CODE_TRIES, a dossier's codes are guessed wrong at most 10 × 10 = 100 times an hour: a 6-digit code
 * is found so at most once in 10,000 hours of trying.
 */
export const CODES_PER_DOSSIER_HOUR = 10;
/** Codes sent for one dossier to the requests of one address within an hour: another's still reach it. */
export const CODES_PER_SOURCE_HOUR = 3;
/** Requests for codes, and tries at them, one source address may make in RATE_WINDOW_MS. */
export const REQUESTS_PER_SOURCE = 10;
export const TRIES_PER_SOURCE = 20;
export const RATE_WINDOW_MS = 10 * 60_000;
/** How long a sign-on may take at the identity provider. */
export const SIGN_ON_TTL_MS = 10 * 60_000;
const IDP_TIMEOUT_SECONDS = 10;
const OTP_TOPIC = 'services.otp';
const PERSONAL_SOURCE = 'services-applicants';
/** 32 bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The applicants' error codes: the services module's catalogue spreads them into its own. */
export const APPLICANT_ERRORS = defineErrors({
  SERVICES_OTP_INVALID: {
    status: 401,
    when: "services: a dossier's one-time code that is wrong, expired, already used, locked after 5 wrong tries, or never sent (the same answer for each); the try is audited",
  },
  SERVICES_ACCESS_RATE_LIMITED: {
    status: 429,
    when: 'services: too many requests for one-time codes, or tries at them, from one source address in 10 minutes; Retry-After says when',
  },
  SERVICES_APPLICANT_UNKNOWN: {
    status: 401,
    when: 'services: an applicant route without a valid X-Applicant-Token (none, unknown or expired: prove who you are again)',
  },
});

const applicantErrors = {
  otpInvalid: () =>
    new AppError(
      'SERVICES_OTP_INVALID',
      401,
      'This code is wrong, expired or already used, or too many wrong codes were tried: ask for a new code.',
    ),
  rateLimited: (waitMs: number) => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new AppError(
      'SERVICES_ACCESS_RATE_LIMITED',
      429,
      `Too many tries from this address: try again in ${seconds} s.`,
      { headers: { 'retry-after': String(seconds) }, extra: { retryAfterSeconds: seconds } },
    );
  },
  unknown: () =>
    new AppError(
      'SERVICES_APPLICANT_UNKNOWN',
      401,
      'Prove who you are first: sign in with your city account, or ask for a code with your dossier code.',
    ),
};

/** Sign-on of applicants with the city's identity provider (the staff's OIDC client, another redirect). */
export interface ApplicantSignOnSettings {
  readonly oidc: OidcConfig;
  /** Where the provider sends the browser back: …/api/v1/services/applicant/callback, registered there. */
  readonly redirectUrl: string;
  /** Every request to the provider goes through the outbound guard. */
  readonly fetch?: IdpFetch | undefined;
}

/**
 * The applicants' sign-on as the configuration gives it: undefined without OIDC_ISSUER. The redirect
 * URI is the applicants' callback beside the staff's: OIDC_REDIRECT_URL with its callback path
 * replaced (so a proxy's address is kept), else PUBLIC_URL + /api/v1/services/applicant/callback.
 */
export function applicantSignOn(config: Config, outbound: OutboundGuard): ApplicantSignOnSettings | undefined {
  if (!config.oidc) return undefined;
  return {
    oidc: config.oidc,
    redirectUrl: applicantRedirectUrl(config),
    fetch: guardedFetch(outbound, { timeoutMs: IDP_TIMEOUT_SECONDS * 1000, maxBytes: 1024 * 1024 }),
  };
}

export function applicantRedirectUrl(config: Config): string {
  const staff = config.oidc?.redirectUrl;
  if (staff === undefined) return `${publicUrl(config)}${APPLICANT_CALLBACK_PATH}`;
  const url = new URL(staff);
  url.pathname = url.pathname.endsWith(OIDC_CALLBACK_PATH)
    ? `${url.pathname.slice(0, -OIDC_CALLBACK_PATH.length)}${APPLICANT_CALLBACK_PATH}`
    : APPLICANT_CALLBACK_PATH;
  url.search = '';
  return url.href;
}

export interface ApplicantsDeps {
  readonly db: Database;
  readonly personal: PersonalData;
  readonly messages: Messages;
  readonly log: Logger;
  readonly contactOf: ContactOf;
  /** Undefined: no single sign-on (OIDC_ISSUER unset); its routes are not served. */
  readonly signOn?: ApplicantSignOnSettings | undefined;
  /** The time: tests move it. */
  readonly now?: () => Date;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The dossier's contact the given one is, if either: phones compared as numbers, e-mails in lower case. */
function matchingContact(given: string, contact: DossierContact): { email: string } | { phone: string } | undefined {
  const text = given.trim();
  if (text === '') return undefined;
  if (text.includes('@')) {
    const email = contact.email?.trim();
    return email && normalise('email', email) === normalise('email', text) ? { email } : undefined;
  }
  const phone = contact.phone?.trim();
  if (!phone) return undefined;
  const a = normalise('phone', phone);
  return a.length >= 8 && a === normalise('phone', text) ? { phone } : undefined;
}

/** The value at a claim name or dotted path (e.g. citizen.national_id). */
function claimAt(claims: client.IDToken, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export class Applicants {
  readonly #db: Database;
  readonly #personal: PersonalData;
  readonly #messages: Messages;
  readonly #log: Logger;
  readonly #contactOf: ContactOf;
  readonly #signOn: ApplicantSignOnSettings | undefined;
  readonly #now: () => Date;
  /** One-time codes being looked up and sent after their request was answered. */
  readonly #sending = new Set<Promise<void>>();
  #discovered: Promise<client.Configuration> | undefined;

  constructor(deps: ApplicantsDeps) {
    this.#db = deps.db;
    this.#personal = deps.personal;
    this.#messages = deps.messages;
    this.#log = deps.log;
    this.#contactOf = deps.contactOf;
    this.#signOn = deps.signOn;
    this.#now = deps.now ?? (() => new Date());
  }

  // --- tokens ------------------------------------------------------------------------------------

  /** The applicant a request carries (header `X-Applicant-Token`), or undefined. */
  async of(tenant: string, token: string | undefined): Promise<Applicant | undefined> {
    if (token === undefined || !TOKEN_SHAPE.test(token)) return undefined;
    const row = await store.findToken(this.#db, tenant, sha256(token), this.#now());
    if (!row) return undefined;
    if (row.kind === 'dossier') return row.dossier === null ? undefined : { kind: 'dossier', code: row.dossier };
    const subject = await this.#personal.open(row.subject);
    if (subject === null) return undefined;
    const idNumber = await this.#personal.open(row.idNumber);
    return {
      kind: 'identity',
      subject,
      name: (await this.#personal.open(row.name)) ?? '',
      ...(idNumber === null ? {} : { idNumber }),
    };
  }

  /** Like `of`, but 401 SERVICES_APPLICANT_UNKNOWN without one: for the `my/` routes. */
  async required(tenant: string, token: string | undefined): Promise<Applicant> {
    const applicant = await this.of(tenant, token);
    if (!applicant) throw applicantErrors.unknown();
    return applicant;
  }

  /**
   * A token for the one about to file a dossier, kept by the filing's own statement (so the token
   * exists exactly when the dossier does): the token, and what is stored of it.
   */
  dossierToken(): DossierToken {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    return {
      token,
      tokenHash: sha256(token),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS).toISOString(),
    };
  }

  /** A token for the one who just filed a dossier (so they can follow it at once). */
  async issueForDossier(tenant: string, code: string, tx?: Sql): Promise<{ token: string; expiresAt: string }> {
    return this.#issue(tx ?? this.#db, tenant, { kind: 'dossier', code });
  }

  /** Ends a token before its time (the applicant signs out); true when there was one. */
  async revoke(tenant: string, token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    return store.deleteToken(this.#db, tenant, sha256(token));
  }

  async #issue(sql: Sql, tenant: string, applicant: Applicant): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
    const identity = applicant.kind === 'identity' ? applicant : undefined;
    await store.insertToken(sql, {
      tokenHash: sha256(token),
      tenant,
      kind: applicant.kind,
      dossier: applicant.kind === 'dossier' ? applicant.code : null,
      subject: identity ? await this.#personal.seal(tenant, identity.subject) : null,
      name: identity ? await this.#personal.seal(tenant, identity.name) : null,
      idNumber: identity?.idNumber === undefined ? null : await this.#personal.seal(tenant, identity.idNumber),
      idIndex: identity?.idNumber === undefined ? null : await this.#personal.index('national-id', identity.idNumber),
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  // --- one-time codes ------------------------------------------------------------------------------

  /**
   * Sends a one-time code to the dossier's contact (looked up by `contactOf`) when the contact given
   * is it; the same quiet outcome whatever the result, so nobody learns whether a dossier or a
   * contact exists. Only too many requests from one source address are refused (429): that says
   * nothing of any dossier.
   */
  async requestCode(tenant: string, code: string, contact: string, ip: string): Promise<void> {
    const now = this.#now();
    const dossier = code.trim();
    const requester = await this.#limit(tenant, 'request', ip, dossier, REQUESTS_PER_SOURCE, now);
    // The look-up and the sending are done after the answer: how long it takes says nothing of
    // whether the contact is the dossier's (a code written and a message queued take longer).
    const sending = this.#sendCode(tenant, dossier, contact, requester, now)
      .catch((err: unknown) => this.#log.error({ err, tenant, dossier }, 'a one-time code could not be sent'))
      .finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  /** Resolves once the codes asked for so far are sent (or not): for shutdown and tests. */
  async settled(): Promise<void> {
    while (this.#sending.size > 0) await Promise.all([...this.#sending]);
  }

  async #sendCode(tenant: string, dossier: string, contact: string, requester: string, now: Date): Promise<void> {
    const known = await this.#contactOf(tenant, dossier);
    const to = known ? matchingContact(contact, known) : undefined;
    if (!known || !to) return;
    const hourAgo = new Date(now.getTime() - 3600_000);
    const enough = () =>
      this.#log.info(
        { tenant, dossier },
        'one-time code not sent: enough were sent for this dossier (or to this address) this hour',
      );
    const tooMany = (sent: { all: number; byRequester: number }) =>
      sent.all >= CODES_PER_DOSSIER_HOUR || sent.byRequester >= CODES_PER_SOURCE_HOUR;
    if (tooMany(await store.codesSince(this.#db, tenant, dossier, hourAgo, requester))) return enough();
    const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('base64url');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    const vi = known.language === 'vi';
    await this.#messages.prepare(tenant);
    const written = await this.#db.transaction(async (tx) => {
      // Requests at the same moment each passed the count above: counted again, one at a time, here.
      await store.lockCodes(tx, tenant, dossier);
      if (tooMany(await store.codesSince(tx, tenant, dossier, hourAgo, requester))) return false;
      await store.insertCode(tx, {
        tenant,
        dossier,
        salt,
        codeHash: sha256(`${salt}:${otp}`),
        requester,
        createdAt: now,
        expiresAt,
      });
      await this.#messages.queue(tx, {
        tenant,
        to,
        language: known.language,
        topic: OTP_TOPIC,
        subject: vi ? `Mã xác thực hồ sơ ${dossier}` : `Verification code for dossier ${dossier}`,
        text: vi
          ? `Mã xác thực để theo dõi hồ sơ ${dossier}: ${otp}\nMã có hiệu lực trong 10 phút. Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ.`
          : `Your code to follow dossier ${dossier}: ${otp}\nIt is valid for 10 minutes. Do not give it to anyone, staff included.`,
        secrets: [otp],
        expiresAt: expiresAt.toISOString(),
      });
      return true;
    });
    if (!written) enough();
  }

  /**
   * Checks the dossier's one-time code: a token for the dossier, or 401 SERVICES_OTP_INVALID (wrong,
   * expired, used, locked or never sent: one answer). Every live code counts, each with its own counts
   * of wrong tries, for the address that asked for it and for the others together: a wrong try counts
   * against each live code whose count for that address is not yet spent, and the 5th of a count locks
   * that code for them (`onLockout` is told whose, for the audit trail). A right one ends the others.
   */
  async verifyCode(
    tenant: string,
    code: string,
    otp: string,
    ip: string,
    onLockout?: (who: CodeLockout) => void,
  ): Promise<{ token: string; expiresAt: string }> {
    const now = this.#now();
    const dossier = code.trim();
    const source = await this.#limit(tenant, 'verify', ip, dossier, TRIES_PER_SOURCE, now);
    const given = otp.trim();
    const outcome = await this.#db.transaction(async (tx) => {
      const open = (await store.liveCodes(tx, tenant, dossier, now)).filter(
        (c) => (c.requester === source ? c.tries : c.othersTries) < CODE_TRIES,
      );
      if (open.length === 0) return undefined;
      const right = /^\d{6}$/.test(given)
        ? open.find((c) => sameText(sha256(`${c.salt}:${given}`), c.codeHash))
        : undefined;
      if (!right) {
        for (const c of open) {
          const byRequester = c.requester === source;
          const tries = await store.countTry(tx, c.id, byRequester);
          if (tries === CODE_TRIES) onLockout?.(byRequester ? 'requester' : 'others');
        }
        return undefined;
      }
      await store.markUsed(tx, right.id, now);
      await store.retireCodes(tx, tenant, dossier, now);
      return this.#issue(tx, tenant, { kind: 'dossier', code: dossier });
    });
    if (!outcome) throw applicantErrors.otpInvalid();
    return outcome;
  }

  /**
   * Counts the source's attempt, or refuses it (429) when the source has made too many in the window;
   * gives the source as kept (hashed).
   */
  async #limit(
    tenant: string,
    kind: store.AttemptKind,
    ip: string,
    dossier: string,
    most: number,
    now: Date,
  ): Promise<string> {
    // The address is kept hashed: the limit needs to know it again, not to read it.
    const source = sha256(`applicant-source:${ip}`);
    // Counted and written under the source's lock: requests sent at once are counted one after another.
    await this.#db.transaction(async (tx) => {
      await store.lockSource(tx, kind, source);
      const { count, oldest } = await store.attemptsSince(tx, kind, source, new Date(now.getTime() - RATE_WINDOW_MS));
      if (count >= most) {
        const waitMs = oldest ? oldest.getTime() + RATE_WINDOW_MS - now.getTime() : RATE_WINDOW_MS;
        throw applicantErrors.rateLimited(waitMs);
      }
      await store.insertAttempt(tx, { tenant, kind, source, dossier: dossier.slice(0, 100), at: now });
    });
    return source;
  }

  /** Forgets attempts, codes, tokens and sign-ons past their use (the worker, every so often). */
  async dropStale(): Promise<void> {
    const now = this.#now();
    await store.deleteStale(this.#db, now, new Date(now.getTime() - 24 * 3600_000));
  }

  // --- single sign-on ------------------------------------------------------------------------------

  /** Whether applicants may sign in with the city's identity provider. */
  get signOnEnabled(): boolean {
    return this.#signOn !== undefined;
  }

  /** Whether the sign-on's redirect (and so its cookie) is https. */
  get signOnSecure(): boolean {
    return this.#signOn?.redirectUrl.startsWith('https:') ?? false;
  }

  async #provider(): Promise<client.Configuration> {
    const signOn = this.#signOn;
    if (!signOn) throw new Error('single sign-on of applicants is not configured');
    const { oidc } = signOn;
    const issuer = new URL(oidc.issuer);
    this.#discovered ??= client.discovery(
      issuer,
      oidc.clientId,
      { client_secret: oidc.clientSecret },
      client.ClientSecretBasic(oidc.clientSecret),
      {
        [client.customFetch]: signOn.fetch ?? idpFetch,
        timeout: IDP_TIMEOUT_SECONDS,
        execute: [
          client.enableNonRepudiationChecks,
          ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : []),
        ],
      },
    );
    try {
      return await this.#discovered;
    } catch (err) {
      this.#discovered = undefined;
      this.#log.warn({ err, issuer: oidc.issuer }, 'identity provider discovery failed');
      throw new AppError(
        'OIDC_PROVIDER_UNAVAILABLE',
        502,
        "The city's identity provider cannot be reached or did not describe itself: try again later.",
      );
    }
  }

  /** Starts an applicant's sign-on: where to send the browser (PKCE, state, nonce), and the state it must bring back. */
  async beginSignOn(tenant: string): Promise<{ url: string; state: string }> {
    const provider = await this.#provider();
    const signOn = this.#signOn as ApplicantSignOnSettings;
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await store.insertLogin(this.#db, {
      stateHash: sha256(state),
      tenant,
      nonce,
      codeVerifier,
      expiresAt: new Date(this.#now().getTime() + SIGN_ON_TTL_MS),
    });
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: signOn.redirectUrl,
      scope: signOn.oidc.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Finishes an applicant's sign-on when the provider sends the browser back: the state (once, from
   * this browser), the code exchanged, the ID token checked by openid-client; then an 'identity'
   * token. Roles the provider gives are not read: an applicant is no member of staff.
   */
  async finishSignOn(
    tenant: string,
    query: string,
    browserState: string | undefined,
  ): Promise<{ token: string; expiresAt: string }> {
    const signOn = this.#signOn;
    if (!signOn) throw new Error('single sign-on of applicants is not configured');
    const callback = new URL(signOn.redirectUrl);
    callback.search = query;
    const state = callback.searchParams.get('state');
    const stateInvalid = (detail: string) => new AppError('OIDC_STATE_INVALID', 400, detail);
    if (!state) throw stateInvalid('The identity provider sent the browser back without a state: sign in again.');
    if (browserState === undefined || !sameText(browserState, state)) {
      throw stateInvalid('This sign-in was not started in this browser, or too long ago: sign in again.');
    }
    const pending = await store.takeLogin(this.#db, tenant, sha256(state), this.#now());
    if (!pending) throw stateInvalid('This sign-in is unknown, expired or already used: sign in again.');
    const provider = await this.#provider();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(provider, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      throw this.#refusal(err);
    }
    if (!claims) throw new AppError('OIDC_ID_TOKEN_INVALID', 401, 'The identity provider sent no ID token.');
    const given = [text(claims['family_name']), text(claims['given_name'])].filter(Boolean).join(' ');
    const name = (text(claims['name']) ?? given).slice(0, 200);
    const idValue = claimAt(claims, signOn.oidc.idClaim);
    const idNumber = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue).trim() : '';
    const applicant: Applicant = {
      kind: 'identity',
      subject: `${claims.iss}|${claims.sub}`,
      name,
      // A Vietnamese ID number is 9 or 12 digits; a passport a few letters and digits. Anything else is not kept.
      ...(/^[A-Za-z0-9]{6,20}$/.test(idNumber) ? { idNumber } : {}),
    };
    this.#log.info({ tenant, idNumber: applicant.idNumber !== undefined }, 'applicant signed in');
    return this.#issue(this.#db, tenant, applicant);
  }

  /** Turns what openid-client refuses into a clear problem; the full reason goes to the log. */
  #refusal(err: unknown): AppError {
    this.#log.info({ err }, 'applicant sign-in refused');
    if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
      const why = err.error_description ? `${err.error}: ${err.error_description}` : err.error;
      return new AppError('OIDC_LOGIN_REFUSED', 401, `The identity provider did not sign you in (${why}).`);
    }
    if (err instanceof client.ClientError) {
      return new AppError(
        'OIDC_ID_TOKEN_INVALID',
        401,
        `The identity provider's ID token was refused: ${err.cause instanceof Error ? err.cause.message : err.message}.`,
      );
    }
    return new AppError(
      'OIDC_PROVIDER_UNAVAILABLE',
      502,
      "The city's identity provider did not complete the sign-in: try again later.",
    );
  }

  // --- personal data -------------------------------------------------------------------------------

  /** Signed-in applicants' names and ID numbers, for data-subject requests: the services module declares it. */
  personalDataSource(): PersonalDataSource {
    return {
      name: PERSONAL_SOURCE,
      fields: { name: 'name', idNumber: 'national-id' },
      find: async (tenant, subject) => {
        if (subject.kind !== 'national-id') return [];
        const rows = await store.tokensByIdIndex(this.#db, tenant, subject.index);
        return Promise.all(
          rows.map(async (r) => ({
            id: r.tokenHash,
            tenant: r.tenant,
            values: { name: await this.#personal.open(r.name), idNumber: await this.#personal.open(r.idNumber) },
          })),
        );
      },
      // A token is a session: erasing it signs the person out.
      erase: async (tenant, id) => {
        await store.deleteToken(this.#db, tenant, id);
        return 'erased';
      },
    };
  }
}
