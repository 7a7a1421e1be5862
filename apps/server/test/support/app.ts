import { tmpdir } from 'node:os';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.js';
import { generatePassword, type Role } from '../../src/platform/auth/index.js';
import { cityModules } from '../../src/modules/index.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db/index.js';
import type { ThangLongModule } from '../../src/platform/modules.js';
import { silentLog } from './databases.js';

/**
 * Test receivers and @context servers listen on loopback, which production refuses: tests allow it,
 * and receivers named under `.example` that are never contacted. A test of the refusal itself passes
 * `OUTBOUND_ALLOW: ''`.
 */
export const TEST_OUTBOUND_ALLOW = '127.0.0.1,::1,localhost,*.example';

/** Configuration as a test wants it: defaults, quiet, plus what the test overrides. */
export function testConfig(
  env: Record<string, string> = {},
  modules: readonly ThangLongModule[] = cityModules,
): Config {
  return loadConfig(
    {
      LOG_LEVEL: 'silent',
      DATA_DIR: tmpdir(),
      DEMO: 'off',
      OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      // Tests log many accounts in from one address; the limits' own tests turn them on.
      AUTH_LOGIN_RATE_LIMIT: 'off',
      AUTH_ADDRESS_FAILURES: 'off',
      API_KEY_RATE_LIMIT: 'off',
      SERVICES_FILING_RATE_LIMIT: 'off',
      ...env,
    },
    process.cwd(),
    modules,
  );
}

/** An app on the database; with the city's modules, or the list a test gives. */
export async function buildTestApp(
  db: Database,
  env: Record<string, string> = {},
  modules: readonly ThangLongModule[] = cityModules,
): Promise<App> {
  return buildApp(testConfig(env, modules), { db, log: silentLog, modules });
}

let counter = 0;
/** A unique username, so tests sharing a database never collide. */
export const uniqueName = (base: string): string => `${base}-${process.pid}-${++counter}`;

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  readonly token: string;
  readonly auth: { authorization: string };
}

/**
 * Creates a user through the service (as a platform admin would) and logs them in over HTTP. The
 * tenant is said out loud, as the service requires: '' (default), a name, or '*' (admins only).
 */
export async function accountWith(app: App, roles: Role[], tenant = ''): Promise<Account> {
  const username = uniqueName(roles.join('-'));
  const password = generatePassword();
  const root = { kind: 'user' as const, id: 'test', name: 'test', roles: ['admin' as const], tenant: '*' };
  const { user } = await app.auth.createUser(root, { username, password, roles, tenant });
  const res = await app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const token = res.json<{ token: string }>().token;
  return { id: user.id, username, password, token, auth: { authorization: `Bearer ${token}` } };
}

/** The body of a problem+json response, after checking it is one. */
export function problemOf(res: LightMyRequestResponse): {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  [k: string]: unknown;
} {
  const type = String(res.headers['content-type']);
  if (!type.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${type}: ${res.body}`);
  }
  return res.json();
}
