import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { buildApp, type App } from '../../apps/server/src/app.js';
import { cityModules } from '../../apps/server/src/modules/index.js';
import { loadConfig } from '../../apps/server/src/platform/config.js';
import { migrate, openDatabase, type Database } from '../../apps/server/src/platform/db/index.js';

/**
 * Runs `use` with Thang Long built in this process on a fresh embedded database (so the database's
 * CPU is counted with the bench's), then closes it and removes its files.
 */
export async function withEmbeddedApp<T>(
  name: string,
  use: (ctx: { app: App; db: Database; log: Logger }) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `thanglong-bench-${name}-`));
  const log = pino({ level: 'silent' });
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DEMO: 'off', PORT: '0', DATA_DIR: dataDir },
    process.cwd(),
    cityModules,
  );
  const db = await openDatabase(config, log);
  try {
    await migrate(db, log);
    const app = await buildApp(config, { db, log });
    try {
      return await use({ app, db, log });
    } finally {
      await app.http.close();
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
