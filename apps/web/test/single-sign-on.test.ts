import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import {
  close,
  listen,
  startCityIdp,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type CityIdp,
} from '../../server/test/support/oidc.js';
import { type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { startCentre, stopCentre } from './centre.js';

// "Log in with the city account" as a person does it: the real server process, the built page in
// Chromium, the city's identity provider (oidc-provider) on loopback with its login and consent pages.

/** A port free on loopback now, so the redirect URL can be registered before the server starts. */
async function freePort(): Promise<number> {
  const probe = await listen(() => undefined);
  const port = (probe.address() as { port: number }).port;
  await close(probe);
  return port;
}

async function logInAtIdpPages(page: Page, login: string): Promise<void> {
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  await page.locator('input[name=prompt][value=consent]').waitFor({ state: 'attached' });
  await page.click('button[type=submit]');
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`single sign-on in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let city: CityIdp;
    let server: RunningServer;
    let browser: Browser;

    before(async () => {
      const port = await freePort();
      const redirectUrl = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
      city = await startCityIdp(redirectUrl);
      city.people.set('lan', {
        preferred_username: 'lan.nguyen',
        name: 'Nguyễn Thị Lan',
        roles: ['ioc-operators'],
        tenant: 'hanoi',
      });
      city.people.set('minh', { preferred_username: 'minh.tran', roles: ['library'], tenant: 'hanoi' });
      server = await startCentre(driver, {
        PORT: String(port),
        OIDC_ISSUER: city.issuer,
        OIDC_CLIENT_ID: TEST_CLIENT_ID,
        OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
        OIDC_REDIRECT_URL: redirectUrl,
        OIDC_SCOPES: 'openid profile thanglong',
        OIDC_TENANT_CLAIM: 'tenant',
        OIDC_ROLE_MAP: 'ioc-operators=operator',
      });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
      await city?.stop();
    });

    it('logs a person in with the city account, and the token never stays in the address', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản thành phố' }).click();
      await logInAtIdpPages(page, 'lan');
      await page.locator('.kpi-strip').waitFor();
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      assert.doesNotMatch(page.url(), /sso|code=|token/);
      const session = await page.evaluate(() => sessionStorage.getItem('thanglong.session'));
      const user = (JSON.parse(session ?? '{}') as { user?: { name: string; roles: string[]; tenant: string } }).user;
      assert.deepEqual(user && { name: user.name, roles: user.roles, tenant: user.tenant }, {
        name: 'lan.nguyen',
        roles: ['operator'],
        tenant: 'hanoi',
      });
    });

    it('explains on the login page why a city account without a role is refused', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Đăng nhập bằng tài khoản thành phố' }).click();
      await logInAtIdpPages(page, 'minh');
      const alert = page.getByRole('alert').filter({ hasText: 'Tài khoản thành phố của bạn chưa có vai trò' });
      // Under a loaded test run the way back through two servers can be slow; if it fails, say where it stopped.
      await alert.waitFor({ timeout: 60_000 }).catch(async (err: unknown) => {
        const body = await page
          .locator('body')
          .innerText()
          .catch(() => '');
        throw new Error(`no alert on ${page.url()}: ${body.slice(0, 500)}`, { cause: err });
      });
      assert.doesNotMatch(page.url(), /sso/);
    });
  });
}
