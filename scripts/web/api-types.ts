// `npm run web:api-types`: writes apps/web/src/api-types.ts, the web app's types of the API, from the
// server's OpenAPI document (made from the very route schemas that validate and serialise).
// `--check`: writes nothing, fails when the committed file is not what the server's routes make.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { pino } from 'pino';
import * as prettier from 'prettier';
import { buildApp } from '../../apps/server/src/app.js';
import { cityModules } from '../../apps/server/src/modules/index.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import type { Database, QueryResult } from '../../apps/server/src/platform/db/index.js';

export const API_TYPES = fileURLToPath(new URL('../../apps/web/src/api-types.ts', import.meta.url));

const HEADER = `/**
 * The Thang Long API as the web app sees it: made from the server's OpenAPI document by
 * \`npm run web:api-types\` (scripts/web/api-types.ts). Do not edit by hand; \`npm run check\` fails
 * when it differs from what the server's routes make.
 */

`;

/**
 * The document depends on the routes only, never on data: the app is built on a database that holds
 * nothing and answers every query with no rows, so no database is opened and nothing is written.
 */
function emptyDatabase(): Database {
  const none = async <R>(): Promise<QueryResult<R>> => ({ rows: [], rowCount: 0 });
  const db: Database = {
    driver: 'pglite',
    query: none,
    exec: async () => undefined,
    transaction: async (work) => work(db),
    withAdvisoryLock: async (_key, work) => work(),
    tryWithAdvisoryLock: async (_key, work) => ({ acquired: true, value: await work() }),
    ping: async () => 0,
    poolStats: () => ({ total: 0, idle: 0, waiting: 0, max: 0 }),
    close: async () => undefined,
  };
  return db;
}

/** The server's OpenAPI document, with every optional part switched on (single sign-on included). */
export async function openApiDocument(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(join(tmpdir(), 'thanglong-api-types-'));
  try {
    const config = loadConfig(
      {
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DEMO: 'off',
        AUTH_TOKEN_SECRET: 'api-types-only-never-used-to-sign-anything',
        // Never contacted: the routes are only listed.
        OIDC_ISSUER: 'http://127.0.0.1:9/',
        OIDC_CLIENT_ID: 'thanglong',
        OIDC_CLIENT_SECRET: 'api-types-only',
        OIDC_ROLE_MAP: 'operators=operator',
      },
      process.cwd(),
      cityModules,
    );
    const app = await buildApp(config, { db: emptyDatabase(), log: pino({ level: 'silent' }), modules: cityModules });
    try {
      return app.http.swagger() as OpenAPI3;
    } finally {
      await app.http.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** api-types.ts as the server's routes make it, formatted as the project formats code. */
export async function renderApiTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { alphabetize: true, silent: true });
  const options = (await prettier.resolveConfig(API_TYPES)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: API_TYPES });
}

/** Whether `file` holds what the routes make; when it does not, says what to do. */
export function staleness(file: string, wanted: string): string | undefined {
  let current: string | undefined;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === wanted) return undefined;
  return `${relative(process.cwd(), file) || file} is not what the server\u2019s routes make: run \`npm run web:api-types\` and commit it.`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = await renderApiTypes(await openApiDocument());
  if (process.argv.includes('--check')) {
    const stale = staleness(API_TYPES, wanted);
    if (stale) {
      process.stderr.write(`${stale}\n`);
      process.exit(1);
    }
    process.stdout.write('apps/web/src/api-types.ts is up to date\n');
  } else {
    writeFileSync(API_TYPES, wanted);
    process.stdout.write('apps/web/src/api-types.ts written\n');
  }
}
