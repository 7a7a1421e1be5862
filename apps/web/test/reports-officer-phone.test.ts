import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The officers' desk for citizen reports on a phone (390 × 844, touch), in Chromium against the real
// server: the queue is a column of cards, each with its time left; a card opens the report in the
// queue's place, where the officer acts (receives it) and comes back to the queue at the card they
// left. Nothing on the way is wider than the phone.

const ADMIN_PASSWORD = 'reports-officer-phone-password';
const WAIT_MS = 60_000;
const PHONE = { width: 390, height: 844 };
const DRIVER_NOISE = /GL Driver Message|GPU stall|WebGL/;
const until = untilWithin(WAIT_MS);
/** Places inside Hà Nội, a few hundred metres apart, so the reports are not each other's duplicates. */
const PLACES: [number, number][] = [
  [105.8522, 21.0287],
  [105.8412, 21.0245],
  [105.8345, 21.0368],
  [105.8203, 21.0134],
  [105.8611, 21.0192],
  [105.8476, 21.0421],
];
/** A description without a space to break it: it must wrap, not widen the page. */
const UNBROKEN = `Rác-thải-đổ-trộm-cả-đống-to-${'x'.repeat(120)}`;

/** Does anything scroll sideways: the document, or the page's own scrolling area? */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('main.reports-page');
    return {
      document: document.documentElement.scrollWidth - window.innerWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
    };
  });

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the officers' report desk on a phone [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const ids: string[] = [];
    const errors: string[] = [];

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'off',
        REPORTS_RATE_LIMIT: '50',
      });
      for (const [k, place] of PLACES.entries()) {
        const res = await callServer(server, 'POST', '/api/v1/reports', undefined, {
          serviceCode: 'waste',
          location: place,
          attributes: { kind: 'dumping' },
          description: k === 0 ? UNBROKEN : `Rác thải đổ trộm, điểm số ${k + 1}`,
          language: 'vi',
        });
        assert.equal(res.status, 201, res.text);
        ids.push((JSON.parse(res.text) as { id: string }).id);
      }
      browser = await launchChromium();
      context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'vi-VN' });
      page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && !DRIVER_NOISE.test(m.text())) errors.push(`${m.text()} ${m.location().url}`);
      });
      await page.addInitScript(() => localStorage.setItem('thanglong.language', 'vi'));
    });

    after(async () => {
      await context?.close().catch(() => undefined);
      await browser?.close();
      await stopCentre(server);
    });

    it('shows the queue as cards the width of the phone, each with its time left, and nothing wider', async () => {
      await page.goto(`${server.url}/reports`);
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await until('every report in the queue', async () => (await page.locator('.report-row').count()) >= ids.length);
      for (const id of ids) {
        const card = page.locator(`.report-row[data-report="${id}"]`);
        const box = await card.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `card ${id}: ${JSON.stringify(box)}`);
        // A card across the screen, not a column squeezed beside a map or the report.
        assert.ok(box.width >= PHONE.width * 0.8, `card ${id} is ${box.width} px wide`);
        assert.match((await card.locator('.time-left').textContent()) ?? '', /^còn \d+ (giờ|phút|ngày)/);
      }
      // The report is not beside the queue: it takes the queue's place when one is opened.
      assert.equal(await page.locator('.reports-detail').isVisible(), false);
      assert.deepEqual(await sideways(page), { document: 0, main: 0 });
      await page.screenshot({ path: `${SHOTS}/${driver}-reports-phone-queue.png`, fullPage: true });
    });

    it('opens a report in the queue’s place, acts on it, and goes back to the card it left', async () => {
      const id = ids[0] as string;
      const card = page.locator(`.report-row[data-report="${id}"]`);
      await card.tap();
      const detail = page.locator(`.report-detail[data-report="${id}"]`);
      await detail.waitFor();
      assert.equal(await card.isVisible(), false, 'the report takes the screen');
      assert.equal(await page.locator('.reports-map-area').isVisible(), false);
      // Its top in view, with its clock.
      const top = await detail.locator('h2').boundingBox();
      assert.ok(top && top.y >= 0 && top.y < PHONE.height, `the report's title at ${JSON.stringify(top)}`);
      assert.match((await detail.locator('[data-time-left]').textContent()) ?? '', /^còn /);
      assert.match((await detail.textContent()) ?? '', /Rác-thải-đổ-trộm/);
      assert.deepEqual(await sideways(page), { document: 0, main: 0 }, 'a long word wraps');
      await page.screenshot({ path: `${SHOTS}/${driver}-reports-phone-report.png`, fullPage: true });

      await detail.getByRole('button', { name: 'Tiếp nhận', exact: true }).tap();
      await page.locator(`.report-detail[data-report="${id}"][data-state="received"]`).waitFor();
      await detail.getByRole('button', { name: 'Ghi chú', exact: true }).tap();
      await detail.locator('textarea[name=action-text]').fill('Đội 3 đến trong chiều nay.');
      assert.deepEqual(await sideways(page), { document: 0, main: 0 }, 'the action form fits');

      await page.getByRole('button', { name: /Về hàng đợi/ }).tap();
      await card.waitFor();
      assert.equal(await page.locator('.reports-detail').isVisible(), false);
      await until('the card just left in view', async () => {
        const box = await card.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
      });
      assert.match((await card.textContent()) ?? '', /Đang xử lý/);
      assert.deepEqual(await sideways(page), { document: 0, main: 0 });
      assert.deepEqual(errors, []);
    });
  });
}
