// Run once by scripts/test.mjs: makes migrated template databases and prints their location as JSON.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { listMigrations, migrate } from '../../src/platform/db/index.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { silentLog } from './databases.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const say = (text: string) => process.stderr.write(`[test] ${text}\n`);

const pgliteVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const fingerprint = createHash('sha256')
  .update(pgliteVersion)
  .update(
    listMigrations()
      .map((m) => m.checksum)
      .join(','),
  )
  .digest('hex')
  .slice(0, 16);

async function preparePglite(): Promise<string> {
  const cache = join(root, 'node_modules/.cache/thanglong-test');
  const dir = join(cache, `pglite-${fingerprint}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  say('preparing the PGlite template database (once per schema change)...');
  mkdirSync(cache, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await openPglite(building);
  await migrate(db, silentLog);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  writeFileSync(join(cache, 'README'), 'Migrated PGlite data directories reused by npm test; safe to delete.\n');
  return dir;
}

async function preparePostgres(url: string): Promise<string> {
  const name = `thanglong_template_${fingerprint}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openPostgres(target.toString(), 2, silentLog);
  try {
    await migrate(db, silentLog);
  } finally {
    await db.close();
  }
  return name;
}

const out: Record<string, string> = { TEST_PGLITE_TEMPLATE: await preparePglite() };
if (process.env['TEST_DATABASE_URL'] && !process.env['THANGLONG_TEST_SKIP_POSTGRES']) {
  out['TEST_POSTGRES_TEMPLATE'] = await preparePostgres(process.env['TEST_DATABASE_URL']);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
