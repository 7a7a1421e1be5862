import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// A long street runs through several wards: an address typed without the ward is not placed in
// whichever ward the search lists first. The console lists the places and asks; the dispatcher's
// choice is the place logged.

const ADMIN_PASSWORD = 'dispatch-address-test-password';
const WAIT_MS = 90_000;
const until = untilWithin(WAIT_MS);

interface Incident {
  id: string;
  address?: string;
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`an address on a street through several wards, in Chromium [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    let page: Page;

    const incidents = async () => {
      const res = await callServer(server, 'GET', '/api/v1/emergency/incidents?status=open', token);
      return (JSON.parse(res.text) as { incidents: Incident[] }).incidents;
    };
    const startCall = async (address: string) => {
      await page.keyboard.press('F2');
      await page.keyboard.type('0912000333');
      await page.fill('input[name=type-search]', 'STRFIRE');
      await page.press('input[name=type-search]', 'Enter');
      await until('the type chosen', async () => (await page.inputValue('select[name=type]')) === 'STRFIRE');
      await page.fill('input[name=address]', address);
    };
    const asked = (p: Page) => p.locator('.call-form .error', { hasText: 'runs through' });

    before(async () => {
      server = await startCentre(driver, { AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD, DEMO: 'off' });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'en'));
      await page.goto(`${server.url}/dispatch`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.dispatch .call-form').waitFor();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('asks which ward on Ctrl+Enter, logs nothing meanwhile, and logs the place chosen', async () => {
      await startCall('120 nguyen trai');
      await page.press('input[name=address]', 'Control+Enter');
      await asked(page).waitFor();
      const options = page.locator('#call-places li');
      assert.ok((await options.count()) >= 2, 'the places are listed');
      assert.equal(await options.first().getAttribute('aria-selected'), 'true', 'the first is highlighted');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'address');
      assert.deepEqual(await incidents(), [], 'nothing logged before the dispatcher chooses');
      await page.screenshot({ path: `${SHOTS}/${driver}-dispatch-which-ward.png` });
      // The second place, taken with the keyboard, is the one logged.
      const second = ((await options.nth(1).textContent()) ?? '').split(' · ')[0]?.trim() ?? '';
      await page.press('input[name=address]', 'ArrowDown');
      await page.press('input[name=address]', 'Enter');
      assert.equal(await page.inputValue('input[name=address]'), second);
      await page.press('input[name=address]', 'Control+Enter');
      await until('the call logged', async () => (await incidents()).length === 1);
      const [logged] = await incidents();
      assert.equal(logged?.address, second);
    });

    it('asks the same when Enter was pressed before the suggestions came, and not when the ward is said', async () => {
      await startCall('56 nguyen trai');
      await page.press('input[name=address]', 'Enter');
      await asked(page).waitFor();
      assert.equal(await page.inputValue('input[name=address]'), '56 nguyen trai', 'no place taken unseen');
      // The ward said: the street there is taken, not the first of the list shown for fewer words.
      await page.fill('input[name=address]', '56 nguyen trai thanh xuan');
      await page.press('input[name=address]', 'Enter');
      await until('the place taken', async () =>
        (await page.inputValue('input[name=address]')).includes('Phường Thanh Xuân'),
      );
      assert.equal(await asked(page).count(), 0, 'the question is gone');
    });

    it('asks the same when Enter is pressed once the suggestions are shown, the street of the centre first', async () => {
      await startCall('15 ly thuong kiet');
      const options = page.locator('#call-places li');
      await until('the suggestions shown', async () => (await options.count()) >= 2);
      assert.match((await options.first().textContent()) ?? '', /Phường Cửa Nam/, 'the centre before Phù Đổng');
      await page.press('input[name=address]', 'Enter');
      await asked(page).waitFor();
      assert.equal(await page.inputValue('input[name=address]'), '15 ly thuong kiet', 'no place taken unseen');
      assert.equal(await options.first().getAttribute('aria-selected'), 'true', 'the first is highlighted');
      // Enter again takes the highlighted place, now seen.
      await page.press('input[name=address]', 'Enter');
      await until('the place taken', async () =>
        (await page.inputValue('input[name=address]')).includes('Phường Cửa Nam'),
      );
      assert.equal(await asked(page).count(), 0, 'the question is gone');
    });
  });
}
