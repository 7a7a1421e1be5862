import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { OidcConfig } from '../config.js';
import type { Database } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Role } from './permissions.js';
import * as oidcStore from './oidc-store.js';
import { ALL_TENANTS, isTenantName, type AuthService, type LoginResult } from './service.js';
import * as store from './store.js';

/**
 * Single sign-on through the city's identity provider, OpenID Connect authorization code flow with
 * PKCE (S256). The login under way (state, nonce, PKCE verifier) is kept in the database, so the
 * browser may come back to any instance; the ID token is checked by openid-client (issuer, audience,
 * expiry, nonce, signature against the provider's published keys).
 */

export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
/** How long a person has at the identity provider before the login must be started again. */
export const OIDC_LOGIN_TTL_SECONDS = 10 * 60;
/** How long the web app has to redeem the one-time code for a session. */
const HANDOFF_TTL_SECONDS = 60;
const IDP_TIMEOUT_SECONDS = 10;
const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

/** How Thang Long talks HTTP to the identity provider (discovery, its keys, the token endpoint). */
export type IdpFetch = client.CustomFetch;

/** Every request to the identity provider goes through this one function. */
// The web build checks this file with the DOM typings too, whose fetch takes a narrower body type.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
export const idpFetch: IdpFetch = (url, options) => fetch(url, options as RequestInit);

export interface Meta {
  readonly userAgent: string | undefined;
  readonly remoteAddress: string | undefined;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const stateInvalid = (detail: string) => new AppError('OIDC_STATE_INVALID', 400, detail);
const accountRefused = (detail: string) => new AppError('OIDC_ACCOUNT_REFUSED', 403, detail);

/** Why an ID token was refused, in a person's words. */
const TOKEN_CLAIM_REASONS: Record<string, string> = {
  iss: 'it was issued by another identity provider',
  aud: 'it was issued for another application',
  azp: 'it was issued for another application',
  exp: 'it has expired',
  iat: 'it was issued too long ago',
  nbf: 'it is not valid yet',
  nonce: 'it belongs to another login attempt',
};

export class OidcService {
  readonly #db: Database;
  readonly #config: OidcConfig;
  readonly #redirectUrl: string;
  readonly #auth: AuthService;
  readonly #log: Logger;
  readonly #fetch: IdpFetch;
  #discovered: Promise<client.Configuration> | undefined;

  constructor(
    deps: { db: Database; auth: AuthService; log: Logger; fetch?: IdpFetch },
    config: OidcConfig,
    redirectUrl: string,
  ) {
    this.#db = deps.db;
    this.#auth = deps.auth;
    this.#log = deps.log;
    this.#fetch = deps.fetch ?? idpFetch;
    this.#config = config;
    this.#redirectUrl = redirectUrl;
  }

  /** Whether the redirect (and so the login cookie) is https. */
  get secure(): boolean {
    return this.#redirectUrl.startsWith('https:');
  }

  /** The identity provider's metadata, read once (again after a failure). */
  async #provider(): Promise<client.Configuration> {
    const issuer = new URL(this.#config.issuer);
    this.#discovered ??= client.discovery(
      issuer,
      this.#config.clientId,
      { client_secret: this.#config.clientSecret },
      client.ClientSecretBasic(this.#config.clientSecret),
      {
        [client.customFetch]: this.#fetch,
        timeout: IDP_TIMEOUT_SECONDS,
        execute: [
          // The ID token's signature is checked against the provider's keys, not only trusted for coming over TLS.
          client.enableNonRepudiationChecks,
          // http:// is accepted by the configuration only on loopback (trials and tests).
          ...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : []),
        ],
      },
    );
    try {
      return await this.#discovered;
    } catch (err) {
      this.#discovered = undefined;
      this.#log.warn({ err, issuer: this.#config.issuer }, 'identity provider discovery failed');
      throw new AppError(
        'OIDC_PROVIDER_UNAVAILABLE',
        502,
        "The city's identity provider cannot be reached or did not describe itself: try again later.",
      );
    }
  }

  /** Starts a login: where to send the browser, and the state it must bring back. */
  async beginLogin(): Promise<{ url: string; state: string }> {
    const provider = await this.#provider();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    await oidcStore.deleteExpired(this.#db);
    await oidcStore.insertPendingLogin(this.#db, {
      stateHash: sha256(state),
      nonce,
      codeVerifier,
      ttlSeconds: OIDC_LOGIN_TTL_SECONDS,
    });
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: this.#redirectUrl,
      scope: this.#config.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Finishes a login when the identity provider sends the browser back: checks the state (once, and
   * that this browser started the login), exchanges the code, validates the ID token, creates or
   * updates the account. Returns a one-time code the web app redeems for a session.
   */
  async finishLogin(query: string, browserState: string | undefined): Promise<string> {
    const callback = new URL(this.#redirectUrl);
    callback.search = query;
    const state = callback.searchParams.get('state');
    if (!state) throw stateInvalid('The identity provider sent the browser back without a state: start again.');
    if (browserState === undefined || !sameText(browserState, state)) {
      throw stateInvalid('This login was not started in this browser, or too long ago: start again.');
    }
    const pending = await oidcStore.takePendingLogin(this.#db, sha256(state));
    if (!pending) throw stateInvalid('This login is unknown, expired or already used: start again.');
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
    const userId = await this.#account(claims);
    const code = randomBytes(32).toString('base64url');
    await oidcStore.insertHandoff(this.#db, { codeHash: sha256(code), userId, ttlSeconds: HANDOFF_TTL_SECONDS });
    return code;
  }

  /** Redeems the one-time code of a finished login for a Thang Long session. */
  async redeem(code: string, meta: Meta): Promise<LoginResult> {
    const invalid = new AppError(
      'OIDC_CODE_INVALID',
      400,
      'This sign-on code is unknown, expired or already used: log in again.',
    );
    const userId = await oidcStore.takeHandoff(this.#db, sha256(code));
    const user = userId === null ? null : await store.findUser(this.#db, userId, ALL_TENANTS);
    if (!user || user.disabled) throw invalid;
    return this.#auth.openSession(user, meta);
  }

  /** The account of the person the ID token names, created on their first login, updated on each. */
  async #account(claims: client.IDToken): Promise<string> {
    const issuer = claims.iss;
    const subject = claims.sub;
    const roles = this.#rolesOf(claims);
    const tenant = this.#tenantOf(claims);
    const preferred = typeof claims['preferred_username'] === 'string' ? claims['preferred_username'] : '';
    const username = USERNAME.test(preferred) ? preferred : `sso-${sha256(`${issuer} ${subject}`).slice(0, 16)}`;
    const name = typeof claims['name'] === 'string' && claims['name'].trim() !== '' ? claims['name'] : username;
    const profile = { username, displayName: name.slice(0, 200), roles, tenant };
    try {
      return await this.#db.transaction(async (tx) => {
        const existing = await oidcStore.findExternalAccount(tx, issuer, subject);
        if (existing?.disabled) throw accountRefused('Your account is disabled in Thang Long.');
        if (existing) {
          if (await oidcStore.updateExternalAccount(tx, existing.userId, profile)) {
            await store.revokeSessionsOfUser(tx, existing.userId);
          }
          this.#log.info({ userId: existing.userId, roles, tenant }, 'single sign-on');
          return existing.userId;
        }
        const id = await oidcStore.insertExternalAccount(tx, { issuer, subject }, profile);
        this.#log.info({ userId: id, username, roles, tenant }, 'account created by single sign-on');
        return id;
      });
    } catch (err) {
      if (store.isUniqueViolation(err)) {
        throw new AppError(
          'OIDC_USERNAME_TAKEN',
          409,
          `The username "${username}" belongs to another account in Thang Long: an administrator must rename one of them.`,
        );
      }
      throw err;
    }
  }

  #rolesOf(claims: client.IDToken): Role[] {
    const value = claimAt(claims, this.#config.rolesClaim);
    const names = Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : typeof value === 'string'
        ? value.split(/[\s,]+/)
        : [];
    const roles = [...new Set(names.flatMap((n) => this.#config.roleMap.get(n) ?? []))].sort();
    if (roles.length === 0) {
      throw accountRefused(
        `Your city account has no role that gives access to Thang Long (claim "${this.#config.rolesClaim}": ${names.join(', ') || 'none'}).`,
      );
    }
    return roles;
  }

  #tenantOf(claims: client.IDToken): string {
    if (this.#config.tenantClaim === undefined) return '';
    const value = claimAt(claims, this.#config.tenantClaim);
    if (typeof value !== 'string' || (value !== ALL_TENANTS && !isTenantName(value))) {
      throw accountRefused(
        `Your city account has no usable tenant (claim "${this.#config.tenantClaim}" must be a tenant name).`,
      );
    }
    return value;
  }

  /** Turns what openid-client refuses into a clear problem; the full reason goes to the log. */
  #refusal(err: unknown): AppError {
    this.#log.info({ err }, 'single sign-on refused');
    if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
      const why = err.error_description ? `${err.error}: ${err.error_description}` : err.error;
      return new AppError('OIDC_LOGIN_REFUSED', 401, `The identity provider did not log you in (${why}).`);
    }
    if (err instanceof client.ClientError) {
      const inner = err.cause instanceof Error ? err.cause : undefined;
      const detail = inner?.cause as { claim?: unknown } | undefined;
      const claim = typeof detail?.claim === 'string' ? detail.claim : undefined;
      const reason =
        (claim && TOKEN_CLAIM_REASONS[claim]) ??
        (/signature/i.test(inner?.message ?? err.message) ? 'its signature does not verify' : undefined);
      if (reason || err.code === 'OAUTH_INVALID_RESPONSE' || err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
        return new AppError(
          'OIDC_ID_TOKEN_INVALID',
          401,
          `The identity provider's ID token was refused: ${reason ?? inner?.message ?? err.message}.`,
        );
      }
    }
    return new AppError(
      'OIDC_PROVIDER_UNAVAILABLE',
      502,
      "The city's identity provider did not complete the login: try again later.",
    );
  }
}

/** The value at a claim name or dotted path (e.g. realm_access.roles). */
function claimAt(claims: client.IDToken, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
