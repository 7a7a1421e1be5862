import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { simulatedStart } from '../../server/src/platform/hanoi-time.js';
import { DRIVERS, skipReason } from '../../server/test/support/databases.js';
import { callServer, loginAdmin, type RunningServer } from '../../server/test/support/process.js';
import { launchChromium } from './chromium.js';
import { SHOTS, startCentre, stopCentre, untilWithin } from './centre.js';

// The operations centre on a phone, by keyboard alone, and in one language at a time: the real server
// with the demo city, the built page, Debian's Chromium. Screenshots go to test-results/web/.

const ADMIN_PASSWORD = 'access-test-password-of-the-city';
const MORNING = simulatedStart('08:00', Date.now() - 3600_000).toISOString();
const WAIT_MS = 120_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const dictionary = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;

/**
 * The page's own English texts that would show an untranslated string on the Vietnamese page: each
 * English text that differs from its Vietnamese one, cut at its placeholders, in pieces long enough to
 * mean something.
 */
function englishTexts(): string[] {
  const vi = dictionary('vi');
  const en = dictionary('en');
  const pieces = new Set<string>();
  // Terms both languages use (VN_AQI, PM2.5) are no English left over.
  const shared = (p: string) => Object.values(vi).some((v) => v.includes(p));
  for (const [key, text] of Object.entries(en)) {
    if (vi[key] === text) continue;
    for (const piece of text.split(/\{\w+\}/)) {
      const p = piece
        .trim()
        .replace(/^[·:,.;()–—-]+|[·:,.;()–—-]+$/g, '')
        .trim();
      if (p.length >= 4 && /[a-z]{3}/i.test(p) && !shared(p)) pieces.add(p);
    }
  }
  return [...pieces];
}

const until = untilWithin(WAIT_MS);

/** Everything the page says: its visible text and the labels a screen reader reads. */
const pageWords = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label], [title], [placeholder]')]
      .filter((e) => !e.closest('[hidden]'))
      .flatMap((e) => ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a) ?? ''));
    return [document.body.innerText, document.title, ...labels].join('\n');
  });

/** Where an element is, after scrolling it into view: in the viewport, and how big. */
async function shownBox(page: Page, selector: string) {
  const element = page.locator(selector).first();
  await element.scrollIntoViewIfNeeded();
  const box = await element.boundingBox();
  assert.ok(box, `${selector} is shown`);
  const viewport = page.viewportSize() as { width: number; height: number };
  assert.ok(
    box.x >= -1 && box.x + box.width <= viewport.width + 1,
    `${selector} fits the width (${box.x}, ${box.width})`,
  );
  return box;
}

for (const driver of DRIVERS) {
  const skip = process.env['THANGLONG_TEST_SKIP_BROWSER'] ?? skipReason(driver);
  describe(`the operations centre on a phone, by keyboard, in Vietnamese [${driver}]`, skip ? { skip } : {}, () => {
    let server: RunningServer;
    let browser: Browser;
    let token: string;
    let context: BrowserContext;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${driver}-access-${name}.png`, fullPage: true });

    const open = async (viewport: { width: number; height: number }) => {
      await context?.close();
      context = await browser.newContext({ viewport });
      page = await context.newPage();
      // A busy machine is slow, not wrong: the page is waited for, nothing here is timed.
      page.setDefaultTimeout(WAIT_MS);
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Trung tâm điều hành Thăng Long' }).waitFor();
    };
    const logIn = async () => {
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', ADMIN_PASSWORD);
      await page.click('button[type=submit]');
      await page.locator('.kpi-strip').waitFor();
      await until('the map is ready', () => page.evaluate(() => !!window.__thanglongMap?.getLayer('air-points')));
    };

    before(async () => {
      server = await startCentre(driver, {
        AUTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
        DEMO: 'on',
        DEMO_SPEED: '5',
        DEMO_START: MORNING,
      });
      token = await loginAdmin(server, ADMIN_PASSWORD);
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stopCentre(server);
    });

    it('says in Vietnamese why the server refuses a form', async () => {
      await open(PHONE);
      await page.fill('input[name=username]', 'u'.repeat(70));
      await page.fill('input[name=password]', 'x');
      await page.click('button[type=submit]');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), 'Nội dung gửi lên không hợp lệ: username: dài quá 64 ký tự.');
    });

    it('reaches every panel on a 390 px phone by scrolling one page', async () => {
      await logIn();
      const header = await shownBox(page, '.topbar');
      assert.ok(header.height <= 60, `a one-line header (${header.height} px)`);
      const kpis = await shownBox(page, '.kpi-strip');
      assert.ok(kpis.height <= 110, `the KPIs on one line, scrolled sideways (${kpis.height} px)`);
      // Each KPI can be scrolled to in its strip.
      for (const id of ['devices', 'aqi', 'buses', 'parking', 'emergency', 'alarms', 'reports'])
        await shownBox(page, `[data-kpi=${id}]`);
      const map = await shownBox(page, '.city-map');
      assert.ok(map.height >= 400, `the map has room (${map.height} px)`);
      await shownBox(page, '.layers-panel');
      await shownBox(page, '.in-view');
      const alarms = await shownBox(page, '.alarms-panel');
      assert.ok(alarms.height >= 100, `the alarms have room (${alarms.height} px)`);
      // A raised alarm's card and the public warnings are there under the map.
      const raised = await callServer(server, 'POST', '/api/v1/alarms', token, {
        source: 'Cầu Long Biên',
        severity: 'high',
        title: 'Ùn tắc trên cầu Long Biên (diễn tập)',
        location: { type: 'Point', coordinates: [105.8569, 21.0435] },
      });
      assert.equal(raised.status, 201, raised.text);
      const id = (JSON.parse(raised.text) as { id: string }).id;
      await page.locator(`li[data-alarm="${id}"]`).waitFor({ timeout: 30_000 });
      await shownBox(page, `li[data-alarm="${id}"]`);
      await shownBox(page, '.warning-list');
      // The list of what is in view opens the inspector, under the map.
      await page.locator('.in-view button.fold').click();
      const item = page.locator('button.in-view-item').first();
      await item.waitFor({ timeout: 30_000 });
      const entity = await item.getAttribute('data-entity');
      await item.click();
      const inspector = await shownBox(page, `.inspector[data-entity="${entity}"]`);
      assert.ok(inspector.height >= 100, 'the inspector is readable');
      // With all that open, the page is longer than the phone: one page scrolled, no pane cut off.
      const scroll = await page.evaluate(() => ({
        height: document.scrollingElement?.scrollHeight ?? 0,
        y: window.scrollY,
      }));
      assert.ok(scroll.height > PHONE.height && scroll.y > 0, `the page scrolls (${scroll.height} px)`);
      await shot('phone');
      await page.getByRole('button', { name: 'Đóng' }).first().click();
    });

    it('skips to the content, opens a map feature from the list and comes back, by keyboard alone', async () => {
      await open(DESKTOP);
      await logIn();
      await page.locator('body').focus();
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
      assert.equal(await skip.innerText(), 'Chuyển đến nội dung chính');
      const box = await skip.boundingBox();
      assert.ok(box && box.y >= 0, 'the skip link shows when it has the focus');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      // On from the main content to the list of what is in view.
      const focused = () =>
        page.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          return { text: e?.innerText ?? '', className: e?.className ?? '', entity: e?.dataset['entity'] ?? '' };
        });
      // Tab by Tab (the map, its buttons, the layers) until the list's button has the focus.
      let presses = 0;
      do {
        await page.keyboard.press('Tab');
        presses++;
      } while (!(await focused()).text.startsWith('Đối tượng trong khung nhìn') && presses < 80);
      assert.ok(presses < 80, 'the list of what is in view is reached by Tab');
      await page.keyboard.press('Enter');
      await page.locator('button.in-view-item').first().waitFor({ timeout: 30_000 });
      // Its groups are the map's layers, each item with its status in words.
      await page
        .locator('.in-view h3', { hasText: /^Trạm quan trắc không khí|^Chất lượng không khí/ })
        .first()
        .waitFor();
      await page.keyboard.press('Tab');
      const chosen = await focused();
      assert.equal(chosen.className, 'in-view-item');
      assert.ok(chosen.entity.startsWith('urn:ngsi-ld:'), "chosen.entity.startsWith('urn:ngsi-ld:')");
      await page.keyboard.press('Enter');
      const inspector = page.locator(`.inspector[data-entity="${chosen.entity}"]`);
      await inspector.waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.classList.contains('inspector')),
        true,
        'the focus is in the inspector',
      );
      await shot('keyboard');
      await page.keyboard.press('Escape');
      await inspector.waitFor({ state: 'detached' });
      assert.equal((await focused()).entity, chosen.entity, 'the focus is back on the item that opened it');
    });

    it('shows relative ages and journal lines in Vietnamese, and no English of its own', async () => {
      const raised = await callServer(server, 'POST', '/api/v1/alarms', token, {
        source: 'Hồ Hoàn Kiếm',
        severity: 'medium',
        title: 'Nước tràn bờ hồ (diễn tập)',
      });
      assert.equal(raised.status, 201, raised.text);
      const id = (JSON.parse(raised.text) as { id: string }).id;
      const card = page.locator(`li[data-alarm="${id}"]`);
      await card.waitFor({ timeout: 30_000 });
      assert.match(await card.innerText(), /từ .*(vừa xong|\d+ phút trước)/);
      // The journal is among the card's further actions (the console keeps cards compact).
      await card.getByRole('button', { name: 'Thêm thao tác và chi tiết' }).click();
      await card.getByRole('button', { name: 'Nhật ký' }).click();
      await card
        .getByRole('list', { name: 'Nhật ký' })
        .getByText(/Phát sinh · admin/)
        .waitFor();
      // The views an operator walks through: the map with its layers and the list of what is in view,
      // a station in the inspector, the alarms with a journal open, the devices.
      const station = page.locator('button.in-view-item[data-entity*="AirQualityObserved"]').first();
      await station.waitFor({ timeout: 30_000 });
      await station.click();
      const inspector = page.locator('.inspector');
      await inspector
        .getByText(/phút trước|vừa xong|giờ trước/)
        .first()
        .waitFor({ timeout: 30_000 });
      await inspector.getByText('Đô thị').or(inspector.getByText('Ngoại thành')).first().waitFor();
      const english = englishTexts();
      assert.ok(english.length > 100, `${english.length} English texts to look for`);
      const untranslated = (words: string) =>
        english.filter((e) =>
          new RegExp(`(^|[^\\p{L}])${e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(words),
        );
      const leftovers = /\b(min|ago|urban|suburban|Zoom in|Zoom out)\b/;
      const views: [string, string][] = [['map with a station', await pageWords(page)]];
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: 'Thiết bị' }).click();
      await page.locator('table.devices tbody tr').first().waitFor({ timeout: 30_000 });
      views.push(['devices', await pageWords(page)]);
      await page.getByRole('link', { name: 'Bản đồ' }).click();
      await page.locator('.kpi-strip').waitFor();
      for (const [view, words] of views) {
        assert.deepEqual(untranslated(words), [], `English on the Vietnamese ${view} page`);
        assert.doesNotMatch(words, leftovers, `English on the Vietnamese ${view} page`);
      }
      // And the same page in English says its own words.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('button', { name: 'In view on the map' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Zoom in' }).count(), 1);
    });
  });
}
