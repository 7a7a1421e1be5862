import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { HANOI_AGENCIES, HANOI_PROCEDURES } from '../../server/src/modules/services/hanoi-procedures.js';
import { ProcedureCatalogue } from '../../server/src/modules/services/procedures.js';
import { createTestDatabase, DRIVERS, skipReason, type Driver } from '../../server/test/support/databases.js';
import { startCityIdp, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type CityIdp } from '../../server/test/support/oidc.js';
import { callServer, startServer, type RunningServer } from '../../server/test/support/process.js';
import { freePort } from '../../server/test/support/receiver.js';
import { SHOTS, stopCentre, WEB_DIST } from './centre.js';
import { launchChromium } from './chromium.js';

// A citizen signed in with the city's sign-on (the city's identity provider, oidc-provider on loopback,
// standing in for VNeID) asks for a copy of their own birth extract. The requester's name and ID number
// are the sign-on's: written in, not to be changed, said so, kept across the language switch; the
// dossier is filed as theirs, verified, with the ID number the provider gave.

const ADMIN_PASSWORD = 'public-services-sign-on-test-password';
const EXTRACT = '2.000635';
const NAME = 'NGUYỄN VĂN AN';
const ID_NUMBER = '001085012345';

async function start(driver: Driver, port: number, issuer: string): Promise<RunningServer> {
  assert.ok(existsSync(`${WEB_DIST}index.html`), 'the web app is not built: npm run build --workspace apps/web');
  const t = await createTestDatabase(driver);
  await new ProcedureCatalogue({ db: t.db }).seed('', HANOI_PROCEDURES, HANOI_AGENCIES);
  await t.db.close();
  const dataDir = t.url ? mkdtempSync(join(tmpdir(), 'thanglong-services-')) : dirname(t.dataDir as string);
  return startServer({
    WEB_DIST,
    AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO: 'off',
    PORT: String(port),
    PAYMENTS_WEBHOOK_SECRET: 'public-services-sign-on-webhook-secret-0123456789',
    DATA_DIR: dataDir,
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: TEST_CLIENT_ID,
    OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
    OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`,
    OIDC_SCOPES: 'openid profile citizen',
    // The staff's roles: no citizen has one (an applicant is no member of staff).
    OIDC_ROLE_MAP: 'ioc-operators=operator',
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  });
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`a citizen signed in with the city's sign-on files in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let city: CityIdp;
    let server: RunningServer;
    let browser: Browser;
    let citizen: Page;
    const errors: string[] = [];

    before(async () => {
      const port = await freePort();
      city = await startCityIdp([
        `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`,
        `http://127.0.0.1:${port}/api/v1/services/applicant/callback`,
      ]);
      city.people.set('an', { name: NAME, national_id: ID_NUMBER });
      server = await start(driver, port, city.issuer);
      browser = await launchChromium();
      citizen = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
      citizen.setDefaultTimeout(60_000);
      citizen.on('pageerror', (e) => errors.push(e.message));
    });
    after(async () => {
      await browser?.close();
      await stopCentre(server);
      await city?.stop();
    });

    it('writes in the requester from the sign-on, keeps it across the language switch, and files as them', async () => {
      await citizen.goto(`${server.url}/dich-vu-cong/#/cua-toi`);
      await citizen.locator('#sign-in').click();
      await citizen.fill('input[name=login]', 'an');
      await citizen.fill('input[name=password]', 'any');
      await citizen.click('button[type=submit]');
      await citizen.locator('input[name=prompt][value=consent]').waitFor({ state: 'attached' });
      await citizen.click('button[type=submit]');
      await citizen.locator('[data-signed-in]').waitFor();

      await citizen.goto(`${server.url}/dich-vu-cong/#/nop/${EXTRACT}`);
      await citizen.locator('form#apply').waitFor();
      const held = async (vi: boolean) => {
        for (const [id, value] of [
          ['requesterName', NAME],
          ['requesterIdNumber', '*********345'],
        ] as const) {
          const input = citizen.locator(`#f-${id}`);
          assert.equal(await input.inputValue(), value, id);
          assert.equal(await input.evaluate((x) => (x as HTMLInputElement).readOnly), true, `${id} read-only`);
          assert.equal(
            await citizen.locator(`#f-${id}-help`).textContent(),
            vi ? 'Từ tài khoản định danh.' : 'From your sign-on.',
          );
        }
        // What the sign-on does not assert is the person's to give.
        assert.equal(
          await citizen.locator('#f-requesterPhone').evaluate((x) => (x as HTMLInputElement).readOnly),
          false,
        );
      };
      await held(true);
      await citizen.fill('#f-requesterPhone', '0912345678');
      await citizen.locator('button.language').click();
      await citizen.locator('form#apply').waitFor();
      await held(false);
      assert.equal(await citizen.locator('#f-requesterPhone').inputValue(), '0912345678');
      await citizen.locator('button.language').click();
      await citizen.locator('form#apply').waitFor();
      await held(true);

      await citizen.fill('#f-requesterAddress', '12 Hàng Bạc');
      await citizen.selectOption('#f-residenceWard', '00070');
      await citizen.selectOption('#f-recordKind', 'khai-sinh');
      await citizen.fill('#f-recordPerson', NAME);
      await citizen.fill('#f-registeredOn', '1990-05-01');
      await citizen.locator('#f-forSelf').check();
      await citizen.fill('#f-copies', '1');
      await citizen.screenshot({ path: `${SHOTS}/${driver}-public-services-sign-on-form.png`, fullPage: true });
      await citizen.locator('form#apply button[type=submit]').click();
      const code = await citizen.locator('.filed[data-dossier]').getAttribute('data-dossier');
      assert.ok(code, 'the filed dossier shows its code');

      const login = await callServer(server, 'POST', '/api/v1/auth/login', undefined, {
        username: 'admin',
        password: ADMIN_PASSWORD,
      });
      assert.equal(login.status, 200, login.text);
      const { token } = JSON.parse(login.text) as { token: string };
      const d = await callServer(server, 'GET', `/api/v1/services/dossiers/${code}`, token);
      assert.equal(d.status, 200, d.text);
      const dossier = JSON.parse(d.text) as {
        verified: string;
        applicant: { name: string; idNumber: string };
        values: Record<string, unknown>;
      };
      assert.equal(dossier.verified, 'sign-on');
      assert.deepEqual([dossier.applicant.name, dossier.applicant.idNumber], [NAME, ID_NUMBER]);
      assert.deepEqual([dossier.values['requesterName'], dossier.values['requesterIdNumber']], [NAME, ID_NUMBER]);
      assert.deepEqual(errors, []);
    });
  });
}
