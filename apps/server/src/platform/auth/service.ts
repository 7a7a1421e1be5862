import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../ids.js';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { AppError, problems } from '../errors.js';
import { decoyHash, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import type { Role } from './permissions.js';
import { EXTERNAL_PASSWORD_HASH } from './oidc-store.js';
import * as store from './store.js';
import type { ApiKeyRecord, UserRecord } from './store.js';

/** Who is calling. `tenant` '*' means every tenant; '' is the default tenant. */
export interface Principal {
  readonly kind: 'user' | 'api-key';
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly tenant: string;
  readonly sessionId?: string;
}

export const ALL_TENANTS = '*';
export const DEFAULT_TENANT = '';
const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;
const TENANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const isTenantName = (value: string): boolean => TENANT_NAME.test(value);
export const canActInTenant = (principal: Principal, tenant: string): boolean =>
  principal.tenant === ALL_TENANTS || principal.tenant === tenant;

const API_KEY = /^tl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const TOKEN_ISSUER = 'thanglong';
const LOCK_AFTER_FAILURES = 10;
const LOCK_SECONDS = 15 * 60;
const TOUCH_EVERY_MS = 60_000;
/**
 * A verified credential is trusted this long without asking the database again. A logout or an
 * account change on this instance takes effect at once; on other instances within this time.
 */
const CREDENTIAL_CACHE_MS = 5_000;
const CREDENTIAL_CACHE_SIZE = 10_000;

export interface LoginResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: UserRecord;
}

export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** Shown once; only its hash is kept. */
  readonly key: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Accounts' personal fields and their kinds (platform/personal-data seals, masks and indexes them). */
export const ACCOUNT_PERSONAL_FIELDS = { displayName: 'name', phone: 'phone', email: 'email' } as const;

/** What accounts need of platform/personal-data: sealing values and the blind index of a phone. */
export interface PersonalFieldSealer {
  seal(tenant: string, value: string): Promise<string>;
  index(kind: 'phone', value: string): Promise<string>;
}

export class AuthService {
  readonly #db: Database;
  readonly #config: Config['auth'];
  readonly #log: Logger;
  #signingKey: Uint8Array | undefined;
  readonly #lastTouched = new Map<string, number>();
  readonly #verified = new Map<string, { principal: Principal; until: number }>();
  readonly #accessListeners = new Set<() => void>();
  readonly #personal: PersonalFieldSealer;

  constructor(db: Database, config: Config['auth'], log: Logger, personal: PersonalFieldSealer) {
    this.#db = db;
    this.#config = config;
    this.#log = log;
    this.#personal = personal;
  }

  /** Loads (or creates, once for every instance) the key that signs session tokens. */
  async start(): Promise<void> {
    const secret =
      this.#config.tokenSecret ??
      (await store.ensureSecret(this.#db, 'auth-token-key', randomBytes(48).toString('base64url')));
    this.#signingKey = new TextEncoder().encode(secret);
    await store.deleteOldSessions(this.#db);
    // Names stored before they were sealed as personal data are sealed now.
    for (const u of await store.usersWithPlainNames(this.#db)) {
      await store.setDisplayName(this.#db, u.id, await this.#personal.seal(u.tenant, u.displayName));
    }
  }

  /** Sealed personal fields of an account, with the blind index of its phone. */
  async #sealed(
    tenant: string,
    input: { displayName?: string | undefined; phone?: string | undefined; email?: string | undefined },
  ) {
    const seal = (v: string | undefined) => (v === undefined ? undefined : this.#personal.seal(tenant, v));
    return {
      displayName: await seal(input.displayName),
      phone: await seal(input.phone),
      email: await seal(input.email),
      phoneIndex: input.phone === undefined ? undefined : await this.#personal.index('phone', input.phone),
    };
  }

  /** Accounts as a source of personal data: found by phone; erased by anonymising (the account stays). */
  personalDataSource() {
    return {
      name: 'accounts',
      fields: ACCOUNT_PERSONAL_FIELDS,
      find: async (scope: string, subject: { kind: 'phone' | 'national-id'; index: string }) =>
        subject.kind !== 'phone'
          ? []
          : (await store.findUsersByPhoneIndex(this.#db, subject.index))
              .filter((u) => scope === ALL_TENANTS || u.tenant === scope)
              .map((u) => ({
                id: u.id,
                tenant: u.tenant,
                values: { displayName: u.displayName, phone: u.phone, email: u.email },
              })),
      erase: async (_tenant: string, id: string): Promise<'anonymised'> => {
        await store.anonymiseUser(this.#db, id);
        await store.revokeSessionsOfUser(this.#db, id);
        this.#forgetVerified();
        return 'anonymised';
      },
    };
  }

  /** On an empty database, creates the first admin; returns its password when one was generated. */
  async bootstrapFirstAdmin(): Promise<{ username: string; password: string; generated: boolean } | null> {
    const password = this.#config.adminPassword ?? generatePassword();
    const created = await store.insertFirstUser(this.#db, {
      username: 'admin',
      displayName: await this.#personal.seal(ALL_TENANTS, 'Administrator'),
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      tenant: ALL_TENANTS,
    });
    if (!created) return null;
    this.#log.info({ username: created.username }, 'first administrator account created');
    return { username: created.username, password, generated: this.#config.adminPassword === undefined };
  }

  async login(
    username: string,
    password: string,
    meta: { userAgent: string | undefined; remoteAddress: string | undefined },
  ): Promise<LoginResult> {
    const rejected = new AppError(
      'LOGIN_FAILED',
      401,
      'Wrong username or password, or the account is locked for a while after repeated failures.',
    );
    const user = await store.findUserByUsername(this.#db, username);
    if (!user) {
      await verifyPassword(password, await decoyHash()); // same time as a real check
      throw rejected;
    }
    const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
    const matches = await verifyPassword(password, user.passwordHash);
    if (!matches || locked || user.disabled) {
      if (!matches) await store.recordLoginFailure(this.#db, user.id, LOCK_AFTER_FAILURES, LOCK_SECONDS);
      this.#log.info({ userId: user.id, locked, disabled: user.disabled }, 'login refused');
      throw rejected;
    }
    await store.recordLoginSuccess(this.#db, user.id);
    return this.openSession(user, meta);
  }

  /** A new session for a user already authenticated (a password, or the identity provider). */
  async openSession(
    user: UserRecord,
    meta: { userAgent: string | undefined; remoteAddress: string | undefined },
  ): Promise<LoginResult> {
    const session = await store.insertSession(this.#db, {
      userId: user.id,
      ttlSeconds: this.#config.tokenTtlSeconds,
      ...meta,
    });
    const token = await new SignJWT({ sid: session.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(session.expiresAt.getTime() / 1000))
      .sign(this.#key());
    return { token, expiresAt: session.expiresAt, user };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.sessionId) await store.revokeSession(this.#db, principal.sessionId);
    this.#forgetVerified();
  }

  /**
   * Resolves the caller from an `Authorization: Bearer …` header or an `X-API-Key` header.
   * No credentials: null. Credentials that do not hold: 401.
   */
  async authenticate(authorization: string | undefined, apiKeyHeader: string | undefined): Promise<Principal | null> {
    let credential = apiKeyHeader?.trim();
    if (!credential && authorization !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m) throw problems.unauthenticated('The Authorization header must be "Bearer <token or API key>".');
      credential = m[1];
    }
    if (!credential) return null;
    const now = Date.now();
    const cached = this.#verified.get(credential);
    if (cached && cached.until > now) return cached.principal;
    const { principal, expiresAt } = credential.startsWith('tl_')
      ? await this.#authenticateApiKey(credential)
      : await this.#authenticateToken(credential);
    if (this.#verified.size >= CREDENTIAL_CACHE_SIZE) this.#verified.clear();
    this.#verified.set(credential, { principal, until: Math.min(now + CREDENTIAL_CACHE_MS, expiresAt) });
    return principal;
  }

  /** Forgets verified credentials, after anything that may revoke them. */
  #forgetVerified(): void {
    this.#verified.clear();
  }

  /**
   * Calls `listener` after a change that may take rights away from a credential already in use
   * (an API key revoked, an account deleted, changed or disabled), so that long-lived connections
   * (MQTT) check theirs again. Returns the function that stops listening.
   */
  onAccessChange(listener: () => void): () => void {
    this.#accessListeners.add(listener);
    return () => this.#accessListeners.delete(listener);
  }

  /** After the change is committed: forget what was verified before it, then tell the listeners. */
  #accessChanged(): void {
    this.#forgetVerified();
    for (const listener of this.#accessListeners) {
      try {
        listener();
      } catch (err) {
        this.#log.error({ err }, 'access change listener failed');
      }
    }
  }

  async #authenticateToken(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let sid: unknown;
    try {
      const { payload } = await jwtVerify(token, this.#key(), { issuer: TOKEN_ISSUER, algorithms: ['HS256'] });
      sid = payload['sid'];
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw problems.unauthenticated('The session has expired: log in again.');
      throw problems.unauthenticated('The token is not valid.');
    }
    if (typeof sid !== 'string' || !isUuid(sid)) throw problems.unauthenticated('The token is not valid.');
    const session = await store.findSession(this.#db, sid);
    if (!session || session.revokedAt !== null || session.expiresAt.getTime() <= Date.now()) {
      throw problems.unauthenticated('The session has ended: log in again.');
    }
    if (session.user.disabled) throw problems.unauthenticated('The account is disabled.');
    const { user } = session;
    return {
      principal: {
        kind: 'user',
        id: user.id,
        name: user.username,
        roles: user.roles,
        tenant: user.tenant,
        sessionId: sid,
      },
      expiresAt: session.expiresAt.getTime(),
    };
  }

  async #authenticateApiKey(key: string): Promise<{ principal: Principal; expiresAt: number }> {
    const invalid = problems.unauthenticated('The API key is not valid.');
    const m = API_KEY.exec(key);
    if (!m) throw invalid;
    const record = await store.findApiKeyByPrefix(this.#db, m[1] as string);
    if (!record || !timingSafeEqual(Buffer.from(record.secretHash, 'hex'), sha256(m[2] as string))) throw invalid;
    if (record.revokedAt !== null) throw problems.unauthenticated('The API key has been revoked.');
    if (record.expiresAt !== null && record.expiresAt.getTime() <= Date.now()) {
      throw problems.unauthenticated('The API key has expired.');
    }
    const now = Date.now();
    if (now - (this.#lastTouched.get(record.id) ?? 0) > TOUCH_EVERY_MS) {
      this.#lastTouched.set(record.id, now);
      await store.touchApiKey(this.#db, record.id);
    }
    return {
      principal: { kind: 'api-key', id: record.id, name: record.name, roles: record.roles, tenant: record.tenant },
      expiresAt: record.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
    };
  }

  #key(): Uint8Array {
    if (!this.#signingKey) throw new Error('AuthService.start() was not called');
    return this.#signingKey;
  }

  // --- accounts -------------------------------------------------------------------------------

  listUsers(scope: string, page: { limit: number; offset: number }) {
    return store.listUsers(this.#db, scope, page);
  }

  /** Is there an active account with this name (e.g. someone to assign work to)? */
  async userExists(username: string): Promise<boolean> {
    const user = await store.findUserByUsername(this.#db, username);
    return user !== null && !user.disabled;
  }

  async getUser(scope: string, id: string): Promise<UserRecord> {
    const user = isUuid(id) ? await store.findUser(this.#db, id, scope) : null;
    if (!user) throw problems.notFound('User', id);
    return user;
  }

  async createUser(
    actor: Principal,
    input: {
      username: string;
      displayName?: string;
      phone?: string;
      email?: string;
      password?: string;
      roles: Role[];
      tenant?: string;
    },
  ): Promise<{ user: UserRecord; generatedPassword?: string }> {
    const tenant = this.#grantableTenant(actor, input.tenant);
    if (!USERNAME.test(input.username)) {
      throw problems.badRequest('INVALID_USERNAME', 'A username has 3-64 letters, digits, ".", "_" or "-".');
    }
    if (input.password !== undefined) checkPasswordStrength(input.password);
    const password = input.password ?? generatePassword();
    try {
      const sealed = await this.#sealed(tenant, {
        displayName: input.displayName ?? input.username,
        phone: input.phone,
        email: input.email,
      });
      const user = await store.insertUser(this.#db, {
        username: input.username,
        displayName: sealed.displayName as string,
        phone: sealed.phone ?? null,
        email: sealed.email ?? null,
        phoneIndex: sealed.phoneIndex ?? null,
        passwordHash: await hashPassword(password),
        roles: dedupe(input.roles),
        tenant,
      });
      this.#log.info({ actor: actor.id, userId: user.id, roles: user.roles, tenant }, 'user created');
      return input.password === undefined ? { user, generatedPassword: password } : { user };
    } catch (err) {
      if (store.isUniqueViolation(err)) {
        throw problems.conflict('USERNAME_TAKEN', `The username "${input.username}" is already taken.`);
      }
      throw err;
    }
  }

  async updateUser(
    actor: Principal,
    id: string,
    changes: {
      displayName?: string;
      phone?: string;
      email?: string;
      password?: string;
      roles?: Role[];
      tenant?: string;
      disabled?: boolean;
    },
  ): Promise<UserRecord> {
    const scope = actor.tenant;
    const tenant = changes.tenant === undefined ? undefined : this.#grantableTenant(actor, changes.tenant);
    const before = isUuid(id) ? await store.findUser(this.#db, id, scope) : null;
    // Sealed under the key of the tenant the account will be in.
    const sealed = await this.#sealed(tenant ?? before?.tenant ?? scope, changes);
    const user = await this.#db.transaction(async (tx) => {
      const current = isUuid(id) ? await store.findUser(tx, id, scope) : null;
      if (!current) throw problems.notFound('User', id);
      if (changes.password !== undefined && current.passwordHash === EXTERNAL_PASSWORD_HASH) {
        throw problems.conflict(
          'EXTERNAL_ACCOUNT',
          'This account logs in with the city account: it has no password here.',
        );
      }
      const losesAdmin =
        current.roles.includes('admin') &&
        !current.disabled &&
        (changes.disabled === true || (changes.roles !== undefined && !changes.roles.includes('admin')));
      if (losesAdmin && (await store.countOtherActiveAdmins(tx, id)) === 0) {
        throw problems.conflict('LAST_ADMIN', 'This is the last enabled administrator: appoint another one first.');
      }
      const updated = await store.updateUser(tx, id, scope, {
        displayName: sealed.displayName,
        phone: sealed.phone,
        email: sealed.email,
        phoneIndex: sealed.phoneIndex,
        passwordHash:
          changes.password === undefined ? undefined : await hashPassword(checkPasswordStrength(changes.password)),
        roles: changes.roles === undefined ? undefined : dedupe(changes.roles),
        tenant,
        disabled: changes.disabled,
      });
      if (!updated) throw problems.notFound('User', id);
      // A new password, a disabled account or fewer rights end the sessions opened before.
      if (
        changes.password !== undefined ||
        changes.disabled === true ||
        changes.roles !== undefined ||
        tenant !== undefined
      ) {
        await store.revokeSessionsOfUser(tx, id);
      }
      this.#forgetVerified();
      this.#log.info({ actor: actor.id, userId: id, fields: Object.keys(changes) }, 'user updated');
      return updated;
    });
    this.#accessChanged();
    return user;
  }

  async deleteUser(actor: Principal, id: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const current = isUuid(id) ? await store.findUser(tx, id, actor.tenant) : null;
      if (!current) throw problems.notFound('User', id);
      if (current.roles.includes('admin') && !current.disabled && (await store.countOtherActiveAdmins(tx, id)) === 0) {
        throw problems.conflict('LAST_ADMIN', 'This is the last enabled administrator: appoint another one first.');
      }
      await store.deleteUser(tx, id, actor.tenant);
    });
    this.#accessChanged();
    this.#log.info({ actor: actor.id, userId: id }, 'user deleted');
  }

  async changeOwnPassword(actor: Principal, currentPassword: string, newPassword: string): Promise<void> {
    if (actor.kind !== 'user') throw problems.forbidden('Only a person logged in can change their password.');
    const user = await store.findUser(this.#db, actor.id, ALL_TENANTS);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new AppError('WRONG_PASSWORD', 400, 'The current password is not correct.');
    }
    checkPasswordStrength(newPassword);
    await store.updateUser(this.#db, actor.id, ALL_TENANTS, { passwordHash: await hashPassword(newPassword) });
    await store.revokeSessionsOfUser(this.#db, actor.id);
    this.#accessChanged();
  }

  // --- API keys -------------------------------------------------------------------------------

  listApiKeys(scope: string): Promise<ApiKeyRecord[]> {
    return store.listApiKeys(this.#db, scope);
  }

  async getApiKey(scope: string, id: string): Promise<ApiKeyRecord> {
    const key = isUuid(id) ? await store.findApiKey(this.#db, id, scope) : null;
    if (!key) throw problems.notFound('API key', id);
    return key;
  }

  async createApiKey(
    actor: Principal,
    input: { name: string; roles: Role[]; tenant?: string; expiresAt?: string },
  ): Promise<CreatedApiKey> {
    const tenant = this.#grantableTenant(actor, input.tenant);
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      throw problems.badRequest('EXPIRY_IN_PAST', 'expiresAt must be in the future.');
    }
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record = await store.insertApiKey(this.#db, {
      name: input.name,
      prefix,
      secretHash: sha256(secret).toString('hex'),
      roles: dedupe(input.roles),
      tenant,
      createdBy: actor.kind === 'user' && isUuid(actor.id) ? actor.id : null,
      expiresAt,
    });
    this.#log.info({ actor: actor.id, apiKeyId: record.id, roles: record.roles, tenant }, 'API key created');
    return { record, key: `tl_${prefix}_${secret}` };
  }

  async revokeApiKey(actor: Principal, id: string): Promise<void> {
    if (!isUuid(id) || !(await store.revokeApiKey(this.#db, id, actor.tenant))) {
      throw problems.notFound('API key', id);
    }
    this.#accessChanged();
    this.#log.info({ actor: actor.id, apiKeyId: id }, 'API key revoked');
  }

  /** The tenant a new account or key gets: the caller's own unless they may act for all tenants. */
  #grantableTenant(actor: Principal, requested: string | undefined): string {
    if (requested === undefined) return actor.tenant;
    if (requested !== ALL_TENANTS && requested !== DEFAULT_TENANT && !isTenantName(requested)) {
      throw problems.badRequest('INVALID_TENANT', `"${requested}" is not a tenant name (letters, digits, _ and -).`);
    }
    if (actor.tenant !== ALL_TENANTS && requested !== actor.tenant) {
      throw problems.forbidden('You can only grant access to your own tenant.');
    }
    return requested;
  }
}

function checkPasswordStrength(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw problems.badRequest('PASSWORD_TOO_SHORT', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

const dedupe = <T>(values: readonly T[]): T[] => [...new Set(values)];
