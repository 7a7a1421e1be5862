import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../ids.js';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { AppError, problems } from '../errors.js';
import { FailureCounter, tooManyAttempts } from './limits.js';
import { checkPasswordStrength, decoyHash, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './permissions.js';
import { EXTERNAL_PASSWORD_HASH } from './oidc-store.js';
import * as store from './store.js';
import type { ApiKeyRecord, UserRecord } from './store.js';

/** Who is calling. `tenant` '*' means every tenant; '' is the default tenant. */
export interface Principal {
  readonly kind: 'user' | 'api-key';
  readonly id: string;
  readonly name: string;
  /** A person's display name ("Phạm Thị Hoa"), opened once per verified credential, for the papers they sign. */
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly tenant: string;
  readonly sessionId?: string;
  /** A person who must choose a new password before doing anything else. */
  readonly mustChangePassword?: boolean;
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

/** Where a credential comes from, to count failures per source address. */
export interface CallerMeta {
  readonly userAgent: string | undefined;
  readonly remoteAddress: string | undefined;
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
  open(stored: string | null): Promise<string | null>;
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
  /** Failed authentications per source address (AUTH_ADDRESS_FAILURES); null when unlimited. */
  readonly #addressFailures: FailureCounter | null;
  /** Failed logins under names that have no account, locked like real ones so names cannot be probed. */
  readonly #unknownNameFailures: FailureCounter;

  constructor(db: Database, config: Config['auth'], log: Logger, personal: PersonalFieldSealer) {
    this.#db = db;
    this.#config = config;
    this.#log = log;
    this.#personal = personal;
    const windowMs = config.lockSeconds * 1000;
    this.#addressFailures =
      config.addressFailures === null ? null : new FailureCounter(config.addressFailures, windowMs);
    this.#unknownNameFailures = new FailureCounter(config.lockAfter, windowMs);
  }

  /** Login attempts per minute from one address (AUTH_LOGIN_RATE_LIMIT); null = no limit. */
  get loginRateLimit(): number | null {
    return this.#config.loginRateLimit;
  }

  /** Requests per minute per API key (API_KEY_RATE_LIMIT); null = no limit. */
  get apiKeyRateLimit(): number | null {
    return this.#config.apiKeyRateLimit;
  }

  /**
   * Refuses a source address that failed to authenticate too often lately (AUTH_ADDRESS_FAILURES):
   * TOO_MANY_ATTEMPTS. Devices' apikeys are checked against the same count (ingest).
   */
  checkAddress(address: string | undefined): void {
    const wait = address === undefined ? 0 : (this.#addressFailures?.blockedFor(address) ?? 0);
    if (wait > 0) throw tooManyAttempts(wait);
  }

  /** Counts a failed authentication from a source address: a wrong password, token, API key or device apikey. */
  addressFailed(address: string | undefined): void {
    if (address !== undefined) this.#addressFailures?.fail(address);
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
    const given = this.#config.adminPassword;
    const password = given ?? generatePassword();
    // Checked only when it is about to be used: an instance that has accounts already ignores it.
    if (given !== undefined && !(await store.anyUserExists(this.#db))) {
      try {
        checkPasswordStrength(given, 'admin');
      } catch (err) {
        if (err instanceof AppError) throw new AppError(err.code, 400, `AUTH_ADMIN_PASSWORD: ${err.message}`);
        throw err;
      }
    }
    const created = await store.insertFirstUser(this.#db, {
      username: 'admin',
      displayName: await this.#personal.seal(ALL_TENANTS, 'Administrator'),
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      tenant: ALL_TENANTS,
      // A password the platform chose and printed is a stopgap; one the operator chose is not.
      mustChangePassword: given === undefined,
    });
    if (!created) return null;
    this.#log.info({ username: created.username }, 'first administrator account created');
    return { username: created.username, password, generated: this.#config.adminPassword === undefined };
  }

  async login(username: string, password: string, meta: CallerMeta): Promise<LoginResult> {
    const rejected = new AppError('LOGIN_FAILED', 401, 'Wrong username or password, or the account is disabled.');
    this.checkAddress(meta.remoteAddress);
    const user = await store.findUserByUsername(this.#db, username);
    if (!user) {
      const name = username.toLowerCase();
      const wait = this.#unknownNameFailures.blockedFor(name);
      if (wait > 0) throw tooManyAttempts(wait);
      await verifyPassword(password, await decoyHash()); // same time as a real check
      this.#unknownNameFailures.fail(name);
      this.addressFailed(meta.remoteAddress);
      throw rejected;
    }
    const lockedFor = user.lockedUntil === null ? 0 : user.lockedUntil.getTime() - Date.now();
    if (lockedFor > 0) {
      this.#log.info({ userId: user.id }, 'login refused: the account is locked');
      throw tooManyAttempts(lockedFor);
    }
    const matches = await verifyPassword(password, user.passwordHash);
    if (!matches || user.disabled) {
      if (!matches) await this.#wrongPassword(user.id, meta.remoteAddress);
      this.#log.info({ userId: user.id, disabled: user.disabled }, 'login refused');
      throw rejected;
    }
    await store.recordLoginSuccess(this.#db, user.id);
    return this.openSession(user, meta);
  }

  /** A wrong password for an account: counted on the account (its lock) and on the source address. */
  async #wrongPassword(userId: string, remoteAddress: string | undefined): Promise<void> {
    const lockedUntil = await store.recordLoginFailure(
      this.#db,
      userId,
      this.#config.lockAfter,
      this.#config.lockSeconds,
    );
    this.addressFailed(remoteAddress);
    if (lockedUntil !== null) this.#log.warn({ userId, lockedUntil }, 'account locked after wrong passwords');
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
  async authenticate(
    authorization: string | undefined,
    apiKeyHeader: string | undefined,
    remoteAddress?: string,
  ): Promise<Principal | null> {
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
    const apiKey = credential.startsWith('tl_');
    // A session token is checked by its signature before anything is read, so a valid one is taken
    // from an address turned away for failures: people logged in behind the same address (a carrier's
    // NAT) keep working while one of them guesses. An API key is looked up, so the address is checked first.
    if (apiKey) this.checkAddress(remoteAddress);
    let verified: { principal: Principal; expiresAt: number };
    try {
      verified = apiKey ? await this.#authenticateApiKey(credential) : await this.#authenticateToken(credential);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        if (!apiKey) this.checkAddress(remoteAddress);
        this.addressFailed(remoteAddress);
      }
      throw err;
    }
    const { principal, expiresAt } = verified;
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
    const displayName = (await this.#personal.open(user.displayName))?.trim();
    return {
      principal: {
        kind: 'user',
        id: user.id,
        name: user.username,
        ...(displayName ? { displayName } : {}),
        roles: user.roles,
        tenant: user.tenant,
        sessionId: sid,
        ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
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

  /** An account of the scope (a tenant, or '*') by its id or, failing that, its username; undefined if none. */
  async findUser(scope: string, idOrUsername: string): Promise<UserRecord | undefined> {
    const byId = isUuid(idOrUsername) ? await store.findUser(this.#db, idOrUsername, scope) : null;
    if (byId) return byId;
    const byName = await store.findUserByUsername(this.#db, idOrUsername);
    return byName && (scope === '*' || byName.tenant === scope) ? byName : undefined;
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
    const tenant = this.#grantableTenant(actor, input.tenant, input.roles);
    if (!USERNAME.test(input.username)) {
      throw problems.badRequest('INVALID_USERNAME', 'A username has 3-64 letters, digits, ".", "_" or "-".');
    }
    if (input.password !== undefined) checkPasswordStrength(input.password, input.username);
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
        // A generated password travels through other hands: its owner chooses their own at first login.
        mustChangePassword: input.password === undefined,
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
      mustChangePassword?: boolean;
    },
  ): Promise<UserRecord> {
    const scope = actor.tenant;
    const tenant = changes.tenant === undefined ? undefined : this.#grantableTenant(actor, changes.tenant, undefined);
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
      checkAllTenantsRoles(tenant ?? current.tenant, changes.roles ?? current.roles);
      const updated = await store.updateUser(tx, id, scope, {
        displayName: sealed.displayName,
        phone: sealed.phone,
        email: sealed.email,
        phoneIndex: sealed.phoneIndex,
        passwordHash:
          changes.password === undefined
            ? undefined
            : await hashPassword(checkPasswordStrength(changes.password, current.username)),
        roles: changes.roles === undefined ? undefined : dedupe(changes.roles),
        tenant,
        disabled: changes.disabled,
        mustChangePassword: changes.mustChangePassword,
      });
      if (!updated) throw problems.notFound('User', id);
      // A new password, a disabled account, fewer rights or a required change end the sessions opened before.
      if (
        changes.password !== undefined ||
        changes.mustChangePassword === true ||
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

  /**
   * A new password chosen by the server, returned once for the administrator to hand over; its owner
   * must choose their own at the next login, and the sessions they had end.
   */
  async resetPassword(actor: Principal, id: string): Promise<{ user: UserRecord; generatedPassword: string }> {
    const generatedPassword = generatePassword();
    const user = await this.updateUser(actor, id, { password: generatedPassword, mustChangePassword: true });
    return { user, generatedPassword };
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

  /** Lifts the lock that failed logins put on an account, before AUTH_LOCK_DURATION has passed. */
  async unlockUser(actor: Principal, which: { id: string } | { username: string }): Promise<UserRecord> {
    if ('id' in which && !isUuid(which.id)) throw problems.notFound('User', which.id);
    const user = await store.unlockUser(this.#db, which, actor.tenant);
    if (!user) throw problems.notFound('User', 'id' in which ? which.id : which.username);
    this.#unknownNameFailures.forget(user.username.toLowerCase());
    this.#log.info({ actor: actor.id, userId: user.id }, 'account unlocked');
    return user;
  }

  /**
   * A wrong current password counts as a failed login (the account's lock and the source address's
   * count): a session alone must not be a way to guess the password at leisure.
   */
  async changeOwnPassword(
    actor: Principal,
    currentPassword: string,
    newPassword: string,
    meta: { remoteAddress: string | undefined } = { remoteAddress: undefined },
  ): Promise<void> {
    if (actor.kind !== 'user') throw problems.forbidden('Only a person logged in can change their password.');
    this.checkAddress(meta.remoteAddress);
    const user = await store.findUser(this.#db, actor.id, ALL_TENANTS);
    if (!user) throw new AppError('WRONG_PASSWORD', 400, 'The current password is not correct.');
    const lockedFor = user.lockedUntil === null ? 0 : user.lockedUntil.getTime() - Date.now();
    if (lockedFor > 0) throw tooManyAttempts(lockedFor);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      await this.#wrongPassword(user.id, meta.remoteAddress);
      throw new AppError('WRONG_PASSWORD', 400, 'The current password is not correct.');
    }
    await store.recordLoginSuccess(this.#db, user.id);
    if (newPassword === currentPassword) {
      throw problems.badRequest('PASSWORD_UNCHANGED', 'The new password must differ from the current one.');
    }
    checkPasswordStrength(newPassword, user.username);
    await store.updateUser(this.#db, actor.id, ALL_TENANTS, {
      passwordHash: await hashPassword(newPassword),
      mustChangePassword: false,
    });
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
    const tenant = this.#grantableTenant(actor, input.tenant, input.roles);
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

  /**
   * The tenant a new account or key gets: always said out loud, never inherited, so nobody is given
   * every tenant ('*') by omission; '*' goes only to administrators.
   */
  #grantableTenant(actor: Principal, requested: string | undefined, roles: readonly Role[] | undefined): string {
    if (requested === undefined) {
      throw problems.badRequest(
        'TENANT_REQUIRED',
        `Say which tenant this works in: "tenant": "" for the default tenant, a tenant name, or "*" for every tenant (administrators only).`,
      );
    }
    if (requested !== ALL_TENANTS && requested !== DEFAULT_TENANT && !isTenantName(requested)) {
      throw problems.badRequest('INVALID_TENANT', `"${requested}" is not a tenant name (letters, digits, _ and -).`);
    }
    if (actor.tenant !== ALL_TENANTS && requested !== actor.tenant) {
      throw problems.forbidden('You can only grant access to your own tenant.');
    }
    if (roles !== undefined) checkAllTenantsRoles(requested, roles);
    return requested;
  }
}

/** Every tenant ('*') is for platform administrators only. */
function checkAllTenantsRoles(tenant: string, roles: readonly Role[]): void {
  if (tenant === ALL_TENANTS && !roles.includes('admin')) {
    throw problems.badRequest(
      'ALL_TENANTS_ADMIN_ONLY',
      'Only an administrator may work in every tenant ("*"): give this account or key one tenant.',
    );
  }
}

const dedupe = <T>(values: readonly T[]): T[] => [...new Set(values)];
