import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import { ProcedureCatalogue } from '../../server/src/modules/services/procedures.js';
import { createTestDatabase, type Driver } from '../../server/test/support/databases.js';
import { startServer, type RunningServer } from '../../server/test/support/process.js';

// What every browser test of the operations centre sets up: the real server on a fresh database of
// the driver, serving the page as built for tests, and a patient wait for what the page will show.

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Screenshots of the browser tests, for a person to look at. */
export const SHOTS = `${ROOT}test-results/web`;
export const WEB_DIST = `${ROOT}apps/web/dist-test/`;

/**
 * Runs `change` on the map (a move, a layer switched), then waits until the map is idle, having drawn
 * what it loads for it, or `ms` passed: with buses moving, the map may never rest. What the test
 * then looks for is waited for on its own.
 */
export function mapSettled(page: Page, change?: { center?: [number, number]; zoom?: number }, ms = 15_000) {
  return page.evaluate(
    ({ c, wait }) =>
      new Promise<void>((resolve) => {
        const map = window.__thanglongMap;
        if (!map) return resolve();
        const timer = setTimeout(resolve, wait);
        void map.once('idle', () => {
          clearTimeout(timer);
          resolve();
        });
        if (c?.center) map.jumpTo({ center: c.center, zoom: c.zoom ?? map.getZoom() });
        map.triggerRepaint();
      }),
    { c: change, wait: ms },
  );
}

/**
 * A wait for what the page or server will show, with a default bound: a busy machine is slow, not
 * wrong, so nothing is timed, and the error says what never came.
 */
export function untilWithin(defaultMs: number) {
  return async <T>(what: string, probe: () => Promise<T | undefined | false>, ms = defaultMs): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await probe().catch(() => undefined);
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
}

/** Starts the server (`thanglong start`) on a fresh database of the driver, serving the built page. */
export async function startCentre(driver: Driver, env: Record<string, string>): Promise<RunningServer> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  mkdirSync(SHOTS, { recursive: true });
  const t = await createTestDatabase(driver, { open: false });
  const where: Record<string, string> = t.url ? { DATABASE_URL: t.url } : { DATA_DIR: dirname(t.dataDir as string) };
  return startServer({ WEB_DIST, ...env, ...where });
}

/**
 * startCentre for the online public services: the demo off, Hanoi's procedures in the catalogue and a
 * webhook secret for the bank's confirmations.
 */
export async function startServicesCentre(
  driver: Driver,
  env: { readonly adminPassword: string; readonly webhookSecret: string; readonly port: number },
): Promise<RunningServer> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  const t = await createTestDatabase(driver);
  await new ProcedureCatalogue({ db: t.db }).seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  await t.db.close();
  const dataDir = t.url ? mkdtempSync(join(tmpdir(), 'thanglong-services-')) : dirname(t.dataDir as string);
  return startServer({
    WEB_DIST,
    AUTH_ADMIN_PASSWORD: env.adminPassword,
    DEMO: 'off',
    PORT: String(env.port),
    PAYMENTS_WEBHOOK_SECRET: env.webhookSecret,
    DATA_DIR: dataDir,
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  });
}

/**
 * Stops a server started by startCentre, and waits until it has gone. A server still there 30 s after
 * SIGTERM fails the test that stops it (after it is killed): a stop that hangs is the server's bug, named
 * at once instead of holding the runner until its limit.
 */
export async function stopCentre(server: RunningServer | undefined): Promise<void> {
  if (!server) return;
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), 30_000);
  });
  if ((await Promise.race([server.exited, late])) === 'late') {
    server.child.kill('SIGKILL');
    await server.exited;
    throw new Error(`the server (pid ${server.child.pid}) did not stop within 30 s of SIGTERM: killed`);
  }
  clearTimeout(timer);
}
